using System.Text.Json;
using Loyalty.Core.Bitrix24;
using Loyalty.Core.Crm;
using Loyalty.Core.Data;

namespace Loyalty.Core.Sync;

/// <summary>
/// Bitrix24 rows → mirror records. Pure: no database, no clock (the caller stamps <c>SyncedAt</c>).
/// A value of the wrong shape, an amount beyond <see cref="Money"/>'s range or a date outside
/// <see cref="EarliestDate"/>…<see cref="LatestDate"/> throws <see cref="Bitrix24FormatException"/>, which the
/// sync records against the row's ID and skips.
/// </summary>
public static class CrmMapping
{
    /// <summary>
    /// The dates the mirror takes. Bitrix24 keeps dates as MySQL DATETIME (years 1000–9999), so a typo such as
    /// 01.01.0001 or 31.12.9999 reaches us intact; near either end the portal's own arithmetic (time zones, periods,
    /// "the next day") leaves <see cref="DateTime"/>'s range. No CRM fact happens before 1900 or after 2999.
    /// </summary>
    public static readonly DateTime EarliestDate = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static readonly DateTime LatestDate = new(3000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static readonly string[] ContactSelect =
        ["ID", "NAME", "LAST_NAME", "SECOND_NAME", "PHONE", "EMAIL", "ASSIGNED_BY_ID", "COMPANY_ID", "SOURCE_ID", "DATE_CREATE", "DATE_MODIFY", "UF_*"];

    public static readonly string[] LeadSelect =
        ["ID", "TITLE", "NAME", "LAST_NAME", "STATUS_ID", "SOURCE_ID", "ASSIGNED_BY_ID", "CONTACT_ID", "COMPANY_ID", "OPPORTUNITY", "CURRENCY_ID", "PHONE", "EMAIL", "DATE_CREATE", "DATE_MODIFY", "UF_*"];

    public static readonly string[] DealSelect =
        ["ID", "TITLE", "CATEGORY_ID", "STAGE_ID", "STAGE_SEMANTIC_ID", "OPPORTUNITY", "CURRENCY_ID", "CONTACT_ID", "COMPANY_ID", "LEAD_ID", "ASSIGNED_BY_ID", "SOURCE_ID", "DATE_CREATE", "DATE_MODIFY", "MOVED_TIME", "CLOSEDATE", "CLOSED", "UF_*"];

    public static readonly string[] ActivitySelect =
        ["ID", "OWNER_TYPE_ID", "OWNER_ID", "TYPE_ID", "PROVIDER_ID", "SUBJECT", "DIRECTION", "COMPLETED", "RESPONSIBLE_ID", "CREATED", "LAST_UPDATED", "START_TIME", "END_TIME", "DEADLINE"];

    public static readonly string[] TaskSelect =
        ["ID", "TITLE", "RESPONSIBLE_ID", "REAL_STATUS", "CREATED_DATE", "CHANGED_DATE", "DEADLINE", "CLOSED_DATE"];

    public static Department Department(Bitrix24Row row) => new()
    {
        Id = Id(row, "ID"),
        Name = row.String("NAME") ?? "",
        ParentId = row.Long("PARENT"),
        HeadEmployeeId = row.Long("UF_HEAD") is > 0 and var head ? head : null,
        Sort = (int)(row.Long("SORT") ?? 0),
    };

    public static Employee Employee(Bitrix24Row row) => new()
    {
        Id = Id(row, "ID"),
        FirstName = row.String("NAME") ?? "",
        LastName = row.String("LAST_NAME") ?? "",
        Email = row.String("EMAIL"),
        Position = row.String("WORK_POSITION"),
        Active = row.Bool("ACTIVE") ?? true,
        DepartmentId = row.LongList("UF_DEPARTMENT") is [var first, ..] ? first : null,
        PhotoUrl = row.String("PERSONAL_PHOTO"),
    };

    public static Pipeline Pipeline(Bitrix24Row row) => new()
    {
        Id = Id(row, "id"),
        Name = row.String("name") ?? "",
        Sort = (int)(row.Long("sort") ?? 0),
        IsDefault = row.Bool("isDefault") ?? row.Long("id") == 0,
    };

    /// <summary>A crm.status.list row, or null for the status lists the mirror does not keep (sources, deal types, …).</summary>
    public static Stage? Stage(Bitrix24Row row)
    {
        var entityId = row.String("ENTITY_ID") ?? "";
        var code = row.String("STATUS_ID") ?? throw new Bitrix24FormatException("STATUS_ID", "", "a status code", Bitrix24ValueKind.Code);
        StageEntity entity;
        long? pipeline;
        if (entityId == "STATUS")
        {
            (entity, pipeline) = (StageEntity.Lead, null);
        }
        else if (entityId == "DEAL_STAGE")
        {
            (entity, pipeline) = (StageEntity.Deal, 0);
        }
        else if (entityId.StartsWith("DEAL_STAGE_", StringComparison.Ordinal) && long.TryParse(entityId["DEAL_STAGE_".Length..], out var category))
        {
            (entity, pipeline) = (StageEntity.Deal, category);
        }
        else
        {
            return null;
        }

        return new Stage
        {
            Key = Crm.Stage.KeyOf(entity, code),
            Entity = entity,
            Code = code,
            PipelineId = pipeline,
            Name = row.String("NAME") ?? code,
            Sort = (int)(row.Long("SORT") ?? 0),
            Semantics = Semantics(row.String("SEMANTICS"), "SEMANTICS"),
        };
    }

    public static Currency Currency(Bitrix24Row row) => new()
    {
        Code = row.String("CURRENCY") ?? throw new Bitrix24FormatException("CURRENCY", "", "a currency code", Bitrix24ValueKind.Code),
        IsBase = row.Bool("BASE") ?? false,
        Rate = row.Decimal("AMOUNT") ?? 1,
        AmountCount = (int)(row.Long("AMOUNT_CNT") ?? 1),
    };

    public static Contact Contact(Bitrix24Row row)
    {
        var phones = row.Multi("PHONE");
        var emails = row.Multi("EMAIL");
        return new Contact
        {
            Id = Id(row, "ID"),
            FirstName = row.String("NAME") ?? "",
            LastName = row.String("LAST_NAME") ?? "",
            SecondName = row.String("SECOND_NAME"),
            Phones = Join(phones),
            Emails = Join(emails),
            PhoneDigits = FirstPhoneDigits(phones),
            EmailNormalized = FirstEmail(emails),
            AssignedById = row.Long("ASSIGNED_BY_ID"),
            CompanyId = Link(row, "COMPANY_ID"),
            SourceId = row.String("SOURCE_ID"),
            CreatedAt = Date(row, "DATE_CREATE"),
            ModifiedAt = Date(row, "DATE_MODIFY"),
            UserFields = UserFields(row),
        };
    }

    public static Lead Lead(Bitrix24Row row)
    {
        var phones = row.Multi("PHONE");
        var emails = row.Multi("EMAIL");
        return new Lead
        {
            Id = Id(row, "ID"),
            Title = row.String("TITLE") ?? "",
            FirstName = row.String("NAME"),
            LastName = row.String("LAST_NAME"),
            StatusId = row.String("STATUS_ID") ?? "",
            SourceId = row.String("SOURCE_ID"),
            AssignedById = row.Long("ASSIGNED_BY_ID"),
            ContactId = Link(row, "CONTACT_ID"),
            CompanyId = Link(row, "COMPANY_ID"),
            Amount = Amount(row, "OPPORTUNITY"),
            CurrencyId = row.String("CURRENCY_ID"),
            PhoneDigits = FirstPhoneDigits(phones),
            EmailNormalized = FirstEmail(emails),
            CreatedAt = Date(row, "DATE_CREATE"),
            ModifiedAt = Date(row, "DATE_MODIFY"),
            UserFields = UserFields(row),
        };
    }

    public static Deal Deal(Bitrix24Row row) => new()
    {
        Id = Id(row, "ID"),
        Title = row.String("TITLE") ?? "",
        PipelineId = row.Long("CATEGORY_ID") ?? 0,
        StageId = row.String("STAGE_ID") ?? throw new Bitrix24FormatException("STAGE_ID", "", "a stage code", Bitrix24ValueKind.Code),
        // STAGE_SEMANTIC_ID decides success and failure; stage codes of other pipelines are prefixed (C3:WON).
        Semantics = Semantics(row.String("STAGE_SEMANTIC_ID"), "STAGE_SEMANTIC_ID"),
        Amount = Amount(row, "OPPORTUNITY"),
        CurrencyId = row.String("CURRENCY_ID"),
        ContactId = Link(row, "CONTACT_ID"),
        CompanyId = Link(row, "COMPANY_ID"),
        LeadId = Link(row, "LEAD_ID"),
        AssignedById = row.Long("ASSIGNED_BY_ID"),
        SourceId = row.String("SOURCE_ID"),
        CreatedAt = Date(row, "DATE_CREATE"),
        ModifiedAt = Date(row, "DATE_MODIFY"),
        MovedAt = Date(row, "MOVED_TIME"),
        ClosedAt = row.Bool("CLOSED") == true ? Date(row, "CLOSEDATE") : null,
        UserFields = UserFields(row),
    };

    public static Activity Activity(Bitrix24Row row)
    {
        var typeId = (int)(row.Long("TYPE_ID") ?? 0);
        return new Activity
        {
            Id = Id(row, "ID"),
            OwnerTypeId = (int)(row.Long("OWNER_TYPE_ID") ?? 0),
            OwnerId = row.Long("OWNER_ID") ?? 0,
            TypeId = typeId,
            Kind = typeId switch
            {
                1 => ActivityKind.Meeting,
                2 => ActivityKind.Call,
                3 => ActivityKind.Task,
                4 => ActivityKind.Email,
                _ => ActivityKind.Other,
            },
            ProviderId = row.String("PROVIDER_ID"),
            Subject = Truncate(row.String("SUBJECT"), 500),
            Direction = (int)(row.Long("DIRECTION") ?? 0),
            Completed = row.Bool("COMPLETED") ?? false,
            ResponsibleId = row.Long("RESPONSIBLE_ID"),
            CreatedAt = Date(row, "CREATED"),
            ModifiedAt = Date(row, "LAST_UPDATED"),
            StartTime = Date(row, "START_TIME"),
            EndTime = Date(row, "END_TIME"),
            Deadline = Date(row, "DEADLINE"),
        };
    }

    /// <summary>tasks.task.list answers in camelCase, whatever the select said.</summary>
    public static CrmTask Task(Bitrix24Row row) => new()
    {
        Id = Id(row, "id"),
        Title = Truncate(row.String("title"), 500) ?? "",
        ResponsibleId = row.Long("responsibleId"),
        Status = (int)(row.Long("realStatus") ?? row.Long("status") ?? 0),
        CreatedAt = Date(row, "createdDate"),
        ModifiedAt = Date(row, "changedDate"),
        Deadline = Date(row, "deadline"),
        ClosedAt = Date(row, "closedDate"),
    };

    /// <summary>"+7 (999) 123-45-67" → "79991234567"; a Russian 8-prefixed number becomes 7….</summary>
    public static string? PhoneDigits(string phone)
    {
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length == 11 && digits[0] == '8')
        {
            digits = "7" + digits[1..];
        }
        else if (digits.Length == 10 && digits[0] == '9')
        {
            digits = "7" + digits;
        }

        return digits.Length == 0 ? null : digits;
    }

    private static string? FirstPhoneDigits(IReadOnlyList<Bitrix24MultiField> phones) => phones.Count > 0 ? PhoneDigits(phones[0].Value) : null;

    private static string? FirstEmail(IReadOnlyList<Bitrix24MultiField> emails) => emails.Count > 0 ? emails[0].Value.Trim().ToLowerInvariant() : null;

    private static long Id(Bitrix24Row row, string key)
    {
        long? id;
        try
        {
            id = row.Long(key);
        }
        catch (Bitrix24FormatException ex)
        {
            throw new Bitrix24FormatException(key, ex.Value, "an ID", Bitrix24ValueKind.Id);
        }

        return id is >= 0 ? id.Value : throw new Bitrix24FormatException(key, row.String(key) ?? "", "an ID", Bitrix24ValueKind.Id);
    }

    /// <summary>An amount within <see cref="Money"/>'s range; absent is zero.</summary>
    private static Money Amount(Bitrix24Row row, string key) =>
        row.Decimal(key) is not { } amount ? Money.Zero
        : Money.TryFromDecimal(amount, out var money) ? money
        : throw new Bitrix24FormatException(key, row.String(key) ?? "", $"an amount within ±{Money.MaxValue}", Bitrix24ValueKind.Amount);

    /// <summary>A date-time with offset between <see cref="EarliestDate"/> and <see cref="LatestDate"/>, as UTC.</summary>
    private static DateTime? Date(Bitrix24Row row, string key) =>
        row.Utc(key) is not { } date ? null
        : date >= EarliestDate && date < LatestDate ? date
        : throw new Bitrix24FormatException(key, row.String(key) ?? "", "a date between 1900 and 2999", Bitrix24ValueKind.DateTime);

    /// <summary>A link to another entity: absent, null, "" and "0" all mean none.</summary>
    private static long? Link(Bitrix24Row row, string key) => row.Long(key) is > 0 and var id ? id : null;

    private static StageSemantics Semantics(string? code, string field) => code switch
    {
        null or "P" or "process" => StageSemantics.InProgress,
        "S" or "success" => StageSemantics.Success,
        "F" or "failure" or "apology" => StageSemantics.Failure,
        _ => throw new Bitrix24FormatException(field, code, "P, S or F", Bitrix24ValueKind.Code),
    };

    private static string? Join(IReadOnlyList<Bitrix24MultiField> fields) =>
        fields.Count == 0 ? null : string.Join("; ", fields.Select(f => f.Value));

    private static string? Truncate(string? text, int length) => text is null || text.Length <= length ? text : text[..length];

    private static string? UserFields(Bitrix24Row row)
    {
        if (row.Raw.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var fields = row.Raw.EnumerateObject().Where(p => p.Name.StartsWith("UF_", StringComparison.Ordinal)).ToList();
        if (fields.Count == 0)
        {
            return null;
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var field in fields.OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                field.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
