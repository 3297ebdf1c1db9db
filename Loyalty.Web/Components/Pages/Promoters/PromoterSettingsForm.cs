using Loyalty.Core.Notifications;
using Loyalty.Core.Promoters;

namespace Loyalty.Web.Components.Pages.Promoters;

/// <summary>One band of the progressive scale as typed: from a turnover (kopecks), a rate in percent.</summary>
public sealed class BandForm
{
    public long FromTurnover { get; set; }

    public decimal Rate { get; set; }
}

/// <summary>A promoter notice's texts as typed: the e-mail's subject and HTML, and the text of the SMS and the e-mail's text part.</summary>
public sealed class NoticeForm
{
    public string Subject { get; set; } = "";

    public string Html { get; set; } = "";

    public string Text { get; set; } = "";

    public static NoticeForm From(NoticeTemplate template) => new() { Subject = template.Subject ?? "", Html = template.Html ?? "", Text = template.Text };

    public NoticeTemplate ToTemplate() => new(Subject, string.IsNullOrWhiteSpace(Html) ? null : Html, Text);
}

/// <summary>The promoter settings page's form: the commission rules (a new version on save) and the referral page's texts.</summary>
public sealed class PromoterSettingsForm
{
    public decimal DefaultRate { get; set; }

    public List<BandForm> Scale { get; set; } = [];

    public CommissionTrigger Trigger { get; set; }

    public long FixedAmount { get; set; }

    public int HoldDays { get; set; }

    public decimal IncomeTax { get; set; }

    public int DuplicateDays { get; set; }

    public NoticeForm WonDealNotice { get; set; } = new();

    public NoticeForm PayoutNotice { get; set; } = new();

    public string CompanyName { get; set; } = "";

    public string PageText { get; set; } = "";

    public string PolicyText { get; set; } = "";

    public static PromoterSettingsForm From(PromoterSettings settings, ReferralPageContent page) => new()
    {
        DefaultRate = settings.DefaultRateBasisPoints / 100m,
        Scale = [.. settings.Scale.Select(b => new BandForm { FromTurnover = b.FromTurnover, Rate = b.RateBasisPoints / 100m })],
        Trigger = settings.Trigger,
        FixedAmount = settings.FixedAmount,
        HoldDays = settings.HoldDays,
        IncomeTax = settings.IncomeTaxBasisPoints / 100m,
        DuplicateDays = settings.DuplicateDays,
        WonDealNotice = NoticeForm.From(settings.WonDealNotice),
        PayoutNotice = NoticeForm.From(settings.PayoutNotice),
        CompanyName = page.CompanyName,
        PageText = page.PageText,
        PolicyText = page.PolicyText,
    };

    public PromoterSettings ToSettings() => new()
    {
        DefaultRateBasisPoints = BasisPoints(DefaultRate),
        Scale = [.. Scale.Select(b => new CommissionBand(b.FromTurnover, BasisPoints(b.Rate)))],
        Trigger = Trigger,
        FixedAmount = FixedAmount,
        HoldDays = HoldDays,
        IncomeTaxBasisPoints = BasisPoints(IncomeTax),
        DuplicateDays = DuplicateDays,
        WonDealNotice = WonDealNotice.ToTemplate(),
        PayoutNotice = PayoutNotice.ToTemplate(),
    };

    /// <summary>The rules and the texts are what is saved.</summary>
    public bool Same(PromoterSettings settings, ReferralPageContent page)
    {
        var mine = ToSettings();
        return mine.DefaultRateBasisPoints == settings.DefaultRateBasisPoints && mine.Scale.SequenceEqual(settings.Scale) && mine.Trigger == settings.Trigger
            && mine.FixedAmount == settings.FixedAmount && mine.HoldDays == settings.HoldDays && mine.IncomeTaxBasisPoints == settings.IncomeTaxBasisPoints
            && mine.DuplicateDays == settings.DuplicateDays && mine.WonDealNotice == settings.WonDealNotice && mine.PayoutNotice == settings.PayoutNotice
            && CompanyName.Trim() == page.CompanyName && PageText.Trim() == page.PageText && PolicyText.Trim() == page.PolicyText;
    }

    /// <summary>Percent → basis points; a percent with more than two decimals cannot be stored and is refused as out of range.</summary>
    private static int BasisPoints(decimal percent) =>
        decimal.Round(percent, 2) != percent || percent is < -1000 or > 1000 ? -1 : (int)(percent * 100);
}
