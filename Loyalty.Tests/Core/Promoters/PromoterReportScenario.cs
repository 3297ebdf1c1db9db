using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Ledger;
using Loyalty.Core.Promoters;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Core.Promoters;

/// <summary>
/// Two promoters' November and December 2026 (Moscow), written through the real registry, engine and ledger, for the
/// report tests; "now" is <see cref="PromoterWorld.Now"/> (06.12.2026 12:30 in Moscow). Hold 14 days, rate 10 %.
/// <list type="bullet">
/// <item>Ivan Petrov: deal 200 (client Anna, 150 000 ₽) won 05.11 → 15 000 ₽, payable after 19.11; deal 202 (client Boris,
/// 20 000 ₽) won 10.11 → 2 000 ₽, unwon 20.11 (reversed); paid 10 000 ₽ on 25.11; deal 201 (client Vera, 50 000 ₽) won
/// 01.12 → 5 000 ₽, on hold until 15.12; lead 103 created 15.11 without a deal.</item>
/// <item>Maria Sokolova: deal 300 (client Galina, 100 000 ₽) won 03.11 → 10 000 ₽; paid 10 000 ₽ on 20.11; unwon 26.11: a
/// clawback, her balance −10 000 ₽.</item>
/// </list>
/// </summary>
public static class PromoterReportScenario
{
    public const long IvanContact = 1, MariaContact = 2, Anna = 10, Boris = 12, Vera = 11, Galina = 20, Dasha = 13;

    public sealed record Seeded(long Ivan, long Maria);

    public static async Task<Seeded> SeedAsync(IDbContextFactory<LoyaltyDbContext> dbFactory, PromoterRegistry registry, PromoterCommissions commissions, LedgerService ledger)
    {
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            foreach (var (id, first, last) in new[]
                     {
                         (IvanContact, "Иван", "Петров"), (MariaContact, "Мария", "Соколова"), (Anna, "Анна", "Смирнова"), (Boris, "Борис", "Орлов"),
                         (Vera, "Вера", "Иванова"), (Galina, "Галина", "Зайцева"), (Dasha, "Дарья", "Кузнецова"),
                     })
            {
                db.Contacts.Add(new Contact { Id = id, FirstName = first, LastName = last, CreatedAt = Local(2026, 1, 10), ModifiedAt = Local(2026, 1, 10), SyncedAt = Local(2026, 1, 10) });
            }

            await db.SaveChangesAsync();
        }

        var ivan = (await registry.SwitchOnAsync(IvanContact, PromoterWorld.Administrator)).Id;
        var maria = (await registry.SwitchOnAsync(MariaContact, PromoterWorld.Administrator)).Id;

        await LeadAsync(dbFactory, 100, IvanContact, Local(2026, 11, 2), Anna);
        await LeadAsync(dbFactory, 102, IvanContact, Local(2026, 11, 3), Boris);
        await LeadAsync(dbFactory, 103, IvanContact, Local(2026, 11, 15), Dasha);
        await LeadAsync(dbFactory, 101, IvanContact, Local(2026, 11, 28), Vera);
        await LeadAsync(dbFactory, 110, MariaContact, Local(2026, 11, 1), Galina);

        await WinAsync(dbFactory, 300, 100_000_00, Local(2026, 11, 3), 110, Galina);
        await WinAsync(dbFactory, 200, 150_000_00, Local(2026, 11, 5), 100, Anna);
        await WinAsync(dbFactory, 202, 20_000_00, Local(2026, 11, 10), 102, Boris);
        await commissions.ProcessAsync();
        await UnwinAsync(dbFactory, 202, Local(2026, 11, 20));
        await commissions.ProcessAsync();

        await ledger.DebitAsync(PromoterCommissions.Account(maria), EntryKind.Payout, 10_000_00, new PostingInfo("payout:test:maria", Local(2026, 11, 20, 15), "accountant@example.ru"));
        await ledger.DebitAsync(PromoterCommissions.Account(ivan), EntryKind.Payout, 10_000_00, new PostingInfo("payout:test:ivan", Local(2026, 11, 25, 15), "accountant@example.ru"));

        await UnwinAsync(dbFactory, 300, Local(2026, 11, 26));
        await WinAsync(dbFactory, 201, 50_000_00, Local(2026, 12, 1), 101, Vera);
        await commissions.ProcessAsync();
        return new Seeded(ivan, maria);
    }

    /// <summary>A day in Moscow at a given hour, as UTC.</summary>
    public static DateTime Local(int year, int month, int day, int hour = 12) => PromoterWorld.Local(year, month, day, hour);

    public static async Task LeadAsync(IDbContextFactory<LoyaltyDbContext> dbFactory, long id, long promoterContact, DateTime createdAt, long client)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        db.Leads.Add(new Lead
        {
            Id = id, Title = $"Заявка {id}", StatusId = "NEW", CreatedAt = createdAt, ModifiedAt = createdAt, SyncedAt = createdAt, ContactId = client,
            UserFields = $$"""{"UF_CRM_LOY_PR_ID":"{{promoterContact}}"}""",
        });
        await db.SaveChangesAsync();
    }

    public static async Task WinAsync(IDbContextFactory<LoyaltyDbContext> dbFactory, long id, long amount, DateTime wonAt, long leadId, long client)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var lead = await db.Leads.SingleAsync(l => l.Id == leadId);
        lead.ConvertedAt = wonAt.AddDays(-1);
        db.Deals.Add(new Deal
        {
            Id = id, Title = $"Ремонт {id}", StageId = "WON", Semantics = StageSemantics.Success, AmountMinor = amount, CurrencyId = "RUB",
            LeadId = leadId, ContactId = client, CreatedAt = wonAt.AddDays(-1), WonAt = wonAt, ModifiedAt = wonAt, SyncedAt = wonAt,
        });
        db.CrmFacts.Add(new CrmFact
        {
            Kind = CrmFactKind.DealWon, Key = $"deal:{id}:won:{wonAt:yyyy-MM-ddTHH:mm:ssZ}", EntityType = "deal", EntityId = id, OccurredAt = wonAt, RecordedAt = wonAt,
            AmountMinor = amount, CurrencyId = "RUB", ContactId = client,
        });
        await db.SaveChangesAsync();
    }

    public static async Task UnwinAsync(IDbContextFactory<LoyaltyDbContext> dbFactory, long id, DateTime at)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var deal = await db.Deals.SingleAsync(d => d.Id == id);
        deal.Semantics = StageSemantics.InProgress;
        deal.StageId = "NEW";
        deal.WonAt = null;
        db.CrmFacts.Add(new CrmFact
        {
            Kind = CrmFactKind.DealUnwon, Key = $"deal:{id}:unwon:{at:yyyy-MM-ddTHH:mm:ssZ}", EntityType = "deal", EntityId = id, OccurredAt = at, RecordedAt = at,
            AmountMinor = deal.AmountMinor, CurrencyId = "RUB", ContactId = deal.ContactId,
        });
        await db.SaveChangesAsync();
    }
}
