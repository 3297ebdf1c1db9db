using System.Text.RegularExpressions;

namespace Loyalty.Core.Bitrix24.UserFields;

/// <summary>The CRM record a user field belongs to; each has its own <c>crm.{name}.userfield.*</c> methods.</summary>
public enum CrmFieldEntity
{
    Contact,
    Deal,
    Lead,
}

/// <summary>A user field's type as Bitrix24 names it in <c>USER_TYPE_ID</c> (only the types the portal uses).</summary>
public enum UserFieldType
{
    String,
    Integer,
    Double,
    Boolean,
    Url,
}

/// <summary>The program that reads or writes a field: its fields are created once the program is in use.</summary>
public enum FieldProgram
{
    Bonuses,
    Promoters,
    Nps,
}

/// <summary>One Bitrix24 user field the portal reads or writes: where it lives, its code and type, its labels, and who needs it.</summary>
public sealed record PortalUserField(CrmFieldEntity Entity, string Code, UserFieldType Type, FieldProgram Program, string LabelRu, string LabelEn, bool Multiple = false)
{
    /// <summary>The name <c>*.userfield.add</c> takes: without <c>UF_CRM_</c>, which the portal adds.</summary>
    public string FieldName => Code[UserFieldNames.Prefix.Length..];

    /// <summary>Bitrix24's <c>USER_TYPE_ID</c>.</summary>
    public string TypeId => UserFieldNames.TypeId(Type);
}

/// <summary>The rule every CRM user field's name follows, and the method names per record.</summary>
public static partial class UserFieldNames
{
    public const string Prefix = "UF_CRM_";

    /// <summary>The whole name, <c>UF_CRM_</c> included, is at most 20 characters (13 after the prefix).</summary>
    public const int MaxLength = 20;

    /// <summary>True when <paramref name="code"/> is a name Bitrix24 can hold: <c>UF_CRM_</c> then 1–13 of A–Z, 0–9, _.</summary>
    public static bool IsValid(string? code) => code is not null && code.Length <= MaxLength && Pattern().IsMatch(code);

    /// <summary>True for a name of the right characters that is only too long (<c>UF_CRM_LOYALTY_BALANCE</c>).</summary>
    public static bool IsTooLong(string? code) => code is not null && code.Length > MaxLength && LongPattern().IsMatch(code);

    /// <summary><c>crm.contact</c>, <c>crm.deal</c>, <c>crm.lead</c>.</summary>
    public static string MethodPrefix(CrmFieldEntity entity) => entity switch
    {
        CrmFieldEntity.Contact => "crm.contact",
        CrmFieldEntity.Deal => "crm.deal",
        _ => "crm.lead",
    };

    /// <summary>The record a write-back method updates (<c>crm.contact.update</c> → contact); null for other methods.</summary>
    public static CrmFieldEntity? EntityOfUpdate(string method) => method.ToLowerInvariant() switch
    {
        "crm.contact.update" => CrmFieldEntity.Contact,
        "crm.deal.update" => CrmFieldEntity.Deal,
        "crm.lead.update" => CrmFieldEntity.Lead,
        _ => null,
    };

    public static string TypeId(UserFieldType type) => type switch
    {
        UserFieldType.String => "string",
        UserFieldType.Integer => "integer",
        UserFieldType.Double => "double",
        UserFieldType.Boolean => "boolean",
        _ => "url",
    };

    [GeneratedRegex("^UF_CRM_[A-Z0-9_]{1,13}$")]
    private static partial Regex Pattern();

    [GeneratedRegex("^UF_CRM_[A-Z0-9_]+$")]
    private static partial Regex LongPattern();
}

/// <summary>
/// Every user field the portal reads or writes in Bitrix24 (decision 015). The bonus program's are created now; the
/// coming programs' (promoters, NPS) are registered so that their names are reserved and checked, and are created
/// once their program is in use (<see cref="UserFieldProvisioner"/>).
/// </summary>
public static class PortalUserFields
{
    public static readonly PortalUserField BonusBalance = new(CrmFieldEntity.Contact, "UF_CRM_LOY_BALANCE", UserFieldType.Double, FieldProgram.Bonuses, "Бонусы: баланс", "Bonuses: balance");

    public static readonly PortalUserField BonusTier = new(CrmFieldEntity.Contact, "UF_CRM_LOY_TIER", UserFieldType.String, FieldProgram.Bonuses, "Бонусы: уровень", "Bonuses: tier");

    public static readonly PortalUserField BonusPercent = new(CrmFieldEntity.Contact, "UF_CRM_LOY_PERCENT", UserFieldType.Double, FieldProgram.Bonuses, "Бонусы: процент начисления", "Bonuses: accrual percent");

    public static readonly PortalUserField BonusRedeem = new(CrmFieldEntity.Deal, "UF_CRM_LOY_REDEEM", UserFieldType.Double, FieldProgram.Bonuses, "Бонусы: списать", "Bonuses: to redeem");

    public static readonly PortalUserField BonusRedeemed = new(CrmFieldEntity.Deal, "UF_CRM_LOY_REDEEMED", UserFieldType.Double, FieldProgram.Bonuses, "Бонусы: списано", "Bonuses: redeemed");

    /// <summary>The contact's promoter mode, switched in Bitrix24 or written back by the portal.</summary>
    public static readonly PortalUserField PromoterFlag = new(CrmFieldEntity.Contact, "UF_CRM_LOY_PROMOTER", UserFieldType.Boolean, FieldProgram.Promoters, "Промоутер", "Promoter");

    /// <summary>The promoter's current referral code, written back to the contact.</summary>
    public static readonly PortalUserField PromoterCode = new(CrmFieldEntity.Contact, "UF_CRM_LOY_PR_CODE", UserFieldType.String, FieldProgram.Promoters, "Промоутер: код", "Promoter: code");

    /// <summary>A promoter's code a manager types into a deal (a phone order).</summary>
    public static readonly PortalUserField DealPromoterCode = new(CrmFieldEntity.Deal, "UF_CRM_LOY_PR_CODE", UserFieldType.String, FieldProgram.Promoters, "Промоутер: код", "Promoter: code");

    /// <summary>The promoter's referral link, written back to the contact.</summary>
    public static readonly PortalUserField PromoterLink = new(CrmFieldEntity.Contact, "UF_CRM_LOY_PR_LINK", UserFieldType.Url, FieldProgram.Promoters, "Промоутер: реферальная ссылка", "Promoter: referral link");

    /// <summary>The referring promoter's Bitrix24 contact ID on a lead.</summary>
    public static readonly PortalUserField LeadPromoterId = new(CrmFieldEntity.Lead, "UF_CRM_LOY_PR_ID", UserFieldType.Integer, FieldProgram.Promoters, "Промоутер: ID", "Promoter: ID");

    /// <summary>The referring promoter's Bitrix24 contact ID on a deal.</summary>
    public static readonly PortalUserField DealPromoterId = new(CrmFieldEntity.Deal, "UF_CRM_LOY_PR_ID", UserFieldType.Integer, FieldProgram.Promoters, "Промоутер: ID", "Promoter: ID");

    /// <summary>The deal's last NPS score (0–10; 1 / 0 on the two-point scale), written back when the customer answers.</summary>
    public static readonly PortalUserField DealNps = new(CrmFieldEntity.Deal, "UF_CRM_LOY_NPS", UserFieldType.Integer, FieldProgram.Nps, "NPS: оценка", "NPS: score");

    public static readonly IReadOnlyList<PortalUserField> All =
    [
        BonusBalance, BonusTier, BonusPercent, BonusRedeem, BonusRedeemed,
        PromoterFlag, PromoterCode, DealPromoterCode, PromoterLink, LeadPromoterId, DealPromoterId,
        DealNps,
    ];

    /// <summary>The programs whose fields are created now.</summary>
    public static readonly IReadOnlySet<FieldProgram> ProgramsInUse = new HashSet<FieldProgram> { FieldProgram.Bonuses, FieldProgram.Promoters, FieldProgram.Nps };

    public static PortalUserField? Find(CrmFieldEntity entity, string code) =>
        All.FirstOrDefault(f => f.Entity == entity && string.Equals(f.Code, code, StringComparison.OrdinalIgnoreCase));
}
