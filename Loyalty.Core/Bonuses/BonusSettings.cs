using Loyalty.Core.Bitrix24.UserFields;

namespace Loyalty.Core.Bonuses;

/// <summary>How a won deal earns bonuses.</summary>
public enum AccrualBasis
{
    /// <summary>The customer's current % (tier + progressive step) of the deal's amount.</summary>
    Percent,

    /// <summary><see cref="BonusSettings.PointsPerStep"/> bonus roubles per full <see cref="BonusSettings.StepAmount"/> of the deal.</summary>
    PointsPerAmount,
}

/// <summary>
/// A tier by lifetime spend: the sum of the customer's won deals in the covered pipelines since the program's start
/// (not the balance). <see cref="MinSpend"/> in kopecks; the first tier starts at 0.
/// </summary>
public sealed record BonusTier(string Name, long MinSpend, decimal BonusPercent, decimal DiscountPercent);

/// <summary>An extra % for active customers: applies once the customer has at least <see cref="MinWonDeals"/> won deals and <see cref="MinTotal"/> (kopecks) spent.</summary>
public sealed record ProgressiveStep(int MinWonDeals, long MinTotal, decimal ExtraPercent);

/// <summary>
/// The customer bonus program's rules (seed 001's ten settings and more). Saved as a new version on each change;
/// every ledger entry records the version it was computed with. Amounts are kopecks, percentages 0–100.
/// One bonus rouble pays one rouble of an order.
/// </summary>
public sealed record BonusSettings
{
    public bool Enabled { get; init; }

    /// <summary>True: every pipeline ("direction") counts; false: only <see cref="PipelineIds"/>.</summary>
    public bool AllPipelines { get; init; } = true;

    public IReadOnlyList<long> PipelineIds { get; init; } = [];

    public AccrualBasis Basis { get; init; } = AccrualBasis.Percent;

    /// <summary>Points basis: bonus roubles per full step.</summary>
    public int PointsPerStep { get; init; } = 1;

    /// <summary>Points basis: the step, in kopecks (default 100 ₽).</summary>
    public long StepAmount { get; init; } = 100_00;

    public IReadOnlyList<BonusTier> Tiers { get; init; } = DefaultTiers;

    public IReadOnlyList<ProgressiveStep> Steps { get; init; } = [];

    /// <summary>The largest share of an order (deal amount) bonuses may pay, %.</summary>
    public decimal MaxRedeemSharePercent { get; init; } = 30;

    /// <summary>Months after which what is left of an accrual expires (oldest first); null: never.</summary>
    public int? ExpiryMonths { get; init; }

    /// <summary>Deals won from this day on (portal time zone) count; null: from the portal's start.</summary>
    public DateOnly? StartDate { get; init; }

    public string ContactBalanceField { get; init; } = PortalUserFields.BonusBalance.Code;

    public string ContactTierField { get; init; } = PortalUserFields.BonusTier.Code;

    public string ContactPercentField { get; init; } = PortalUserFields.BonusPercent.Code;

    /// <summary>The deal field where a manager enters how many bonus roubles the customer spends on this deal.</summary>
    public string DealRedeemField { get; init; } = PortalUserFields.BonusRedeem.Code;

    /// <summary>The deal field the portal writes the amount it applied to.</summary>
    public string DealRedeemedField { get; init; } = PortalUserFields.BonusRedeemed.Code;

    /// <summary>The default tiers named in English; <see cref="DefaultTiersIn"/> names them in a portal's language.</summary>
    public static readonly IReadOnlyList<BonusTier> DefaultTiers = Tiered("Bronze", "Silver", "Gold", "Platinum");

    /// <summary>
    /// The tiers a new portal is offered, named in its language (docs/glossary.md): «Бронзовый», «Серебряный», «Золотой»,
    /// «Платиновый» in Russian (any language but English), "Bronze", "Silver", "Gold", "Platinum" in English. Once saved
    /// the names are data: a saved version keeps the names it was saved with, whatever the language.
    /// </summary>
    public static IReadOnlyList<BonusTier> DefaultTiersIn(string language) =>
        language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? DefaultTiers : RussianTiers;

    private static readonly IReadOnlyList<BonusTier> RussianTiers = Tiered("Бронзовый", "Серебряный", "Золотой", "Платиновый");

    private static IReadOnlyList<BonusTier> Tiered(string first, string second, string third, string fourth) =>
    [
        new(first, 0, 3, 0),
        new(second, 50_000_00, 5, 2),
        new(third, 150_000_00, 7, 5),
        new(fourth, 500_000_00, 10, 7),
    ];

    public bool Covers(long pipelineId) => AllPipelines || PipelineIds.Contains(pipelineId);

    /// <summary>The Bitrix24 user fields these rules name: the setting's name, the record type, the code.</summary>
    public IReadOnlyList<(string Setting, CrmFieldEntity Entity, string Code)> FieldCodes() =>
    [
        (nameof(ContactBalanceField), CrmFieldEntity.Contact, ContactBalanceField),
        (nameof(ContactTierField), CrmFieldEntity.Contact, ContactTierField),
        (nameof(ContactPercentField), CrmFieldEntity.Contact, ContactPercentField),
        (nameof(DealRedeemField), CrmFieldEntity.Deal, DealRedeemField),
        (nameof(DealRedeemedField), CrmFieldEntity.Deal, DealRedeemedField),
    ];
}

/// <summary>One problem with a field: <see cref="Field"/> names it (<c>Tiers[1].MinSpend</c>), <see cref="MessageKey"/> is a resource key.</summary>
public sealed record SettingsError(string Field, string MessageKey, params object[] Arguments);

/// <summary>A save a store refused after its own check; editors show <see cref="Errors"/> like their own findings.</summary>
public interface ISettingsRefusal
{
    IReadOnlyList<SettingsError> Errors { get; }
}

public static class BonusSettingsValidator
{
    public const int MaxExpiryMonths = 120;

    public static IReadOnlyList<SettingsError> Validate(BonusSettings s)
    {
        var errors = new List<SettingsError>();
        if (!s.AllPipelines && s.PipelineIds.Count == 0)
        {
            errors.Add(new(nameof(s.PipelineIds), "BonusErr_NoPipelines"));
        }

        if (s.Basis == AccrualBasis.PointsPerAmount)
        {
            if (s.PointsPerStep < 1)
            {
                errors.Add(new(nameof(s.PointsPerStep), "BonusErr_PointsPerStep"));
            }

            if (s.StepAmount < 1_00)
            {
                errors.Add(new(nameof(s.StepAmount), "BonusErr_StepAmount"));
            }
        }

        Percent(errors, nameof(s.MaxRedeemSharePercent), s.MaxRedeemSharePercent);
        if (s.ExpiryMonths is { } months && months is < 1 or > MaxExpiryMonths)
        {
            errors.Add(new(nameof(s.ExpiryMonths), "BonusErr_ExpiryMonths", MaxExpiryMonths));
        }

        ValidateTiers(s.Tiers, errors);
        ValidateSteps(s.Steps, errors);

        // Whether Bitrix24 has the field is checked last, on the page (a warning), against the last field check.
        var fields = s.FieldCodes();
        foreach (var (name, _, code) in fields)
        {
            if (TextLimits.Check(errors, name, code, TextLimits.Code))
            {
                continue;
            }

            if (UserFieldNames.IsTooLong(code))
            {
                errors.Add(new(name, "BonusErr_FieldCodeLength", UserFieldNames.MaxLength, code!.Length));
            }
            else if (!UserFieldNames.IsValid(code))
            {
                errors.Add(new(name, "BonusErr_FieldCode"));
            }
            else if (fields.Count(f => f.Code == code) > 1)
            {
                errors.Add(new(name, "BonusErr_FieldCodeDuplicate"));
            }
        }

        return errors;
    }

    private static void ValidateTiers(IReadOnlyList<BonusTier> tiers, List<SettingsError> errors)
    {
        if (tiers.Count == 0)
        {
            errors.Add(new(nameof(BonusSettings.Tiers), "BonusErr_NoTiers"));
            return;
        }

        for (var i = 0; i < tiers.Count; i++)
        {
            var tier = tiers[i];
            var field = $"{nameof(BonusSettings.Tiers)}[{i}]";
            if (string.IsNullOrWhiteSpace(tier.Name))
            {
                errors.Add(new($"{field}.{nameof(tier.Name)}", "BonusErr_TierName"));
            }
            else if (!TextLimits.Check(errors, $"{field}.{nameof(tier.Name)}", tier.Name, TextLimits.Name)
                && tiers.Take(i).Any(t => string.Equals(t.Name.Trim(), tier.Name.Trim(), StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add(new($"{field}.{nameof(tier.Name)}", "BonusErr_TierNameDuplicate"));
            }

            if (i == 0 && tier.MinSpend != 0)
            {
                errors.Add(new($"{field}.{nameof(tier.MinSpend)}", "BonusErr_FirstTierFromZero"));
            }
            else if (i > 0 && tier.MinSpend <= tiers[i - 1].MinSpend)
            {
                errors.Add(new($"{field}.{nameof(tier.MinSpend)}", "BonusErr_TierOverlap", tiers[i - 1].Name));
            }

            Percent(errors, $"{field}.{nameof(tier.BonusPercent)}", tier.BonusPercent);
            Percent(errors, $"{field}.{nameof(tier.DiscountPercent)}", tier.DiscountPercent);
        }
    }

    private static void ValidateSteps(IReadOnlyList<ProgressiveStep> steps, List<SettingsError> errors)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var field = $"{nameof(BonusSettings.Steps)}[{i}]";
            if (step.MinWonDeals < 0)
            {
                errors.Add(new($"{field}.{nameof(step.MinWonDeals)}", "BonusErr_NotNegative"));
            }

            if (step.MinTotal < 0)
            {
                errors.Add(new($"{field}.{nameof(step.MinTotal)}", "BonusErr_NotNegative"));
            }

            if (steps.Take(i).Any(s => s.MinWonDeals == step.MinWonDeals && s.MinTotal == step.MinTotal))
            {
                errors.Add(new($"{field}.{nameof(step.MinWonDeals)}", "BonusErr_StepDuplicate"));
            }

            Percent(errors, $"{field}.{nameof(step.ExtraPercent)}", step.ExtraPercent);
        }
    }

    private static void Percent(List<SettingsError> errors, string field, decimal value)
    {
        if (value is < 0 or > 100)
        {
            errors.Add(new(field, "BonusErr_Percent"));
        }
        else if (decimal.Round(value, 2) != value)
        {
            errors.Add(new(field, "BonusErr_PercentPrecision"));
        }
    }
}
