using System.Globalization;
using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Notifications;
using Loyalty.Core.Portal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Loyalty.Core.Promoters;

/// <summary>
/// The promoter's own notices — a referred deal won, a payout paid — by e-mail and SMS to the promoter contact's e-mail
/// and phone in the CRM mirror, queued through <see cref="NotificationOutbox"/> in the caller's unit of work (so they
/// exist exactly when the commission or the payment does). A way the contact lacks is skipped and logged. The texts are
/// the settings' editable Liquid templates; money and dates in the portal language's formats, dates in its zone.
/// <para>Markers: <c>promoter.name</c>, <c>company.name</c>; won deal: <c>deal.title</c>, <c>deal.amount</c>,
/// <c>commission.amount</c>, <c>commission.rate</c>, <c>payable_after</c>; payout: <c>payout.gross</c>, <c>payout.tax</c>,
/// <c>payout.net</c>, <c>payout.has_tax</c>, <c>payout.paid_on</c>, <c>payout.reference</c>, <c>payout.run</c>.</para>
/// </summary>
public sealed class PromoterNotices(
    NotificationOutbox outbox,
    NoticeTemplates templates,
    ReferralPageSettings page,
    PortalClock clock,
    IOptions<PortalOptions> portal,
    ILogger<PromoterNotices> logger)
{
    /// <summary>The markers the templates may use, for the settings page's list.</summary>
    public static readonly IReadOnlyList<string> WonDealMarkers =
        ["promoter.name", "company.name", "deal.title", "deal.amount", "commission.amount", "commission.rate", "payable_after"];

    public static readonly IReadOnlyList<string> PayoutMarkers =
        ["promoter.name", "company.name", "payout.gross", "payout.tax", "payout.net", "payout.has_tax", "payout.paid_on", "payout.reference", "payout.run"];

    public static readonly NoticeTemplate DefaultWonDeal = new(
        "Сделка закрыта: ваша комиссия {{ commission.amount }}",
        "<p>Здравствуйте, {{ promoter.name }}!</p>\n<p>Сделка на {{ deal.amount }} закрыта, ваши {{ commission.rate }}: <b>{{ commission.amount }}</b>, к выплате после {{ payable_after }}.</p>\n<p>Спасибо за рекомендацию!<br>{{ company.name }}</p>",
        "Сделка на {{ deal.amount }} закрыта, ваши {{ commission.rate }}: {{ commission.amount }}, к выплате после {{ payable_after }}. {{ company.name }}");

    public static readonly NoticeTemplate DefaultPayout = new(
        "Выплата {{ payout.net }} отправлена",
        "<p>Здравствуйте, {{ promoter.name }}!</p>\n<p>Мы перечислили вам {{ payout.net }} по реестру №{{ payout.run }} ({{ payout.paid_on }}, платёжное поручение {{ payout.reference }}).</p>\n{% if payout.has_tax %}<p>Начислено {{ payout.gross }}, удержан НДФЛ {{ payout.tax }}.</p>\n{% endif %}<p>{{ company.name }}</p>",
        "{{ company.name }}: выплата {{ payout.net }} отправлена {{ payout.paid_on }}, платёжное поручение {{ payout.reference }}.");

    /// <summary>Queues the won-deal notices of an accrued commission; keys <c>promoter:{id}:won:{commissionId}:{channel}</c>.</summary>
    public async Task WonDealAsync(LoyaltyDbContext db, Promoter promoter, PromoterCommission commission, string? dealTitle, PromoterSettings settings, CancellationToken ct)
    {
        var formats = Formats;
        var model = await ModelAsync(db, promoter, ct);
        model["deal"] = new Dictionary<string, object?> { ["title"] = dealTitle ?? "", ["amount"] = Money(commission.BaseAmount, formats) };
        model["commission"] = new Dictionary<string, object?>
        {
            ["amount"] = Money(commission.Amount, formats),
            ["rate"] = PromoterRegistry.Percent(commission.RateBasisPoints, formats),
        };
        model["payable_after"] = clock.ToPortal(commission.PayableAfter).ToString("d", formats);
        await QueueAsync(db, promoter, NotificationKind.PromoterWonDeal, settings.WonDealNotice, model, $"promoter:{promoter.Id}:won:{commission.Id}", ct);
    }

    /// <summary>Queues the "payout paid" notices; keys <c>payout:{id}:paid:{channel}</c>.</summary>
    public async Task PayoutPaidAsync(LoyaltyDbContext db, Promoter promoter, Payout payout, PromoterSettings settings, CancellationToken ct)
    {
        var formats = Formats;
        var model = await ModelAsync(db, promoter, ct);
        model["payout"] = new Dictionary<string, object?>
        {
            ["gross"] = Money(payout.Gross, formats),
            ["tax"] = Money(payout.Tax, formats),
            ["net"] = Money(payout.Net, formats),
            ["has_tax"] = payout.Tax > 0,
            ["paid_on"] = payout.PaidOn?.ToString("d", formats) ?? "",
            ["reference"] = payout.Reference ?? "",
            ["run"] = payout.RunId.ToString(CultureInfo.InvariantCulture),
        };
        await QueueAsync(db, promoter, NotificationKind.PromoterPayout, settings.PayoutNotice, model, $"payout:{payout.Id}:paid", ct);
    }

    /// <summary>Roubles as a promoter reads them: "150 000 ₽", or "150 000,50 ₽" when there are kopecks.</summary>
    public static string Money(long kopecks, CultureInfo formats) =>
        (kopecks / 100m).ToString(kopecks % 100 == 0 ? "N0" : "N2", formats) + "\u00A0₽";

    private CultureInfo Formats => PortalCultures.FormatsOf(portal.Value.DefaultLanguage == "en" ? PortalCultures.English : PortalCultures.Russian);

    private async Task<Dictionary<string, object?>> ModelAsync(LoyaltyDbContext db, Promoter promoter, CancellationToken ct)
    {
        var contact = await db.Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == promoter.ContactId, ct);
        var company = await page.CompanyNameAsync(db, ct);
        return new Dictionary<string, object?>
        {
            ["promoter"] = new Dictionary<string, object?> { ["name"] = contact is null ? "" : contact.FullName },
            ["company"] = new Dictionary<string, object?> { ["name"] = company },
        };
    }

    private async Task QueueAsync(LoyaltyDbContext db, Promoter promoter, NotificationKind kind, NoticeTemplate template, Dictionary<string, object?> model, string key, CancellationToken ct)
    {
        var contact = await db.Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == promoter.ContactId, ct);
        var render = templates.Render(template, model);
        if (render.Notice is not { } notice)
        {
            logger.LogWarning("Promoter {Promoter}: the {Kind} template did not render ({Errors}); no notice", promoter.Id, kind, string.Join("; ", render.Errors.Select(e => $"{e.Part}: {e.Message}")));
            return;
        }

        var name = contact?.FullName;
        var email = First(contact?.EmailNormalized) ?? First(contact?.Emails);
        var phone = First(contact?.Phones) ?? contact?.PhoneDigits;
        await SendAsync(db, promoter, NotificationChannel.Email, kind, email, name, notice, $"{key}:email", ct);
        await SendAsync(db, promoter, NotificationChannel.Sms, kind, phone, name, new RenderedNotice(null, null, notice.Text), $"{key}:sms", ct);
    }

    private async Task SendAsync(LoyaltyDbContext db, Promoter promoter, NotificationChannel channel, NotificationKind kind, string? to, string? name, RenderedNotice notice, string key, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(to))
        {
            logger.LogInformation("Promoter {Promoter}: no {Channel} on its contact, the {Kind} notice goes without it", promoter.Id, channel, kind);
            return;
        }

        var result = await outbox.EnqueueAsync(db, new NoticeRequest(channel, kind, to, notice, key) { RecipientName = name }, ct);
        if (!result.Accepted)
        {
            logger.LogInformation("Promoter {Promoter}: the {Kind} notice by {Channel} was not queued ({Outcome})", promoter.Id, kind, channel, result.Outcome);
        }
    }

    private static string? First(string? list) =>
        list?.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
}
