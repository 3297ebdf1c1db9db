using System.Text.Json.Nodes;
using Loyalty.Web.Sandbox.Api;
using Loyalty.Web.Sandbox.Data;

namespace Loyalty.Web.Sandbox.Changes;

/// <summary>
/// Every change to the portal's data, whether a client's REST call or live mode makes it: the portal's own rules
/// (stage semantics, CLOSED, MOVED_TIME, multifield merging, HAS_PHONE…), write-through to the file, and the
/// outbound event. Every method expects to run inside <see cref="SandboxStore.Write{T}"/>.
/// </summary>
internal sealed class SandboxCrm(SandboxStore store, SandboxEvents events, TimeProvider clock)
{
    public SandboxStore Store => store;

    /// <summary>Now, to the second: the portal keeps no fractions.</summary>
    public DateTimeOffset Now
    {
        get
        {
            var now = clock.GetUtcNow();
            return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        }
    }

    public static string EventEntity(EntitySchema schema) =>
        schema == Schemas.Deal ? "DEAL"
        : schema == Schemas.Lead ? "LEAD"
        : schema == Schemas.Contact ? "CONTACT"
        : schema == Schemas.Activity ? "ACTIVITY"
        : throw new InvalidOperationException($"No events for {schema.Name}.");

    // ---- contacts, leads, deals ----

    public long Add(EntityTable table, JsonObject fields, long userId)
    {
        var now = Now;
        var row = table.NewRow();
        var schema = table.Schema;
        row["ASSIGNED_BY_ID"] = userId;
        row["OPENED"] = "Y";
        Apply(table, row, fields, skip: ["CATEGORY_ID", "STAGE_ID", "STATUS_ID"]);
        row["CREATED_BY_ID"] = userId;
        row["MODIFY_BY_ID"] = userId;
        row["DATE_CREATE"] = now;
        row["DATE_MODIFY"] = now;
        row["LAST_ACTIVITY_TIME"] = now;
        row["LAST_ACTIVITY_BY"] = userId;

        if (schema == Schemas.Deal)
        {
            var pipeline = Reference.PipelineById(Values.Long(Values.Text(Field(fields, "CATEGORY_ID"))) ?? -1)
                ?? (Values.Text(Field(fields, "STAGE_ID")) is { } stageId ? Reference.PipelineOfStage(stageId) : null)
                ?? Reference.Pipelines[0];
            var stage = Values.Text(Field(fields, "STAGE_ID")) is { } requested && pipeline.Find(requested) is { } found ? found : pipeline.Stages[0];
            row["TITLE"] = Blank(row["TITLE"]) ? $"Сделка #{row.Id}" : row["TITLE"];
            row["CATEGORY_ID"] = (long)pipeline.Id;
            row["TYPE_ID"] ??= "SALE";
            row["CURRENCY_ID"] ??= "RUB";
            row["OPPORTUNITY"] ??= 0m;
            row["TAX_VALUE"] ??= 0m;
            row["IS_MANUAL_OPPORTUNITY"] ??= "N";
            row["IS_RECURRING"] ??= "N";
            row["IS_RETURN_CUSTOMER"] ??= "N";
            row["IS_REPEATED_APPROACH"] ??= "N";
            row["BEGINDATE"] ??= store.Time.LocalMidnight(now);
            row["CLOSEDATE"] ??= store.Time.LocalMidnight(now.AddDays(7));
            SetDealStage(row, pipeline, stage, now, userId, closeDateGiven: Field(fields, "CLOSEDATE") is not null);
        }
        else if (schema == Schemas.Lead)
        {
            var status = Values.Text(Field(fields, "STATUS_ID")) is { } requested && Reference.LeadStatus(requested) is { } found ? found : Reference.LeadStatuses[0];
            row["TITLE"] = Blank(row["TITLE"]) ? $"Лид #{row.Id}" : row["TITLE"];
            row["CURRENCY_ID"] ??= "RUB";
            row["OPPORTUNITY"] ??= 0m;
            row["IS_MANUAL_OPPORTUNITY"] ??= "N";
            // Setting a contact or company on a new lead marks it as a returning customer's (§5.3).
            row["IS_RETURN_CUSTOMER"] = row["CONTACT_ID"] is not null || row["COMPANY_ID"] is not null ? "Y" : "N";
            SetLeadStatus(row, status, now, userId);
        }
        else if (schema == Schemas.Contact)
        {
            row["TYPE_ID"] ??= "CLIENT";
            row["EXPORT"] ??= "Y";
        }

        UpdateCommunicationFlags(row);
        store.Add(table, row);
        events.Publish($"ONCRM{EventEntity(schema)}ADD", row.Id, now);
        return row.Id;
    }

    public void Update(EntityTable table, Row row, JsonObject fields, long userId)
    {
        var now = Now;
        var schema = table.Schema;
        // CATEGORY_ID is immutable through *.update; a stage of another pipeline is ignored (§5.2).
        Apply(table, row, fields, skip: ["CATEGORY_ID", "STAGE_ID", "STATUS_ID"]);
        if (schema == Schemas.Deal)
        {
            var pipeline = Reference.PipelineById((long)row["CATEGORY_ID"]!) ?? Reference.Pipelines[0];
            if (Values.Text(Field(fields, "STAGE_ID")) is { } stageId && pipeline.Find(stageId) is { } stage && stageId != (string?)row["STAGE_ID"])
            {
                SetDealStage(row, pipeline, stage, now, userId, closeDateGiven: Field(fields, "CLOSEDATE") is not null);
            }
        }
        else if (schema == Schemas.Lead)
        {
            if (Values.Text(Field(fields, "STATUS_ID")) is { } statusId && Reference.LeadStatus(statusId) is { } status && statusId != (string?)row["STATUS_ID"])
            {
                SetLeadStatus(row, status, now, userId);
            }
        }

        UpdateCommunicationFlags(row);
        row["DATE_MODIFY"] = now;
        row["MODIFY_BY_ID"] = userId;
        store.Save(table, row);
        events.Publish($"ONCRM{EventEntity(schema)}UPDATE", row.Id, now);
    }

    public bool Delete(EntityTable table, long id)
    {
        if (!store.Remove(table, id))
        {
            return false;
        }

        events.Publish($"ONCRM{EventEntity(table.Schema)}DELETE", id, Now);
        return true;
    }

    /// <summary>
    /// Converts a lead as a manager does in the lead's card ("Создать на основании": contact + deal): a contact with the
    /// lead's name, phones and e-mails, a deal in the default pipeline's first stage with the lead's title, source,
    /// amount and <c>LEAD_ID</c>, and every user field the deal defines under the same name carried over (the portal
    /// maps same-named fields on conversion); then the lead is CONVERTED and points at the contact. Each step is the
    /// same change a REST call makes, with its event (ONCRMCONTACTADD, ONCRMDEALADD, ONCRMLEADUPDATE). Refused for a
    /// lead already closed (converted or junk). Returns the deal's and the contact's ids.
    /// </summary>
    public (long DealId, long ContactId) ConvertLead(Row lead, long userId)
    {
        if ((string?)lead["STATUS_SEMANTIC_ID"] is "S" or "F")
        {
            throw new RestError(StatusCodes.Status400BadRequest, "ERROR_CORE", "The lead is already closed.");
        }

        var contactFields = new JsonObject();
        foreach (var name in new[] { "NAME", "LAST_NAME", "SECOND_NAME", "SOURCE_ID", "SOURCE_DESCRIPTION" })
        {
            if (lead[name] is string text && text.Length > 0)
            {
                contactFields[name] = text;
            }
        }

        foreach (var multi in new[] { "PHONE", "EMAIL" })
        {
            if (lead[multi] is MultiValue[] { Length: > 0 } values)
            {
                contactFields[multi] = new JsonArray([.. values.Select(v => (JsonNode)new JsonObject { ["VALUE"] = v.Value, ["VALUE_TYPE"] = v.ValueType })]);
            }
        }

        var contactId = lead["CONTACT_ID"] is long existing && store.Contacts.Find(existing) is not null ? existing : Add(store.Contacts, contactFields, userId);
        if (store.Contacts.Find(contactId) is { } contact && contact["LEAD_ID"] is null)
        {
            contact["LEAD_ID"] = lead.Id;
            store.Save(store.Contacts, contact);
        }

        var dealFields = new JsonObject
        {
            ["TITLE"] = (string?)lead["TITLE"] ?? $"Сделка по лиду #{lead.Id}",
            ["CONTACT_ID"] = contactId,
            ["LEAD_ID"] = lead.Id,
            ["OPPORTUNITY"] = lead["OPPORTUNITY"] is decimal amount ? amount : 0m,
            ["CURRENCY_ID"] = (string?)lead["CURRENCY_ID"] ?? "RUB",
        };
        foreach (var name in new[] { "SOURCE_ID", "SOURCE_DESCRIPTION", "ASSIGNED_BY_ID" })
        {
            dealFields[name] = lead[name] switch
            {
                string text => text,
                long number => number,
                _ => null,
            };
        }

        foreach (var (name, value) in lead.Custom ?? [])
        {
            if (store.Deals.FindUserField(name) is not null && value is not null)
            {
                dealFields[name] = value.DeepClone();
            }
        }

        var dealId = Add(store.Deals, dealFields, userId);
        Update(store.Leads, lead, new JsonObject { ["STATUS_ID"] = "CONVERTED", ["CONTACT_ID"] = contactId }, userId);
        return (dealId, contactId);
    }

    /// <summary>Moves a deal to a stage of its pipeline as a manager does on the kanban: the same change as crm.deal.update with STAGE_ID.</summary>
    public void MoveDeal(Row deal, string stageId, long userId)
    {
        var pipeline = Reference.PipelineById((long)deal["CATEGORY_ID"]!) ?? Reference.Pipelines[0];
        if (pipeline.Find(stageId) is null)
        {
            throw new RestError(StatusCodes.Status400BadRequest, "ERROR_CORE", $"The stage {stageId} is not in the deal's pipeline.");
        }

        Update(store.Deals, deal, new JsonObject { ["STAGE_ID"] = stageId }, userId);
    }

    // ---- activities (live mode) ----

    /// <summary>A finished call, logged the way telephony logs it: created when it ends, completed at once.</summary>
    public long AddCall(long ownerType, long ownerId, long responsibleId, string phone, bool incoming, TimeSpan duration)
    {
        var now = Now;
        var table = store.Activities;
        var row = table.NewRow();
        var start = now - duration;
        row["OWNER_ID"] = ownerId;
        row["OWNER_TYPE_ID"] = ownerType;
        row["TYPE_ID"] = 2L;
        row["PROVIDER_ID"] = "VOXIMPLANT_CALL";
        row["PROVIDER_TYPE_ID"] = "CALL";
        row["SUBJECT"] = (incoming ? "Входящий звонок " : "Исходящий звонок ") + phone;
        row["CREATED"] = now;
        row["LAST_UPDATED"] = now;
        row["START_TIME"] = start;
        row["END_TIME"] = now;
        row["DEADLINE"] = now;
        row["COMPLETED"] = "Y";
        row["STATUS"] = 2L;
        row["RESPONSIBLE_ID"] = responsibleId;
        row["PRIORITY"] = 2L;
        row["NOTIFY_TYPE"] = 0L;
        row["NOTIFY_VALUE"] = 0L;
        row["DESCRIPTION"] = "";
        row["DESCRIPTION_TYPE"] = 1L;
        row["DIRECTION"] = incoming ? 1L : 2L;
        row["LOCATION"] = "";
        row["SETTINGS"] = new JsonArray();
        row["ORIGIN_ID"] = $"VI_{now.ToUnixTimeSeconds():x}{row.Id:x}";
        row["AUTHOR_ID"] = responsibleId;
        row["EDITOR_ID"] = responsibleId;
        row["PROVIDER_PARAMS"] = new JsonArray();
        row["RESULT_MARK"] = 0L;
        row["RESULT_STATUS"] = 0L;
        row["RESULT_STREAM"] = 0L;
        row["AUTOCOMPLETE_RULE"] = 0L;
        store.Add(table, row);
        events.Publish("ONCRMACTIVITYADD", row.Id, now);
        return row.Id;
    }

    // ---- tasks ----

    public Row AddTask(JsonObject fields, long userId)
    {
        var now = Now;
        var table = store.Tasks;
        if (string.IsNullOrWhiteSpace(Values.Text(Field(fields, "TITLE"))))
        {
            throw new RestError(StatusCodes.Status400BadRequest, "ERROR_CORE", "Не указано название задачи (TITLE)");
        }

        if (Values.Long(Values.Text(Field(fields, "RESPONSIBLE_ID"))) is not > 0)
        {
            throw new RestError(StatusCodes.Status400BadRequest, "ERROR_CORE", "Не указан ответственный (RESPONSIBLE_ID)");
        }

        var row = table.NewRow();
        row["CREATED_BY"] = userId;
        row["PRIORITY"] = 1L;
        row["GROUP_ID"] = 0L;
        row["STAGE_ID"] = 0L;
        row["MULTITASK"] = "N";
        row["REPLICATE"] = "N";
        row["ALLOW_CHANGE_DEADLINE"] = "Y";
        row["TASK_CONTROL"] = "N";
        row["UF_CRM_TASK"] = Array.Empty<string>();
        Apply(table, row, fields, skip: []);
        // STATUS is the meta status on the way out; on the way in it sets the real one.
        var status = Values.Long(Values.Text(Field(fields, "STATUS"))) is { } requested and >= 1 and <= 7 ? requested : 2L;
        row["REAL_STATUS"] = status;
        row["NOT_VIEWED"] = "N";
        row["CREATED_DATE"] = now;
        row["CHANGED_BY"] = userId;
        row["CHANGED_DATE"] = now;
        row["STATUS_CHANGED_BY"] = userId;
        row["STATUS_CHANGED_DATE"] = now;
        row["ACTIVITY_DATE"] = now;
        if (status == 5)
        {
            row["CLOSED_BY"] = userId;
            row["CLOSED_DATE"] = now;
        }

        store.Add(table, row);
        // Task events carry the id under FIELDS_AFTER, unlike the CRM's FIELDS.
        events.Publish("ONTASKADD", row.Id, now, "FIELDS_AFTER");
        return row;
    }

    public void CompleteTask(Row row, long userId)
    {
        var now = Now;
        row["REAL_STATUS"] = 5L;
        row["CLOSED_BY"] = userId;
        row["CLOSED_DATE"] = now;
        row["CHANGED_BY"] = userId;
        row["CHANGED_DATE"] = now;
        row["STATUS_CHANGED_BY"] = userId;
        row["STATUS_CHANGED_DATE"] = now;
        row["ACTIVITY_DATE"] = now;
        store.Save(store.Tasks, row);
        events.Publish("ONTASKUPDATE", row.Id, now, "FIELDS_AFTER");
    }

    // ---- write-back only: comments and notifications ----

    public long AddTimelineComment(long entityId, string entityType, string comment, long userId)
    {
        var now = Now;
        var table = store.TimelineComments;
        var row = table.NewRow();
        row["ENTITY_ID"] = entityId;
        row["ENTITY_TYPE"] = entityType;
        row["COMMENT"] = comment;
        row["AUTHOR_ID"] = userId;
        row["CREATED"] = now;
        store.Add(table, row);
        events.Publish("ONCRMTIMELINECOMMENTADD", row.Id, now);
        return row.Id;
    }

    public long AddNotification(long toUserId, string message, string? messageOut, string? tag, string? subTag, long userId)
    {
        var table = store.Notifications;
        var row = table.NewRow();
        row["USER_ID"] = toUserId;
        row["MESSAGE"] = message;
        row["MESSAGE_OUT"] = messageOut;
        row["TAG"] = tag;
        row["SUB_TAG"] = subTag;
        row["AUTHOR_ID"] = userId;
        row["DATE_CREATE"] = Now;
        store.Add(table, row);
        return row.Id;
    }

    // ---- the portal's rules ----

    private void SetDealStage(Row row, Pipeline pipeline, Stage stage, DateTimeOffset now, long userId, bool closeDateGiven)
    {
        row["STAGE_ID"] = stage.StatusId;
        row["STAGE_SEMANTIC_ID"] = stage.Semantic.ToString();
        row["CLOSED"] = stage.IsFinal ? "Y" : "N";
        row["IS_NEW"] = stage == pipeline.Stages[0] ? "Y" : "N";
        row["MOVED_TIME"] = now;
        row["MOVED_BY_ID"] = userId;
        if (stage.IsFinal && !closeDateGiven)
        {
            // Closing a deal dates it today unless the caller set CLOSEDATE itself.
            row["CLOSEDATE"] = store.Time.LocalMidnight(now);
        }
    }

    private static void SetLeadStatus(Row row, Stage status, DateTimeOffset now, long userId)
    {
        row["STATUS_ID"] = status.StatusId;
        row["STATUS_SEMANTIC_ID"] = status.Semantic.ToString();
        row["MOVED_TIME"] = now;
        row["MOVED_BY_ID"] = userId;
        row["DATE_CLOSED"] = status.IsFinal ? now : null;
    }

    private static void UpdateCommunicationFlags(Row row)
    {
        if (row.Schema.Find("HAS_PHONE") is null)
        {
            return;
        }

        row["HAS_PHONE"] = row["PHONE"] is MultiValue[] { Length: > 0 } ? "Y" : "N";
        row["HAS_EMAIL"] = row["EMAIL"] is MultiValue[] { Length: > 0 } ? "Y" : "N";
        row["HAS_IMOL"] ??= "N";
    }

    /// <summary>
    /// Copies <c>fields</c> onto a row. Unknown and read-only keys are ignored silently, as the portal ignores them
    /// (§5.2, §7.11); so is a user field not defined for the entity (§5.13): only defined ones are stored, typed by USER_TYPE_ID.
    /// </summary>
    private void Apply(EntityTable table, Row row, JsonObject fields, string[] skip)
    {
        var schema = table.Schema;
        foreach (var (key, value) in fields)
        {
            if (skip.Contains(key, StringComparer.Ordinal))
            {
                continue;
            }

            if (table.FindUserField(key) is { } userField)
            {
                row.Custom ??= [];
                row.Custom[key] = UserFieldValues.Coerce(userField, value, store.Time);
                continue;
            }

            if (schema.Find(key) is not { ReadOnly: false } field)
            {
                continue;
            }

            row[field] = field.Kind == FieldKind.Multi
                ? MergeMultiField(field.Name, row[field] as MultiValue[] ?? [], value)
                : Values.Coerce(field.Kind, value, store.Time);
        }
    }

    /// <summary>
    /// §5.4: an item with ID changes that entry (or deletes it with DELETE=Y or an empty VALUE), an item without ID
    /// is added, and entries not mentioned stay: it is a merge, not a replace.
    /// </summary>
    private MultiValue[] MergeMultiField(string typeId, MultiValue[] current, JsonNode? items)
    {
        var result = current.ToList();
        foreach (var item in Values.Items(items))
        {
            if (item is not JsonObject entry)
            {
                continue;
            }

            var value = Values.Text(Field(entry, "VALUE"))?.Trim();
            var valueType = Values.Text(Field(entry, "VALUE_TYPE")) is { Length: > 0 } type ? type : null;
            if (Values.Long(Values.Text(Field(entry, "ID"))) is { } id)
            {
                var index = result.FindIndex(m => m.Id == id);
                if (index < 0)
                {
                    continue;
                }

                if (Values.Text(Field(entry, "DELETE")) == "Y" || string.IsNullOrEmpty(value))
                {
                    result.RemoveAt(index);
                }
                else
                {
                    result[index] = result[index] with { Value = value, ValueType = valueType ?? result[index].ValueType };
                }
            }
            else if (!string.IsNullOrEmpty(value))
            {
                result.Add(new MultiValue(store.TakeMultiId(), typeId, valueType ?? "WORK", value));
            }
        }

        return [.. result];
    }

    private static JsonNode? Field(JsonObject fields, string name) => fields.TryGetPropertyValue(name, out var value) ? value : null;

    private static bool Blank(object? value) => value is null or "";
}
