using System.Text.Json;
using Loyalty.Core.Bonuses;

namespace Loyalty.Web.Components.Pages.Bonuses;

/// <summary>
/// The settings page's editable copy of <see cref="BonusSettings"/> (a record of read-only lists). Money stays in
/// kopecks and percentages in <see cref="decimal"/>; <see cref="ToSettings"/> tidies the text the way the store does,
/// so what the page validates is what the store will save.
/// </summary>
public sealed class BonusSettingsForm
{
    public bool Enabled { get; set; }

    public bool AllPipelines { get; set; }

    public IReadOnlyCollection<long> PipelineIds { get; set; } = [];

    public AccrualBasis Basis { get; set; }

    public int PointsPerStep { get; set; }

    public long StepAmount { get; set; }

    public List<TierRow> Tiers { get; } = [];

    public List<StepRow> Steps { get; } = [];

    public decimal MaxRedeemSharePercent { get; set; }

    public bool Expires { get; set; }

    /// <summary>Kept while <see cref="Expires"/> is off, so switching it back on restores the number.</summary>
    public int ExpiryMonths { get; set; }

    /// <summary>A <see cref="DateTime"/> because the date picker binds one; only its date counts.</summary>
    public DateTime? StartDate { get; set; }

    public string ContactBalanceField { get; set; } = "";

    public string ContactTierField { get; set; } = "";

    public string ContactPercentField { get; set; } = "";

    public string DealRedeemField { get; set; } = "";

    public string DealRedeemedField { get; set; } = "";

    public const int DefaultExpiryMonths = 12;

    public static BonusSettingsForm From(BonusSettings s)
    {
        var form = new BonusSettingsForm
        {
            Enabled = s.Enabled,
            AllPipelines = s.AllPipelines,
            PipelineIds = [.. s.PipelineIds],
            Basis = s.Basis,
            PointsPerStep = s.PointsPerStep,
            StepAmount = s.StepAmount,
            MaxRedeemSharePercent = s.MaxRedeemSharePercent,
            Expires = s.ExpiryMonths is not null,
            ExpiryMonths = s.ExpiryMonths ?? DefaultExpiryMonths,
            StartDate = s.StartDate?.ToDateTime(TimeOnly.MinValue),
            ContactBalanceField = s.ContactBalanceField,
            ContactTierField = s.ContactTierField,
            ContactPercentField = s.ContactPercentField,
            DealRedeemField = s.DealRedeemField,
            DealRedeemedField = s.DealRedeemedField,
        };
        form.Tiers.AddRange(s.Tiers.Select(t => new TierRow { Name = t.Name, MinSpend = t.MinSpend, BonusPercent = t.BonusPercent, DiscountPercent = t.DiscountPercent }));
        form.Steps.AddRange(s.Steps.Select(p => new StepRow { MinWonDeals = p.MinWonDeals, MinTotal = p.MinTotal, ExtraPercent = p.ExtraPercent }));
        return form;
    }

    public BonusSettings ToSettings() => new()
    {
        Enabled = Enabled,
        AllPipelines = AllPipelines,
        PipelineIds = PipelineIds.Distinct().Order().ToList(),
        Basis = Basis,
        PointsPerStep = PointsPerStep,
        StepAmount = StepAmount,
        Tiers = Tiers.Select(t => new BonusTier(t.Name?.Trim() ?? "", t.MinSpend, Plain(t.BonusPercent), Plain(t.DiscountPercent))).ToList(),
        Steps = Steps.Select(p => new ProgressiveStep(p.MinWonDeals, p.MinTotal, Plain(p.ExtraPercent))).ToList(),
        MaxRedeemSharePercent = Plain(MaxRedeemSharePercent),
        ExpiryMonths = Expires ? ExpiryMonths : null,
        StartDate = StartDate is { } start ? DateOnly.FromDateTime(start) : null,
        ContactBalanceField = Code(ContactBalanceField),
        ContactTierField = Code(ContactTierField),
        ContactPercentField = Code(ContactPercentField),
        DealRedeemField = Code(DealRedeemField),
        DealRedeemedField = Code(DealRedeemedField),
    };

    /// <summary>
    /// Whether two versions of the rules say the same. The record's lists compare by reference, so the rules are
    /// compared as JSON, with percentages in their plain form (5.50 and 5.5 are one rule but two texts).
    /// </summary>
    public static bool Same(BonusSettings a, BonusSettings b) => JsonSerializer.Serialize(Canonical(a)) == JsonSerializer.Serialize(Canonical(b));

    public void AddTier()
    {
        var last = Tiers[^1];
        Tiers.Add(new TierRow { MinSpend = last.MinSpend + NewTierStep, BonusPercent = last.BonusPercent, DiscountPercent = last.DiscountPercent });
    }

    public void AddStep()
    {
        var last = Steps.LastOrDefault();
        Steps.Add(new StepRow { MinWonDeals = (last?.MinWonDeals ?? 1) + 1, MinTotal = last?.MinTotal ?? 0, ExtraPercent = last?.ExtraPercent ?? 1 });
    }

    /// <summary>A new tier starts 100 000 ₽ above the last one, a guess the administrator corrects.</summary>
    private const long NewTierStep = 100_000_00;

    private static string Code(string? code) => code?.Trim().ToUpperInvariant() ?? "";

    private static BonusSettings Canonical(BonusSettings s) => s with
    {
        Tiers = s.Tiers.Select(t => t with { BonusPercent = Plain(t.BonusPercent), DiscountPercent = Plain(t.DiscountPercent) }).ToList(),
        Steps = s.Steps.Select(p => p with { ExtraPercent = Plain(p.ExtraPercent) }).ToList(),
        MaxRedeemSharePercent = Plain(s.MaxRedeemSharePercent),
    };

    /// <summary>
    /// The same number without trailing zeros (5.50 → 5.5): "5,50" typed in the form must not read as a change, nor
    /// save a new version, against a stored 5.5. Dividing by a one of maximal scale is the exact way to drop them.
    /// </summary>
    private static decimal Plain(decimal value) => value / 1.0000000000000000000000000000m;
}

/// <summary>One editable tier; <see cref="MinSpend"/> in kopecks.</summary>
public sealed class TierRow
{
    public string Name { get; set; } = "";

    public long MinSpend { get; set; }

    public decimal BonusPercent { get; set; }

    public decimal DiscountPercent { get; set; }
}

/// <summary>One editable progressive step; <see cref="MinTotal"/> in kopecks.</summary>
public sealed class StepRow
{
    public int MinWonDeals { get; set; }

    public long MinTotal { get; set; }

    public decimal ExtraPercent { get; set; }
}
