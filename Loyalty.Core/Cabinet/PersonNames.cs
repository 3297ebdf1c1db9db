namespace Loyalty.Core.Cabinet;

/// <summary>How the cabinet names the people a promoter referred: the first name and the surname's initial ("Иван П.").</summary>
public static class PersonNames
{
    /// <summary>
    /// "Иван Петров" → "Иван П.", "Anna-Maria Smith-Jones" → "Anna-Maria S.", "Иван" → "Иван", "" or null → "".
    /// Extra spaces are ignored; the first name is kept as written, the surname shows only its first letter, upper case.
    /// </summary>
    public static string Short(string? firstName, string? lastName)
    {
        var first = Clean(firstName);
        var last = Clean(lastName);
        if (first.Length == 0 && last.Length == 0)
        {
            return "";
        }

        if (first.Length == 0)
        {
            // Only a surname: its initial alone would say nothing, and the whole surname says too much.
            return char.ToUpperInvariant(last[0]) + ".";
        }

        return last.Length == 0 ? first : $"{first} {char.ToUpperInvariant(last[0])}.";
    }

    /// <summary>A whole name in one string ("Иван Петров", as a lead's title may carry it): the first word and the next word's initial.</summary>
    public static string Short(string? fullName)
    {
        var words = Clean(fullName).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length switch
        {
            0 => "",
            1 => words[0],
            _ => Short(words[0], words[1]),
        };
    }

    private static string Clean(string? value) =>
        string.Join(' ', (value ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Trim(' ', '-', '.', ',');
}
