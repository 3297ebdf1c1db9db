using Loyalty.Core.Bonuses;

namespace Loyalty.Core.Promoters;

/// <summary>A promoter's payout details as a form edits them (digits only, trimmed, when saved).</summary>
public sealed record PayoutDetails(PromoterLegalStatus? LegalStatus, string? PayeeName, string? Inn, string? Bik, string? BankAccount, string? CorrespondentAccount)
{
    public const int PayeeNameLimit = 400;

    public static PayoutDetails Of(Promoter promoter) =>
        new(promoter.LegalStatus, promoter.PayeeName, promoter.Inn, promoter.Bik, promoter.BankAccount, promoter.CorrespondentAccount);

    /// <summary>The INN's length the legal status needs: 10 digits for a company, 12 for a person (individual, self-employed, sole trader).</summary>
    public static int InnLength(PromoterLegalStatus status) => status == PromoterLegalStatus.Company ? 10 : 12;

    /// <summary>The same details, trimmed (spaces inside numbers removed), empty texts as null.</summary>
    public PayoutDetails Normalized() => new(
        LegalStatus,
        Clean(PayeeName),
        Digits(Inn),
        Digits(Bik),
        Digits(BankAccount),
        Digits(CorrespondentAccount));

    /// <summary>
    /// What is missing or wrong, per field (<c>LegalStatus</c>, <c>PayeeName</c>, <c>Inn</c>, <c>Bik</c>,
    /// <c>BankAccount</c>, <c>CorrespondentAccount</c>) with a resource key of the web's shared texts; empty: complete
    /// and valid, the promoter can be paid. Check digits by <see cref="BankDetails"/>.
    /// </summary>
    public IReadOnlyList<SettingsError> Validate()
    {
        var d = Normalized();
        var errors = new List<SettingsError>();
        if (d.LegalStatus is not { } status || !Enum.IsDefined(status))
        {
            errors.Add(new(nameof(LegalStatus), "PayoutDetails_ErrLegalStatus"));
        }

        if (d.PayeeName is null)
        {
            errors.Add(new(nameof(PayeeName), "PayoutDetails_ErrRequired"));
        }
        else if (d.PayeeName.Length > PayeeNameLimit)
        {
            errors.Add(new(nameof(PayeeName), TextLimits.TooLongKey, PayeeNameLimit));
        }

        if (d.Inn is null)
        {
            errors.Add(new(nameof(Inn), "PayoutDetails_ErrRequired"));
        }
        else if (d.LegalStatus is { } known && Enum.IsDefined(known) && d.Inn.Length != InnLength(known))
        {
            errors.Add(new(nameof(Inn), "PayoutDetails_ErrInnLength", InnLength(known)));
        }
        else if (!BankDetails.IsValidInn(d.Inn))
        {
            errors.Add(new(nameof(Inn), "PayoutDetails_ErrInn"));
        }

        if (d.Bik is null)
        {
            errors.Add(new(nameof(Bik), "PayoutDetails_ErrRequired"));
        }
        else if (!BankDetails.IsValidBik(d.Bik))
        {
            errors.Add(new(nameof(Bik), "PayoutDetails_ErrBik"));
        }

        var bikOk = BankDetails.IsValidBik(d.Bik);
        if (d.BankAccount is null)
        {
            errors.Add(new(nameof(BankAccount), "PayoutDetails_ErrRequired"));
        }
        else if (d.BankAccount.Length != 20 || !d.BankAccount.All(char.IsAsciiDigit))
        {
            errors.Add(new(nameof(BankAccount), "PayoutDetails_ErrAccountLength"));
        }
        else if (bikOk && !BankDetails.IsValidAccount(d.BankAccount, d.Bik))
        {
            errors.Add(new(nameof(BankAccount), "PayoutDetails_ErrAccountKey"));
        }

        if (d.CorrespondentAccount is null)
        {
            errors.Add(new(nameof(CorrespondentAccount), "PayoutDetails_ErrRequired"));
        }
        else if (d.CorrespondentAccount.Length != 20 || !d.CorrespondentAccount.All(char.IsAsciiDigit))
        {
            errors.Add(new(nameof(CorrespondentAccount), "PayoutDetails_ErrAccountLength"));
        }
        else if (bikOk && !BankDetails.IsValidCorrespondentAccount(d.CorrespondentAccount, d.Bik))
        {
            errors.Add(new(nameof(CorrespondentAccount), "PayoutDetails_ErrCorrespondent"));
        }

        return errors;
    }

    public bool IsComplete => Validate().Count == 0;

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string? Digits(string? text)
    {
        var clean = Clean(text);
        return clean is null ? null : string.Concat(clean.Where(c => !char.IsWhiteSpace(c) && c != '-'));
    }
}
