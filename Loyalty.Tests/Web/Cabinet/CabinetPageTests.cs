using System.Net;
using Loyalty.Core.Crm;
using Loyalty.Core.Portal;
using Loyalty.Core.Promoters;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Web.Cabinet;

/// <summary>
/// What the cabinet shows the signed-in promoter: its referred people by shortened name, the deal's amount, the
/// commission and its hold date, and its payouts; nothing of another promoter's.
/// </summary>
public sealed class CabinetPageTests(CabinetPortal portal) : IClassFixture<CabinetPortal>
{
    [Fact]
    public async Task TheCabinetListsOwnReferralsWithShortNamesCommissionsHoldDatesAndPayouts()
    {
        var now = DateTime.UtcNow;
        var payableAfter = now.Date.AddDays(10);
        await using (var db = await portal.DbFactory.CreateDbContextAsync())
        {
            db.Leads.AddRange(
                new Lead { Id = 950_001, Title = "Рекомендация: Ольга Смирнова", FirstName = "Ольга", LastName = "Смирнова", CreatedAt = now, SyncedAt = now, ModifiedAt = now },
                new Lead { Id = 950_002, Title = "Рекомендация: Пётр Сидоров", FirstName = "Пётр", LastName = "Сидоров", CreatedAt = now, SyncedAt = now, ModifiedAt = now });
            db.Deals.AddRange(
                new Deal { Id = 960_001, Title = "Сделка Ольги", LeadId = 950_001, AmountMinor = 10_000_000, SyncedAt = now, ModifiedAt = now },
                new Deal { Id = 960_002, Title = "Сделка Петра", LeadId = 950_002, AmountMinor = 7_777_700, SyncedAt = now, ModifiedAt = now });
            db.PromoterCommissions.AddRange(
                Commission(portal.Ivan.Id, 1, 950_001, 960_001, 10_000_000, 1_000_000, payableAfter, now),
                Commission(portal.Maria.Id, 2, 950_002, 960_002, 7_777_700, 777_770, payableAfter, now));
            var run = new PayoutRun { PeriodFrom = new DateOnly(2026, 11, 1), PeriodTo = new DateOnly(2026, 11, 30), CreatedAt = now, CreatedBy = "test" };
            db.PayoutRuns.Add(run);
            await db.SaveChangesAsync();
            db.Payouts.AddRange(
                new Payout { RunId = run.Id, PromoterId = portal.Ivan.Id, Gross = 500_000, Tax = 65_000, Net = 435_000, TaxBasisPoints = 1300, Status = PayoutStatus.Paid, PaidOn = new DateOnly(2026, 12, 1) },
                new Payout { RunId = run.Id, PromoterId = portal.Maria.Id, Gross = 777_700, Net = 777_700, Status = PayoutStatus.Pending });
            await db.SaveChangesAsync();
        }

        using var ivan = await portal.SignedInPromoterAsync(CabinetPortal.IvanEmail);
        var html = WebUtility.HtmlDecode(await ivan.Http.GetStringAsync("/cabinet")).Replace('\u00A0', ' ').Replace('\u202F', ' ');

        Assert.Contains("Ольга С.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Смирнова", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Рекомендация", html, StringComparison.Ordinal);
        Assert.Contains("Сделка на 100 000,00 ₽", html, StringComparison.Ordinal);
        Assert.Contains("10 000,00 ₽", html, StringComparison.Ordinal);
        var holdDate = portal.Services.GetRequiredService<PortalClock>().ToPortal(payableAfter).ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("к выплате после " + holdDate, html, StringComparison.Ordinal);
        Assert.Contains("Выплачено 01.12.2026", html, StringComparison.Ordinal);
        Assert.Contains("4 350,00 ₽", html, StringComparison.Ordinal);
        Assert.Contains("до налога 5 000,00 ₽", html, StringComparison.Ordinal);
        // Nothing of Maria's: her referral, her deal, her payout.
        Assert.DoesNotContain("Пётр", html, StringComparison.Ordinal);
        Assert.DoesNotContain("77 777,00", html, StringComparison.Ordinal);
        Assert.DoesNotContain("7 777,00", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Ещё не выплачено", html, StringComparison.Ordinal);
    }

    private static PromoterCommission Commission(long promoterId, int n, long leadId, long dealId, long baseAmount, long amount, DateTime payableAfter, DateTime now) => new()
    {
        PromoterId = promoterId,
        SourceKey = $"fact:cabinet-test:{n}",
        Trigger = CommissionTrigger.DealWon,
        LeadId = leadId,
        DealId = dealId,
        BaseAmount = baseAmount,
        RateBasisPoints = 1000,
        Amount = amount,
        RuleVersion = 1,
        Status = CommissionStatus.Accrued,
        PayableAfter = payableAfter,
        OccurredAt = now,
        RecordedAt = now,
    };
}
