using System.Security.Cryptography;

namespace Loyalty.Core.Identity;

/// <summary>Temporary passwords an administrator hands over: 14 characters that satisfy every Identity rule.</summary>
public static class PasswordGenerator
{
    private const string Lower = "abcdefghijkmnpqrstuvwxyz";
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Digits = "23456789";
    private const string Symbols = "!#$%*+-=?@";

    public static string Generate(int length = 14)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 8);
        var all = Lower + Upper + Digits + Symbols;
        var chars = new List<char>
        {
            Pick(Lower), Pick(Upper), Pick(Digits), Pick(Symbols),
        };
        while (chars.Count < length)
        {
            chars.Add(Pick(all));
        }

        var array = chars.ToArray();
        RandomNumberGenerator.Shuffle(array.AsSpan());
        return new string(array);
    }

    private static char Pick(string from) => from[RandomNumberGenerator.GetInt32(from.Length)];
}
