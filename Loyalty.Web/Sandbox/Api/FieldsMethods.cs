using System.Text.Json.Nodes;
using Loyalty.Web.Sandbox.Data;

namespace Loyalty.Web.Sandbox.Api;

/// <summary>
/// crm.{deal|contact|lead|activity}.fields (§2.2; b24restdocs crm/deals/crm-deal-fields.md): every field keyed by
/// name with <c>type, isRequired, isReadOnly, isImmutable, isMultiple, isDynamic, title</c> (+ <c>statusType</c> for
/// reference lists), then the user fields defined for the entity with their labels and settings.
/// </summary>
internal sealed class FieldsMethods(SandboxStore store)
{
    /// <summary>Y/N flags: the docs type them <c>char</c>.</summary>
    private static readonly HashSet<string> Flags =
    [
        "OPENED", "CLOSED", "IS_NEW", "IS_RECURRING", "IS_RETURN_CUSTOMER", "IS_REPEATED_APPROACH", "IS_MANUAL_OPPORTUNITY", "EXPORT",
        "HAS_PHONE", "HAS_EMAIL", "HAS_IMOL", "COMPLETED",
    ];

    /// <summary>Fields that name a record or a reference list, by the type the docs give them.</summary>
    private static readonly Dictionary<string, string> References = new(StringComparer.Ordinal)
    {
        ["COMPANY_ID"] = "crm_company", ["CONTACT_ID"] = "crm_contact", ["LEAD_ID"] = "crm_lead", ["QUOTE_ID"] = "crm_quote",
        ["CATEGORY_ID"] = "crm_category", ["CURRENCY_ID"] = "crm_currency", ["RESULT_CURRENCY_ID"] = "crm_currency", ["LOCATION_ID"] = "location",
        ["ASSIGNED_BY_ID"] = "user", ["CREATED_BY_ID"] = "user", ["MODIFY_BY_ID"] = "user", ["MOVED_BY_ID"] = "user",
        ["LAST_ACTIVITY_BY"] = "user", ["RESPONSIBLE_ID"] = "user", ["AUTHOR_ID"] = "user", ["EDITOR_ID"] = "user",
    };

    private static readonly string[] Titled =
    [
        "ID:ID", "TITLE:Title", "TYPE_ID:Type", "CATEGORY_ID:Pipeline", "STAGE_ID:Stage", "STAGE_SEMANTIC_ID:Stage group", "STATUS_ID:Status",
        "STATUS_SEMANTIC_ID:Status group", "OPPORTUNITY:Amount", "CURRENCY_ID:Currency", "COMPANY_ID:Company", "CONTACT_ID:Contact",
        "LEAD_ID:Lead", "ASSIGNED_BY_ID:Responsible person", "CREATED_BY_ID:Created by", "MODIFY_BY_ID:Modified by",
        "DATE_CREATE:Created on", "DATE_MODIFY:Modified on", "BEGINDATE:Start date", "CLOSEDATE:End date", "CLOSED:Closed",
        "OPENED:Available to everyone", "COMMENTS:Comment", "SOURCE_ID:Source", "SOURCE_DESCRIPTION:Source information",
        "NAME:Name", "SECOND_NAME:Second name", "LAST_NAME:Last name", "BIRTHDATE:Date of birth", "POST:Position",
        "PHONE:Phone", "EMAIL:E-mail", "WEB:Website", "IM:Messenger", "SUBJECT:Subject", "OWNER_ID:Owner ID", "OWNER_TYPE_ID:Owner type",
    ];

    private static readonly Dictionary<string, string> Titles = Titled.Select(t => t.Split(':', 2)).ToDictionary(t => t[0], t => t[1], StringComparer.Ordinal);

    public void Register(SandboxMethods methods)
    {
        foreach (var (prefix, table) in new[] { ("crm.deal", store.Deals), ("crm.contact", store.Contacts), ("crm.lead", store.Leads), ("crm.activity", store.Activities) })
        {
            methods.Add($"{prefix}.fields", call => store.Read(() => new MethodResult(Describe(table, Language(call)))));
        }
    }

    private static JsonObject Describe(EntityTable table, string language)
    {
        var schema = table.Schema;
        var result = new JsonObject();
        foreach (var field in schema.Fields)
        {
            var description = new JsonObject
            {
                ["type"] = TypeOf(field),
                ["isRequired"] = false,
                ["isReadOnly"] = field.ReadOnly,
                // A deal's pipeline cannot be changed through crm.deal.update (§5.2).
                ["isImmutable"] = field.Name == "CATEGORY_ID",
                ["isMultiple"] = field.Kind == FieldKind.Multi,
                ["isDynamic"] = false,
            };
            if (StatusType(schema, field.Name) is { } statusType)
            {
                description["statusType"] = statusType;
            }

            description["title"] = Titles.GetValueOrDefault(field.Name, field.Name);
            result[field.Name] = description;
        }

        foreach (var field in table.UserFields)
        {
            var description = new JsonObject
            {
                ["type"] = field.UserTypeId,
                ["isRequired"] = field.Mandatory,
                ["isReadOnly"] = false,
                ["isImmutable"] = false,
                ["isMultiple"] = field.Multiple,
                ["isDynamic"] = true,
            };
            if (field.UserTypeId == "enumeration")
            {
                description["items"] = new JsonArray([.. field.List.OfType<JsonObject>().Select(i => (JsonNode)new JsonObject { ["ID"] = i["ID"]?.DeepClone(), ["VALUE"] = i["VALUE"]?.DeepClone() })]);
            }

            // The classic methods title a user field with its name; the reader's words are in the labels.
            description["title"] = field.FieldName;
            description["listLabel"] = field.Label("LIST_COLUMN_LABEL", language) ?? field.FieldName;
            description["formLabel"] = field.Label("EDIT_FORM_LABEL", language) ?? field.FieldName;
            description["filterLabel"] = field.Label("LIST_FILTER_LABEL", language) ?? field.FieldName;
            description["settings"] = field.Settings.Count == 0 ? new JsonArray() : field.Settings.DeepClone();
            result[field.FieldName] = description;
        }

        return result;
    }

    private static string TypeOf(FieldDef field) => field.Name switch
    {
        _ when References.TryGetValue(field.Name, out var reference) => reference,
        _ when Flags.Contains(field.Name) => "char",
        "TYPE_ID" or "STAGE_ID" or "STATUS_ID" or "SOURCE_ID" or "HONORIFIC" when field.Kind == FieldKind.Text => "crm_status",
        _ => field.Kind switch
        {
            FieldKind.Int or FieldKind.Number => "integer",
            FieldKind.Money => "double",
            FieldKind.DateTime => "datetime",
            FieldKind.Date => "date",
            FieldKind.Multi => "crm_multifield",
            FieldKind.Json => "object",
            _ => "string",
        },
    };

    private static string? StatusType(EntitySchema schema, string name) => name switch
    {
        "STAGE_ID" when schema == Schemas.Deal => "DEAL_STAGE",
        "TYPE_ID" when schema == Schemas.Deal => "DEAL_TYPE",
        "TYPE_ID" when schema == Schemas.Contact => "CONTACT_TYPE",
        "STATUS_ID" when schema == Schemas.Lead => "STATUS",
        "SOURCE_ID" when schema.CustomFields => "SOURCE",
        "HONORIFIC" => "HONORIFIC",
        _ => null,
    };

    /// <summary>Labels in the language of the call's <c>LANG</c> parameter, else the portal's own (Russian).</summary>
    private static string Language(MethodCall call) => Values.Text(PhpParams.Get(call.Parameters, "LANG", "lang"))?.Trim().ToLowerInvariant() is { Length: > 0 } lang ? lang : "ru";
}
