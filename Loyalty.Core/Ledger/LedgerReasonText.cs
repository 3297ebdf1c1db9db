using System.Globalization;
using System.Resources;
using Loyalty.Core.Portal;

namespace Loyalty.Core.Ledger;

/// <summary>
/// The one renderer of ledger reasons (decision 013): the sentence in the reader's language from <c>ReasonText.resx</c>
/// (Russian) and <c>ReasonText.en.resx</c>, figures in that language's formats. Used by every history grid and the Excel
/// register; an entry without a reason shows its stored comment as it is. CRM records are named by
/// <paramref name="nameOf"/> (type, ID → title) when given, and left out rather than shown as a key.
/// </summary>
public static class LedgerReasonText
{
    private static readonly ResourceManager Texts = new("Loyalty.Core.Ledger.ReasonText", typeof(LedgerReasonText).Assembly);

    public static string? Render(string? reason, string? reasonArgs, string? comment, CultureInfo language, Func<string, long, string?>? nameOf = null) =>
        LedgerReason.Read(reason, reasonArgs) is { } read ? Render(read, language, nameOf) ?? comment : comment;

    /// <summary>The sentence; null for a code this version does not know.</summary>
    public static string? Render(LedgerReason reason, CultureInfo language, Func<string, long, string?>? nameOf = null)
    {
        var formats = PortalCultures.FormatsOf(language);
        string T(string key) => Texts.GetString(key, language) ?? key;
        string F(string key, params object[] args) => string.Format(formats, T(key), args);
        string Money(string name) => Format(reason.Long(name), formats);
        var source = reason.Source is { } s ? nameOf?.Invoke(s.Type, s.Id) : null;

        return reason.Code switch
        {
            LedgerReason.BonusPercent => Accrual(reason, "", formats, F),
            LedgerReason.BonusSteps => Accrual(reason, "", formats, F),
            LedgerReason.BonusDealUnwon or LedgerReason.BonusDealLost or LedgerReason.Expired => T("Reason_" + reason.Code),
            LedgerReason.BonusDealAmountChanged => F("Reason_BonusDealAmountChanged", Money("Amount")),
            LedgerReason.BonusRedeemed => F("Reason_BonusRedeemed", Money("Applied")),
            LedgerReason.BonusRedeemedUpToBalance => F("Reason_BonusRedeemedUpToBalance", Money("Requested"), Money("Applied"), Money("Balance")),
            LedgerReason.BonusRedeemedUpToShare => F("Reason_BonusRedeemedUpToShare", Money("Requested"), Money("Applied"), reason.Decimal("Share").ToString("0.##", formats) + "\u00A0%"),
            LedgerReason.BonusRecalculated => F("Reason_BonusRecalculated", reason.Long("Id"), Accrual(reason, "Accrual", formats, F) ?? "", Money("Was"), Money("Now")),
            LedgerReason.BonusRecalculatedOut => F("Reason_BonusRecalculatedOut", reason.Long("Id"), Money("Was")),
            LedgerReason.Points => Named(Texts.GetString("Trigger_" + reason.Text("Trigger"), language) ?? reason.Text("Trigger"), source),
            LedgerReason.PointsDealUnwon or LedgerReason.PointsDealAmountChanged => Named(T("Reason_" + reason.Code), source),
            LedgerReason.PromoterCommission => Named(F("Reason_PromoterCommission", reason.Decimal("Percent").ToString("0.##", formats) + "\u00A0%", Money("Amount")), source),
            LedgerReason.PromoterLead => Named(T("Reason_PromoterLead_" + reason.Text("Trigger")), source),
            LedgerReason.PromoterDealUnwon or LedgerReason.PromoterClawback => Named(T("Reason_" + reason.Code), source),
            LedgerReason.PromoterPayout => F("Reason_PromoterPayout", reason.Long("Run"), reason.Text("Reference")),
            _ => null,
        };
    }

    /// <summary>Kopecks as the reader's money: "1 234,50 ₽" / "1,234.50 ₽".</summary>
    public static string Format(long kopecks, CultureInfo formats) => (kopecks / 100m).ToString("C2", formats).Replace(' ', '\u00A0');

    private static string? Accrual(LedgerReason reason, string prefix, CultureInfo formats, Func<string, object[], string> f)
    {
        var basis = prefix.Length == 0 ? reason.Code : reason.Text(prefix);
        return basis switch
        {
            LedgerReason.BonusPercent => f("Reason_BonusPercent", [reason.Decimal(prefix + "Percent").ToString("0.##", formats), Format(reason.Long(prefix + "Amount"), formats)]),
            LedgerReason.BonusSteps => f("Reason_BonusSteps", [reason.Long(prefix + "Points").ToString("N0", formats), Format(reason.Long(prefix + "Step"), formats), Format(reason.Long(prefix + "Amount"), formats)]),
            _ => null,
        };
    }

    private static string Named(string what, string? name) => string.IsNullOrWhiteSpace(name) ? what : $"{what}: {name}";
}
