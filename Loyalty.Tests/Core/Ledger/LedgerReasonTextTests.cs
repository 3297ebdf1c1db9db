using System.Globalization;
using Loyalty.Core.Ledger;

namespace Loyalty.Tests.Core.Ledger;

/// <summary>A ledger reason reads in the reader's language, figures in that language's formats; an older entry keeps its comment.</summary>
public sealed class LedgerReasonTextTests
{
    private static readonly CultureInfo Russian = CultureInfo.GetCultureInfo("ru");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    public static TheoryData<LedgerReason, string, string> Reasons => new()
    {
        { LedgerReason.Of(LedgerReason.BonusPercent, ("Percent", 7m), ("Amount", 719_000_00L)), "7 % от 719\u00A0000,00\u00A0₽", "7 % of 719,000.00\u00A0₽" },
        { LedgerReason.Of(LedgerReason.BonusSteps, ("Points", 5), ("Step", 1_000_00L), ("Amount", 12_500_00L)), "5 за каждые 1\u00A0000,00\u00A0₽ от 12\u00A0500,00\u00A0₽", "5 for every 1,000.00\u00A0₽ of 12,500.00\u00A0₽" },
        { LedgerReason.Of(LedgerReason.BonusRedeemedUpToShare, ("Requested", 500_00L), ("Applied", 300_00L), ("Share", 30m)),
            "Списание бонусов: запрошено 500,00\u00A0₽, применено 300,00\u00A0₽ — бонусами можно оплатить не больше 30\u00A0% суммы сделки.",
            "Bonus redemption: 500.00\u00A0₽ requested, 300.00\u00A0₽ applied — bonuses can pay at most 30\u00A0% of the deal’s amount." },
        { LedgerReason.Of(LedgerReason.BonusRecalculatedOut, ("Id", 4), ("Was", 1_500_00L)),
            "Пересчёт № 4: сделка больше не участвует в программе; было 1\u00A0500,00\u00A0₽", "Recalculation No. 4: the deal no longer takes part in the program; was 1,500.00\u00A0₽" },
        { LedgerReason.Of(LedgerReason.Expired), "Срок бонусов истёк", "Bonuses expired" },
    };

    [Theory]
    [MemberData(nameof(Reasons))]
    public void AReasonReadsInTheReadersLanguage(LedgerReason reason, string russian, string english)
    {
        var stored = LedgerReason.Read(reason.Code, reason.ArgsJson())!;

        Assert.Equal(russian, LedgerReasonText.Render(stored, Russian));
        Assert.Equal(english, LedgerReasonText.Render(stored, English));
    }

    [Fact]
    public void ARecalculationCarriesTheAccrualItRecomputed()
    {
        var args = new Dictionary<string, string> { ["Id"] = "12", ["Accrual"] = LedgerReason.BonusPercent, ["AccrualPercent"] = "5.5", ["AccrualAmount"] = "10000000", ["Was"] = "500000", ["Now"] = "550000" };

        Assert.Equal("Пересчёт № 12: 5,5 % от 100\u00A0000,00\u00A0₽; было 5\u00A0000,00\u00A0₽, стало 5\u00A0500,00\u00A0₽",
            LedgerReasonText.Render(new LedgerReason(LedgerReason.BonusRecalculated, args), Russian));
    }

    [Theory]
    [InlineData("ru", "Звонок: Звонок по договору", "Новый лид")]
    [InlineData("en", "Call: Звонок по договору", "New lead")]
    public void PointsNameTheCrmRecordOrLeaveItOutButNeverShowItsKey(string language, string named, string unnamed)
    {
        var culture = CultureInfo.GetCultureInfo(language);
        var call = LedgerReason.Of(LedgerReason.Points, ("Trigger", "CallCompleted"), ("Type", "activity"), ("Id", 20058));
        var lead = LedgerReason.Of(LedgerReason.Points, ("Trigger", "LeadCreated"), ("Type", "lead"), ("Id", 6769));
        string? Names(string type, long id) => (type, id) == ("activity", 20058) ? "Звонок по договору" : null;

        Assert.Equal(named, LedgerReasonText.Render(call, culture, Names));
        Assert.Equal(unnamed, LedgerReasonText.Render(lead, culture, Names));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("NoSuchReason", "{}")]
    [InlineData("BonusPercent", "not json")]
    public void AnEntryWithoutAReadableReasonShowsItsStoredComment(string? reason, string? args)
    {
        Assert.Equal("7 % от 719 000,00 ₽", LedgerReasonText.Render(reason, args, "7 % от 719 000,00 ₽", English));
    }
}
