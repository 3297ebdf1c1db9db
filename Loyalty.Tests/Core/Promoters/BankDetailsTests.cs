using Loyalty.Core.Promoters;

namespace Loyalty.Tests.Core.Promoters;

/// <summary>The check digits of payout details: INN, BIK and accounts (published values of real organisations and banks).</summary>
public sealed class BankDetailsTests
{
    [Theory]
    [InlineData("7707083893", true)] // Sberbank (an organisation: 10 digits)
    [InlineData("7736207543", true)] // Yandex
    [InlineData("500100732259", true)] // a person: 12 digits, both check digits
    [InlineData("7707083894", false)] // the last digit changed
    [InlineData("500100732258", false)] // the 12th digit changed
    [InlineData("500100732269", false)] // the 11th digit changed
    [InlineData("770708389", false)]
    [InlineData("77070838931", false)]
    [InlineData("77070838a3", false)]
    [InlineData("７７０７０８３８９３", false)] // full-width digits are not ASCII digits
    [InlineData("", false)]
    [InlineData(null, false)]
    public void AnInnIsValidOnlyWithItsCheckDigits(string? inn, bool valid) => Assert.Equal(valid, BankDetails.IsValidInn(inn));

    [Theory]
    [InlineData("044525225", true)] // Sberbank, Moscow
    [InlineData("044525974", true)] // T-Bank
    [InlineData("144525225", false)]
    [InlineData("04452522", false)]
    [InlineData("04452522X", false)]
    public void ABikIsNineDigitsStartingWith04(string bik, bool valid) => Assert.Equal(valid, BankDetails.IsValidBik(bik));

    [Theory]
    [InlineData("30101810400000000225", "044525225", true)] // Sberbank's correspondent account
    [InlineData("30101810145250000974", "044525974", true)] // T-Bank's
    [InlineData("30101810400000000226", "044525225", false)]
    [InlineData("30101810400000000225", "044525974", false)] // another bank's BIK
    [InlineData("40702810400000000225", "044525225", false)] // not a correspondent account
    public void ACorrespondentAccountAgreesWithItsBik(string account, string bik, bool valid) =>
        Assert.Equal(valid, BankDetails.IsValidCorrespondentAccount(account, bik));

    [Fact]
    public void ASettlementAccountsControlKeyIsCheckedAgainstTheBiksLastThreeDigits()
    {
        // The key (the 9th digit) is the one digit that makes the weighted sum end in 0; exactly one of ten does.
        const string bik = "044525225";
        var valid = Enumerable.Range(0, 10).Select(key => $"40817810{key}38000123456").Where(account => BankDetails.IsValidAccount(account, bik)).ToList();

        var account = Assert.Single(valid);
        Assert.False(BankDetails.IsValidAccount(account, "044525974"));
        Assert.False(BankDetails.IsValidAccount(account[..19], bik));
        Assert.False(BankDetails.IsValidAccount(account, "04452522"));
        Assert.False(BankDetails.IsValidAccount(null, bik));
    }
}
