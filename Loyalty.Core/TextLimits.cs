using Loyalty.Core.Bonuses;

namespace Loyalty.Core;

/// <summary>
/// How long a text a person types into the portal may be, by the kind of text. The validators refuse longer texts
/// (a form can be bypassed), the forms stop typing at the limit and show a counter, and the columns that keep these
/// texts are as wide.
/// </summary>
public static class TextLimits
{
    /// <summary>A name shown in lists, chips and headings: a bonus tier, a rating, a badge, a badge's category.</summary>
    public const int Name = 100;

    /// <summary>A description shown under a name: a rating's, a badge's.</summary>
    public const int Description = 1000;

    /// <summary>Why a person did something: a manual award or revocation, a redemption's comment.</summary>
    public const int Reason = 500;

    /// <summary>A Bitrix24 field code (UF_CRM_…).</summary>
    public const int Code = 50;

    /// <summary>A web address: the Bitrix24 webhook.</summary>
    public const int Url = 2048;

    /// <summary>A token or key pasted from Bitrix24: the outgoing webhook's application token (32 characters there).</summary>
    public const int Token = 128;

    /// <summary>The resource key of the field message: "At most {0} characters."</summary>
    public const string TooLongKey = "Text_TooLong";

    /// <summary>True when <paramref name="value"/>, trimmed as it is saved, is longer than <paramref name="limit"/>.</summary>
    public static bool IsTooLong(string? value, int limit) => value is not null && value.AsSpan().Trim().Length > limit;

    /// <summary>Adds the field error when <paramref name="value"/> is too long; true when it did.</summary>
    public static bool Check(ICollection<SettingsError> errors, string field, string? value, int limit)
    {
        if (!IsTooLong(value, limit))
        {
            return false;
        }

        errors.Add(new(field, TooLongKey, limit));
        return true;
    }
}
