using Loyalty.Core.Bonuses;
using Loyalty.Core.Notifications;

namespace Loyalty.Core.Promoters;

/// <summary>
/// A band of the progressive scale: from <see cref="FromTurnover"/> kopecks of the promoter's won referred turnover in the
/// calendar year (inclusive) the rate is <see cref="RateBasisPoints"/> (1000 = 10 %).
/// </summary>
public sealed record CommissionBand(long FromTurnover, int RateBasisPoints);

/// <summary>
/// The promoter program's rules, versioned (<see cref="PromoterSettingsStore"/>): each commission records the version it
/// was computed with. Money in kopecks, rates in basis points (1 % = 100).
/// </summary>
public sealed record PromoterSettings
{
    public const int DefaultRate = 10_00;

    /// <summary>The rate of a promoter without an own rate, when there is no scale: 10 %.</summary>
    public int DefaultRateBasisPoints { get; init; } = DefaultRate;

    /// <summary>
    /// The progressive scale, bands by ascending <see cref="CommissionBand.FromTurnover"/>, the first from 0; empty: no scale
    /// (<see cref="DefaultRateBasisPoints"/> for everyone). A promoter's own rate beats the scale.
    /// </summary>
    public IReadOnlyList<CommissionBand> Scale { get; init; } = [];

    /// <summary>What earns a commission: a won deal (the rate × its amount) by default, or a lead created or converted (a fixed sum).</summary>
    public CommissionTrigger Trigger { get; init; } = CommissionTrigger.DealWon;

    /// <summary>The fixed sum per lead of the lead triggers, kopecks.</summary>
    public long FixedAmount { get; init; } = 500_00;

    /// <summary>Days a commission is held before it becomes payable (returns happen); 0: payable at once.</summary>
    public int HoldDays { get; init; } = 14;

    /// <summary>Personal income tax withheld from an individual's payout, basis points: 13 %.</summary>
    public int IncomeTaxBasisPoints { get; init; } = 13_00;

    /// <summary>A phone or e-mail referred again within this many days is flagged as a duplicate.</summary>
    public int DuplicateDays { get; init; } = 30;

    /// <summary>The promoter's e-mail (subject, HTML, text) and SMS (the text) when a referred deal is won; Liquid markers, see <see cref="PromoterNotices"/>.</summary>
    public NoticeTemplate WonDealNotice { get; init; } = PromoterNotices.DefaultWonDeal;

    /// <summary>The promoter's e-mail and SMS when a payout is paid.</summary>
    public NoticeTemplate PayoutNotice { get; init; } = PromoterNotices.DefaultPayout;

    /// <summary>An example scale: 10 % to 500 000 ₽, 12 % to 2 000 000 ₽, 15 % above.</summary>
    public static IReadOnlyList<CommissionBand> ExampleScale { get; } =
        [new(0, 10_00), new(500_000_00, 12_00), new(2_000_000_00, 15_00)];
}

public static class PromoterSettingsValidator
{
    public const int MaxHoldDays = 365;
    public const int MaxDuplicateDays = 365;

    /// <summary>100 %.</summary>
    public const int MaxRate = 100_00;

    public static IReadOnlyList<SettingsError> Validate(PromoterSettings s)
    {
        var errors = new List<SettingsError>();
        Rate(errors, nameof(s.DefaultRateBasisPoints), s.DefaultRateBasisPoints);
        Rate(errors, nameof(s.IncomeTaxBasisPoints), s.IncomeTaxBasisPoints);
        if (s.Scale.Count > 0)
        {
            if (s.Scale[0].FromTurnover != 0)
            {
                errors.Add(new(nameof(s.Scale), "PromoterErr_ScaleFromZero"));
            }

            for (var i = 0; i < s.Scale.Count; i++)
            {
                Rate(errors, nameof(s.Scale), s.Scale[i].RateBasisPoints);
                if (i > 0 && s.Scale[i].FromTurnover <= s.Scale[i - 1].FromTurnover)
                {
                    errors.Add(new(nameof(s.Scale), "PromoterErr_ScaleAscending"));
                }
            }
        }

        if (s.FixedAmount < 0)
        {
            errors.Add(new(nameof(s.FixedAmount), "PromoterErr_FixedAmount"));
        }

        if (s.Trigger != CommissionTrigger.DealWon && s.FixedAmount == 0)
        {
            errors.Add(new(nameof(s.FixedAmount), "PromoterErr_FixedAmount"));
        }

        if (s.HoldDays is < 0 or > MaxHoldDays)
        {
            errors.Add(new(nameof(s.HoldDays), "PromoterErr_HoldDays", MaxHoldDays));
        }

        if (s.DuplicateDays is < 0 or > MaxDuplicateDays)
        {
            errors.Add(new(nameof(s.DuplicateDays), "PromoterErr_DuplicateDays", MaxDuplicateDays));
        }

        if (!Enum.IsDefined(s.Trigger))
        {
            errors.Add(new(nameof(s.Trigger), "PromoterErr_Trigger"));
        }

        Template(errors, nameof(s.WonDealNotice), s.WonDealNotice);
        Template(errors, nameof(s.PayoutNotice), s.PayoutNotice);

        return errors;
    }

    /// <summary>An own rate for one promoter: 0–100 %.</summary>
    public static bool IsValidRate(int basisPoints) => basisPoints is >= 0 and <= MaxRate;

    /// <summary>
    /// A notice's template: every part must parse (<c>PayoutNotice_ErrTemplate</c>: part, line, the parser's message) and
    /// the subject and the text must not be empty (<c>PayoutNotice_ErrEmpty</c>: part).
    /// </summary>
    private static void Template(List<SettingsError> errors, string field, NoticeTemplate? template)
    {
        if (template is null)
        {
            errors.Add(new(field, "PayoutNotice_ErrEmpty", "Text"));
            return;
        }

        if (string.IsNullOrWhiteSpace(template.Subject))
        {
            errors.Add(new(field, "PayoutNotice_ErrEmpty", "Subject"));
        }

        if (string.IsNullOrWhiteSpace(template.Text))
        {
            errors.Add(new(field, "PayoutNotice_ErrEmpty", "Text"));
        }

        foreach (var error in new NoticeTemplates().Validate(template))
        {
            errors.Add(new(field, "PayoutNotice_ErrTemplate", error.Part, error.Line?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?", error.Message));
        }
    }

    private static void Rate(List<SettingsError> errors, string field, int basisPoints)
    {
        if (!IsValidRate(basisPoints))
        {
            errors.Add(new(field, "PromoterErr_Rate"));
        }
    }
}

/// <summary>
/// The commission arithmetic, pure: which rate applies, the commission of an amount, the year a turnover counts in and the
/// end of a hold.
/// </summary>
public static class PromoterMath
{
    /// <summary>
    /// The rate for a deal: the promoter's own rate if set; else the scale's band that <paramref name="turnoverBefore"/> (the
    /// promoter's won referred turnover in the calendar year before this deal, kopecks) reached — a band's lower edge
    /// belongs to it, so exactly 500 000,00 ₽ is in the band "from 500 000 ₽" — and that rate applies to the whole deal;
    /// else the default rate.
    /// </summary>
    public static int Rate(PromoterSettings settings, int? ownRate, long turnoverBefore)
    {
        if (ownRate is { } own)
        {
            return own;
        }

        var rate = settings.DefaultRateBasisPoints;
        if (settings.Scale.Count == 0)
        {
            return rate;
        }

        foreach (var band in settings.Scale)
        {
            if (turnoverBefore >= band.FromTurnover)
            {
                rate = band.RateBasisPoints;
            }
        }

        return rate;
    }

    /// <summary>
    /// <paramref name="amount"/> kopecks × <paramref name="basisPoints"/> / 10 000, rounded to the kopeck half away from
    /// zero (commercial rounding: 0,5 kopeck and more is a kopeck). Exact in decimal; negative amounts mirror positive ones.
    /// </summary>
    public static long Commission(long amount, int basisPoints) =>
        (long)decimal.Round(amount * (decimal)basisPoints / 10_000m, 0, MidpointRounding.AwayFromZero);

    /// <summary>The calendar year (in <paramref name="zone"/>, the portal's) that <paramref name="instantUtc"/> falls in, as UTC bounds [start, end).</summary>
    public static (DateTime Start, DateTime End) YearOf(DateTime instantUtc, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(instantUtc, DateTimeKind.Utc), zone);
        var start = TimeZoneInfo.ConvertTimeToUtc(new DateTime(local.Year, 1, 1, 0, 0, 0, DateTimeKind.Unspecified), zone);
        var end = TimeZoneInfo.ConvertTimeToUtc(new DateTime(local.Year + 1, 1, 1, 0, 0, 0, DateTimeKind.Unspecified), zone);
        return (start, end);
    }

    /// <summary>
    /// When a commission earned at <paramref name="earnedUtc"/> becomes payable: the start of the portal's day
    /// <paramref name="holdDays"/> days after the day it was earned (a whole-day hold, as the promoter reads it: "payable
    /// after 20.12.2026"); with 0 days, at once.
    /// </summary>
    public static DateTime PayableAfter(DateTime earnedUtc, int holdDays, TimeZoneInfo zone)
    {
        if (holdDays <= 0)
        {
            return earnedUtc;
        }

        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(earnedUtc, DateTimeKind.Utc), zone);
        var day = local.Date.AddDays(holdDays);
        return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(day, DateTimeKind.Unspecified), zone);
    }
}
