namespace Loyalty.Core.Notifications;

/// <summary>
/// Phone numbers as people type them, made E.164 (<c>+79123456789</c>). Russian habits are understood: a leading 8 or 7
/// with ten digits after it, or ten digits alone starting with 9 (a mobile number without the country); anything
/// written with a leading + is kept when its length is possible (8–15 digits after the country code's +).
/// </summary>
public static class PhoneNumbers
{
    /// <summary>The number in E.164, or null with the resource key of the reason.</summary>
    public static PhoneNumberResult Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return PhoneNumberResult.Invalid(input, "Phone_Empty");
        }

        var text = input.Trim();
        var plus = text.StartsWith('+');
        var digits = new System.Text.StringBuilder(16);
        foreach (var c in plus ? text[1..] : text)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '-' or '(' or ')' or '.' or '\u00A0'))
            {
                return PhoneNumberResult.Invalid(input, "Phone_BadCharacters");
            }
        }

        var d = digits.ToString();
        if (plus)
        {
            // +7 is Russia and Kazakhstan: exactly ten digits follow. Elsewhere E.164 allows up to 15 digits in all.
            if (d.StartsWith('7'))
            {
                return d.Length == 11 ? PhoneNumberResult.Valid("+" + d) : PhoneNumberResult.Invalid(input, "Phone_BadLength");
            }

            return d.Length is >= 8 and <= 15 && d[0] != '0' ? PhoneNumberResult.Valid("+" + d) : PhoneNumberResult.Invalid(input, "Phone_BadLength");
        }

        return d.Length switch
        {
            11 when d[0] is '8' or '7' => PhoneNumberResult.Valid("+7" + d[1..]),
            10 when d[0] == '9' => PhoneNumberResult.Valid("+7" + d),
            _ => PhoneNumberResult.Invalid(input, "Phone_Unrecognized"),
        };
    }
}

/// <summary>A normalised number, or why the input is not one (<see cref="MessageKey"/>, a resource key).</summary>
public sealed record PhoneNumberResult(string? Input, string? E164, string? MessageKey)
{
    public bool IsValid => E164 is not null;

    internal static PhoneNumberResult Valid(string e164) => new(null, e164, null);

    internal static PhoneNumberResult Invalid(string? input, string key) => new(input, null, key);
}
