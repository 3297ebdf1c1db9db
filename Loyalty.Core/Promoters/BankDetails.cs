namespace Loyalty.Core.Promoters;

/// <summary>
/// The check digits of Russian payout details, before anyone is paid: an INN's (10 digits for an organisation, 12 for a
/// person: the Federal Tax Service's weights), a BIK's form (9 digits starting "04"), and an account's control key
/// against its bank's BIK (the Bank of Russia's weights 7-1-3 over the BIK's last three digits and the 20-digit account;
/// a correspondent account uses "0" and the BIK's 5th and 6th digits instead).
/// </summary>
public static class BankDetails
{
    private static readonly int[] Inn10 = [2, 4, 10, 3, 5, 9, 4, 6, 8];

    private static readonly int[] Inn11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

    private static readonly int[] Inn12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

    private static readonly int[] AccountWeights = [7, 1, 3];

    /// <summary>True for a 10- or 12-digit INN whose check digits agree.</summary>
    public static bool IsValidInn(string? inn)
    {
        if (!AllDigits(inn, 10) && !AllDigits(inn, 12))
        {
            return false;
        }

        var digits = inn!.Select(c => c - '0').ToArray();
        return digits.Length == 10
            ? Check(digits, Inn10) == digits[9]
            : Check(digits, Inn11) == digits[10] && Check(digits, Inn12) == digits[11];
    }

    /// <summary>True for a Russian BIK: 9 digits starting with "04".</summary>
    public static bool IsValidBik(string? bik) => AllDigits(bik, 9) && bik!.StartsWith("04", StringComparison.Ordinal);

    /// <summary>True when the 20-digit settlement account's control key agrees with the bank's BIK.</summary>
    public static bool IsValidAccount(string? account, string? bik) =>
        IsValidBik(bik) && AllDigits(account, 20) && KeyAgrees(bik![6..] + account);

    /// <summary>
    /// True when the 20-digit correspondent account (30101…) agrees with the bank's BIK: it ends with the BIK's last
    /// three digits, and its control key agrees.
    /// </summary>
    public static bool IsValidCorrespondentAccount(string? account, string? bik) =>
        IsValidBik(bik) && AllDigits(account, 20) && account!.StartsWith("301", StringComparison.Ordinal) && account[17..] == bik![6..]
        && KeyAgrees("0" + bik[4..6] + account);

    private static int Check(int[] digits, int[] weights) => weights.Select((w, i) => w * digits[i]).Sum() % 11 % 10;

    private static bool KeyAgrees(string digits) => digits.Select((c, i) => (c - '0') * AccountWeights[i % 3]).Sum() % 10 == 0;

    private static bool AllDigits(string? text, int length) => text is not null && text.Length == length && text.All(char.IsAsciiDigit);
}
