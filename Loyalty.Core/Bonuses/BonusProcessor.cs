using System.Globalization;
using System.Text.Json;
using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Ledger;
using Loyalty.Core.Portal;
using Outbox = Loyalty.Core.WriteBack.CrmWriteBackOutbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Loyalty.Core.Bonuses;

/// <summary>What one processing pass did.</summary>
public sealed record BonusPass(int Facts, int Accruals, int Reversals, int Redemptions, int Expired, int Skipped, int Customers)
{
    public bool DidAnything => Accruals + Reversals + Redemptions + Expired + Skipped + Customers > 0;
}

/// <summary>
/// Turns CRM facts into bonus ledger entries, idempotently (each entry's source key is the fact's key):
/// <list type="bullet">
/// <item><c>DealWon</c> in a covered pipeline, won on or after the start: an accrual to the deal's contact at the
/// contact's % before this deal (a deal without a contact, or in a currency without a rate, is listed as skipped);</item>
/// <item><c>DealUnwon</c> (moved back, lost after winning, deleted): everything the deal earned is reversed;</item>
/// <item><c>DealAmountChanged</c> on a credited deal: the difference, priced with the rules the deal was credited under;</item>
/// <item><c>DealLost</c>: bonuses spent on that deal are given back.</item>
/// </list>
/// Then it applies redemptions managers entered in deals (<see cref="BonusSettings.DealRedeemField"/>), expires
/// what is due, refreshes the customers it touched and queues their write-back to Bitrix24.
/// While the program is off, nothing new is accrued or redeemed, but reversals still happen: a refund never keeps bonuses.
/// </summary>
public sealed class BonusProcessor(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    LedgerService ledger,
    BonusSettingsStore settingsStore,
    BonusCustomers customers,
    PortalClock clock,
    ILogger<BonusProcessor> logger)
{
    public const string Program = "bonuses";
    public const string Actor = "system:bonuses";
    private const int FactsPerRead = 500;

    private static readonly CrmFactKind[] Kinds = [CrmFactKind.DealWon, CrmFactKind.DealUnwon, CrmFactKind.DealAmountChanged, CrmFactKind.DealLost];

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Runs one pass (one at a time; a second caller waits for the first).</summary>
    public async Task<BonusPass> ProcessAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var current = await settingsStore.CurrentAsync(ct);
            var touched = new HashSet<long>();
            var pass = new BonusPass(0, 0, 0, 0, 0, 0, 0);
            pass = await ProcessFactsAsync(current, touched, pass, ct);
            pass = await ProcessRedemptionsAsync(current, touched, pass, ct);
            pass = await ExpireAsync(touched, pass, ct);
            var refreshed = await RefreshCustomersAsync(current, touched, ct);
            pass = pass with { Customers = refreshed };
            if (pass.DidAnything)
            {
                logger.LogInformation("Bonus pass: {Pass}", pass);
            }

            return pass;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> between two passes, so that no fact is half-processed while it reads and posts
    /// (a recalculation's corrections): the pass waits for it, and it waits for the pass.
    /// </summary>
    internal async Task<T> ExclusiveAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            return await work();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The touched customers; everyone when the rules changed since the last refresh (tiers and % depend on them).</summary>
    private async Task<int> RefreshCustomersAsync(VersionedBonusSettings current, HashSet<long> touched, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var cursor = await db.ProgramCursors.FindAsync([Program], ct) ?? db.ProgramCursors.Add(new ProgramCursor { Program = Program }).Entity;
        if (cursor.SettingsVersion == current.Version)
        {
            return await customers.RefreshAsync(touched, ct);
        }

        var refreshed = await customers.RefreshAllAsync(ct);
        cursor.SettingsVersion = current.Version;
        await db.SaveChangesAsync(ct);
        return refreshed;
    }

    private async Task<BonusPass> ProcessFactsAsync(VersionedBonusSettings current, HashSet<long> touched, BonusPass pass, CancellationToken ct)
    {
        var versions = new Dictionary<int, BonusSettings> { [current.Version] = current.Settings };
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var cursor = await db.ProgramCursors.FindAsync([Program], ct) ?? db.ProgramCursors.Add(new ProgramCursor { Program = Program }).Entity;
            var facts = await db.CrmFacts.AsNoTracking()
                .Where(f => f.Id > cursor.LastFactId && Kinds.Contains(f.Kind))
                .OrderBy(f => f.Id).Take(FactsPerRead).ToListAsync(ct);
            if (facts.Count == 0)
            {
                // Facts of other kinds may lie beyond: move past them too.
                var last = await db.CrmFacts.MaxAsync(f => (long?)f.Id, ct) ?? 0;
                if (last > cursor.LastFactId)
                {
                    cursor.LastFactId = last;
                    await db.SaveChangesAsync(ct);
                }

                return pass;
            }

            var history = await BonusHistory.CreateAsync(db, current.Settings, clock.Zone, ct);
            // Wins in a row are credited together (one query for the customers' histories, one transaction);
            // any other fact first flushes them, so a deal's facts are still handled in their order.
            var wins = new List<CrmFact>();
            foreach (var fact in facts)
            {
                if (fact.Kind == CrmFactKind.DealWon)
                {
                    wins.Add(fact);
                    continue;
                }

                pass = await WonAsync(db, history, current, wins, touched, pass, ct);
                wins.Clear();
                pass = fact.Kind switch
                {
                    CrmFactKind.DealUnwon => await UnwonAsync(db, fact, touched, pass, ct),
                    CrmFactKind.DealAmountChanged => await AmountChangedAsync(db, history, versions, fact, touched, pass, ct),
                    CrmFactKind.DealLost => await LostAsync(db, fact, touched, pass, ct),
                    _ => pass,
                };
            }

            pass = await WonAsync(db, history, current, wins, touched, pass, ct);
            pass = pass with { Facts = pass.Facts + facts.Count };

            cursor.LastFactId = facts[^1].Id;
            await db.SaveChangesAsync(ct);
        }
    }

    private async Task<BonusPass> WonAsync(LoyaltyDbContext db, BonusHistory history, VersionedBonusSettings current, List<CrmFact> wins, HashSet<long> touched, BonusPass pass, CancellationToken ct)
    {
        var settings = current.Settings;
        var counted = wins.Where(f => settings.Enabled && f.RecordedAt >= current.EnabledSince && f.PipelineId is { } pipeline && history.Counts(pipeline, f.OccurredAt)).ToList();
        if (counted.Count == 0)
        {
            return pass;
        }

        var credits = new List<(CrmFact Fact, long ContactId, long Amount)>();
        foreach (var fact in counted)
        {
            var amount = history.ToBase(fact.AmountMinor ?? 0, fact.CurrencyId);
            if (fact.ContactId is not { } contactId || amount is null)
            {
                await SkipAsync(db, fact, amount is null ? BonusSkipReason.UnknownCurrency : BonusSkipReason.NoContact, ct);
                pass = pass with { Skipped = pass.Skipped + 1 };
            }
            else
            {
                credits.Add((fact, contactId, amount.Value));
            }
        }

        var earlier = await history.WonDealsOfAsync(credits.Select(c => c.ContactId).Distinct().ToList(), ct);
        var requests = new List<CreditRequest>();
        foreach (var (fact, contactId, amount) in credits)
        {
            var before = history.StatsBefore(earlier.GetValueOrDefault(contactId) ?? [], fact.OccurredAt, fact.EntityId);
            var accrual = BonusMath.Accrual(settings, before, amount);
            if (accrual > 0)
            {
                var info = new PostingInfo("fact:" + fact.Key, fact.OccurredAt, Actor, null, current.Version, fact.EntityId, AccrualReason(settings, BonusMath.CurrentPercent(settings, before), amount));
                requests.Add(new CreditRequest(Customer(contactId), EntryKind.Accrual, accrual, info, ExpiresAt(settings, fact.OccurredAt)));
            }
        }

        var posted = await ledger.CreditManyAsync(requests, ct);
        touched.UnionWith(requests.Select(r => r.Account.OwnerId));
        await db.SaveChangesAsync(ct);
        return pass with { Accruals = pass.Accruals + posted.Count };
    }

    private async Task<BonusPass> UnwonAsync(LoyaltyDbContext db, CrmFact fact, HashSet<long> touched, BonusPass pass, CancellationToken ct)
    {
        var reversed = 0;
        foreach (var accountId in await AccountsWithDealAsync(db, fact.EntityId, ct))
        {
            var deal = await DealLedger.LoadAsync(db, accountId, fact.EntityId, ct);
            foreach (var (credit, left) in deal.Credits)
            {
                await ledger.ReverseAsync(credit.Id, new PostingInfo($"fact:{fact.Key}:{credit.Id}", fact.OccurredAt, Actor, DealId: fact.EntityId, Reason: LedgerReason.Of(LedgerReason.BonusDealUnwon)), left, ct);
                reversed++;
            }

            touched.Add(await OwnerAsync(db, accountId, ct));
        }

        return pass with { Reversals = pass.Reversals + reversed };
    }

    private async Task<BonusPass> LostAsync(LoyaltyDbContext db, CrmFact fact, HashSet<long> touched, BonusPass pass, CancellationToken ct)
    {
        var reversed = 0;
        foreach (var accountId in await AccountsWithDealAsync(db, fact.EntityId, ct))
        {
            var deal = await DealLedger.LoadAsync(db, accountId, fact.EntityId, ct);
            foreach (var (redemption, left) in deal.Redemptions)
            {
                await ledger.ReverseAsync(redemption.Id, new PostingInfo($"fact:{fact.Key}:{redemption.Id}", fact.OccurredAt, Actor, DealId: fact.EntityId, Reason: LedgerReason.Of(LedgerReason.BonusDealLost)), left, ct);
                reversed++;
            }

            touched.Add(await OwnerAsync(db, accountId, ct));
        }

        return pass with { Reversals = pass.Reversals + reversed };
    }

    private async Task<BonusPass> AmountChangedAsync(
        LoyaltyDbContext db, BonusHistory history, Dictionary<int, BonusSettings> versions, CrmFact fact, HashSet<long> touched, BonusPass pass, CancellationToken ct)
    {
        var deal = await db.Deals.AsNoTracking().FirstOrDefaultAsync(d => d.Id == fact.EntityId, ct);
        if (deal is not { Semantics: StageSemantics.Success, DeletedAt: null, WonAt: { } wonAt, ContactId: { } contactId })
        {
            return pass;
        }

        var account = await AccountIdAsync(db, contactId, ct);
        if (account is null)
        {
            return pass;
        }

        var ledgerOfDeal = await DealLedger.LoadAsync(db, account.Value, deal.Id, ct);
        if (ledgerOfDeal.NetAccrual <= 0 || ledgerOfDeal.RuleVersion is not { } version)
        {
            return pass;
        }

        if (!versions.TryGetValue(version, out var rules))
        {
            rules = versions[version] = (await settingsStore.VersionAsync(version, ct)).Settings;
        }

        var amount = history.ToBase(deal.AmountMinor, deal.CurrencyId) ?? 0;
        var before = await history.StatsAsync(contactId, wonAt, deal.Id, ct);
        var difference = BonusMath.Accrual(rules, before, amount) - ledgerOfDeal.NetAccrual;
        var info = new PostingInfo("fact:" + fact.Key, fact.OccurredAt, Actor, null, version, deal.Id, LedgerReason.Of(LedgerReason.BonusDealAmountChanged, ("Amount", amount)));
        return await PostDifferenceAsync(Customer(contactId), ledgerOfDeal, difference, info, ExpiresAt(rules, fact.OccurredAt), EntryKind.Accrual, touched, contactId, pass, ct);
    }

    /// <summary>Brings a deal's net accrual to target: a credit for more, reversals of its newest credits for less.</summary>
    internal async Task<BonusPass> PostDifferenceAsync(
        AccountKey account, DealLedger deal, long difference, PostingInfo info, DateTime? expiresAt, EntryKind creditKind, HashSet<long> touched, long contactId, BonusPass pass, CancellationToken ct)
    {
        if (difference > 0)
        {
            await ledger.CreditAsync(account, creditKind, difference, info, expiresAt, ct);
            touched.Add(contactId);
            return pass with { Accruals = pass.Accruals + 1 };
        }

        var reversed = 0;
        foreach (var (credit, left) in deal.Credits)
        {
            if (difference == 0)
            {
                break;
            }

            var take = Math.Min(left, -difference);
            await ledger.ReverseAsync(credit.Id, info with { SourceKey = $"{info.SourceKey}:{credit.Id}" }, take, ct);
            difference += take;
            reversed++;
        }

        if (reversed > 0)
        {
            touched.Add(contactId);
        }

        return pass with { Reversals = pass.Reversals + reversed };
    }

    /// <summary>
    /// Redemptions entered by managers in deals: for each deal synced since the last pass, the amount in the redeem
    /// field is applied (capped by the balance and the order share) as the net redemption on that deal; a changed
    /// amount posts the difference, a cleared one gives the bonuses back. The amount applied is written to the deal,
    /// with a timeline comment when a cap cut it.
    /// </summary>
    private async Task<BonusPass> ProcessRedemptionsAsync(VersionedBonusSettings current, HashSet<long> touched, BonusPass pass, CancellationToken ct)
    {
        var settings = current.Settings;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var cursor = await db.ProgramCursors.FindAsync([Program], ct) ?? db.ProgramCursors.Add(new ProgramCursor { Program = Program }).Entity;
        var from = cursor.DealsSyncedAfter;
        var upTo = await db.Deals.MaxAsync(d => (DateTime?)d.SyncedAt, ct);
        if (upTo is null || upTo <= from)
        {
            return pass;
        }

        if (settings.Enabled)
        {
            var field = "\"" + settings.DealRedeemField + "\"";
            var candidates = await db.Deals.AsNoTracking()
                .Where(d => (from == null || d.SyncedAt > from) && d.SyncedAt <= upTo && d.UserFields != null && d.UserFields.Contains(field))
                .Select(d => d.Id).ToListAsync(ct);
            foreach (var dealId in candidates)
            {
                pass = await RedeemFromDealAsync(dealId, current, touched, pass, ct);
            }
        }

        cursor.DealsSyncedAfter = upTo;
        await db.SaveChangesAsync(ct);
        return pass;
    }

    private async Task<BonusPass> RedeemFromDealAsync(long dealId, VersionedBonusSettings current, HashSet<long> touched, BonusPass pass, CancellationToken ct)
    {
        var settings = current.Settings;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deal = await db.Deals.AsNoTracking().FirstAsync(d => d.Id == dealId, ct);
        var requested = UserFieldMoney(deal.UserFields, settings.DealRedeemField, out var unreadable);
        if (unreadable is not null)
        {
            logger.LogWarning("Deal {DealId}: the redemption field {Field} holds \"{Value}\", not an amount; ignored", deal.Id, settings.DealRedeemField, unreadable);
            return pass;
        }

        if (deal.ContactId is not { } contactId || deal.DeletedAt is not null || deal.Semantics == StageSemantics.Failure)
        {
            return pass;
        }

        var handled = await db.BonusDealRedemptions.FindAsync([deal.Id], ct);
        if ((handled is null && requested == 0) || (handled is not null && handled.Requested == requested && handled.ContactId == contactId))
        {
            return pass;
        }

        var key = Customer(contactId);
        var accountId = await AccountIdAsync(db, contactId, ct);
        var onDeal = accountId is { } id ? await DealLedger.LoadAsync(db, id, deal.Id, ct) : null;
        var already = onDeal?.NetRedemption ?? 0;
        var balance = await ledger.BalanceAsync(key, ct);
        var history = await BonusHistory.CreateAsync(db, settings, clock.Zone, ct);
        var order = history.ToBase(deal.AmountMinor, deal.CurrencyId) ?? 0;
        var (target, cap) = BonusMath.Redemption(settings, requested, balance + already, order);
        var now = clock.UtcNow;
        var info = new PostingInfo($"redeem:deal:{deal.Id}:{requested}:{already}", now, Actor, null, current.Version, deal.Id, RedemptionReason(requested, target, cap, balance + already, settings));
        LedgerEntry? posted = null;
        if (target > already)
        {
            try
            {
                posted = await ledger.DebitAsync(key, EntryKind.Redemption, target - already, info, ct);
            }
            catch (InsufficientBalanceException ex)
            {
                // The balance moved between reading and posting; the next pass tries again with the new balance.
                logger.LogInformation("Deal {DealId}: redemption postponed, {Message}", deal.Id, ex.Message);
                return pass;
            }
        }
        else if (target < already && onDeal is not null)
        {
            var give = already - target;
            foreach (var (redemption, left) in onDeal.Redemptions)
            {
                if (give == 0)
                {
                    break;
                }

                var take = Math.Min(left, give);
                posted = await ledger.ReverseAsync(redemption.Id, info with { SourceKey = $"{info.SourceKey}:{redemption.Id}" }, take, ct);
                give -= take;
            }
        }

        handled ??= db.BonusDealRedemptions.Add(new BonusDealRedemption { DealId = deal.Id }).Entity;
        handled.ContactId = contactId;
        handled.Requested = requested;
        handled.Applied = posted is null ? already : target;
        handled.Cap = cap;
        handled.HandledAt = now;
        await Outbox.EnqueueAsync(db, $"deal:{deal.Id}:redeemed", "crm.deal.update",
            new Dictionary<string, object> { ["id"] = deal.Id, ["fields"] = new Dictionary<string, object> { [settings.DealRedeemedField] = Roubles(handled.Applied) } }, now, ct);
        if (cap != RedemptionCap.None)
        {
            // The manager asked for more than could be applied: the deal's timeline says how much and why.
            await Outbox.EnqueueAsync(db, $"deal:{deal.Id}:comment:redeem:{requested}", "crm.timeline.comment.add",
                new Dictionary<string, object> { ["fields"] = new Dictionary<string, object> { ["ENTITY_ID"] = deal.Id, ["ENTITY_TYPE"] = "deal", ["COMMENT"] = LedgerReasonText.Render(info.Reason!, PortalCultures.Russian) ?? "" } }, now, ct);
        }

        await db.SaveChangesAsync(ct);
        touched.Add(contactId);
        return pass with { Redemptions = pass.Redemptions + (posted is null ? 0 : 1) };
    }

    private async Task<BonusPass> ExpireAsync(HashSet<long> touched, BonusPass pass, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.UtcNow;
        var due = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.ExpiresAt != null && e.ExpiresAt <= now && e.Amount > 0)
            .Where(e => db.LedgerAccounts.Any(a => a.Id == e.AccountId && a.Kind == AccountKind.CustomerBonus))
            .Where(e => e.Amount > db.LedgerAllocations.Where(a => a.CreditEntryId == e.Id).Sum(a => a.Amount))
            .Select(e => new { e.Id, e.AccountId }).ToListAsync(ct);
        foreach (var lot in due)
        {
            if (await ledger.ExpireAsync(lot.Id, Actor, ct) is not null)
            {
                touched.Add(await OwnerAsync(db, lot.AccountId, ct));
                pass = pass with { Expired = pass.Expired + 1 };
            }
        }

        return pass;
    }

    private static AccountKey Customer(long contactId) => new(AccountKind.CustomerBonus, contactId);

    private static async Task<long?> AccountIdAsync(LoyaltyDbContext db, long contactId, CancellationToken ct) =>
        await db.LedgerAccounts.Where(a => a.Kind == AccountKind.CustomerBonus && a.OwnerId == contactId).Select(a => (long?)a.Id).FirstOrDefaultAsync(ct);

    private static async Task<long> OwnerAsync(LoyaltyDbContext db, long accountId, CancellationToken ct) =>
        await db.LedgerAccounts.Where(a => a.Id == accountId).Select(a => a.OwnerId).FirstAsync(ct);

    /// <summary>The customer accounts holding entries of a deal (the deal's contact may have changed since).</summary>
    private static async Task<List<long>> AccountsWithDealAsync(LoyaltyDbContext db, long dealId, CancellationToken ct) =>
        await db.LedgerEntries.Where(e => e.DealId == dealId)
            .Join(db.LedgerAccounts.Where(a => a.Kind == AccountKind.CustomerBonus), e => e.AccountId, a => a.Id, (e, a) => a.Id)
            .Distinct().ToListAsync(ct);

    private async Task SkipAsync(LoyaltyDbContext db, CrmFact fact, BonusSkipReason reason, CancellationToken ct)
    {
        var skip = await db.BonusSkips.FindAsync([fact.EntityId], ct);
        if (skip is null)
        {
            db.BonusSkips.Add(new BonusSkip { DealId = fact.EntityId, Reason = reason, WonAt = fact.OccurredAt, Amount = fact.AmountMinor ?? 0, RecordedAt = clock.UtcNow });
        }
        else
        {
            skip.Reason = reason;
            skip.WonAt = fact.OccurredAt;
            skip.Amount = fact.AmountMinor ?? 0;
        }
    }

    internal static DateTime? ExpiresAt(BonusSettings settings, DateTime occurredAt) =>
        settings.ExpiryMonths is { } months ? occurredAt.AddMonths(months) : null;

    /// <summary>Why an accrual is what it is: a percent of the amount, or N bonus roubles a step of it.</summary>
    internal static LedgerReason AccrualReason(BonusSettings settings, decimal percent, long amount) => settings.Basis == AccrualBasis.PointsPerAmount
        ? LedgerReason.Of(LedgerReason.BonusSteps, ("Points", settings.PointsPerStep), ("Step", settings.StepAmount), ("Amount", amount))
        : LedgerReason.Of(LedgerReason.BonusPercent, ("Percent", percent), ("Amount", amount));

    private static LedgerReason RedemptionReason(long requested, long applied, RedemptionCap cap, long balance, BonusSettings settings) => cap switch
    {
        RedemptionCap.Balance => LedgerReason.Of(LedgerReason.BonusRedeemedUpToBalance, ("Requested", requested), ("Applied", applied), ("Balance", balance)),
        RedemptionCap.OrderShare => LedgerReason.Of(LedgerReason.BonusRedeemedUpToShare, ("Requested", requested), ("Applied", applied), ("Share", settings.MaxRedeemSharePercent)),
        _ => LedgerReason.Of(LedgerReason.BonusRedeemed, ("Applied", applied)),
    };

    /// <summary>Roubles as Bitrix24 money fields take them: "1500.50".</summary>
    internal static string Roubles(long kopecks) => (kopecks / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads a money user field (roubles: <c>"1500"</c>, <c>"1500.50"</c>, <c>"1 500,50"</c>, a number, or Bitrix24's money
    /// type <c>"1500|RUB"</c>) as kopecks; empty or absent is 0. An unreadable value is returned in <paramref name="unreadable"/>.
    /// </summary>
    internal static long UserFieldMoney(string? userFields, string field, out string? unreadable)
    {
        unreadable = null;
        if (userFields is null)
        {
            return 0;
        }

        using var document = JsonDocument.Parse(userFields);
        if (!document.RootElement.TryGetProperty(field, out var value))
        {
            return 0;
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.TryGetDecimal(out var number) && number >= 0 && Money.TryFromDecimal(number, out var money) ? money.Minor : Unreadable(value.GetRawText(), out unreadable);
        }

        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.False)
        {
            return 0;
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : value.GetRawText();
        if (text.Length == 0)
        {
            return 0;
        }

        var plain = text.Split('|')[0].Replace(" ", "").Replace("\u00A0", "").Replace(',', '.');
        // An amount beyond Money's range is as unreadable as a word: it must not stop the bonus pass.
        return decimal.TryParse(plain, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) && decimal.Round(amount, 2) == amount
            && Money.TryFromDecimal(amount, out var parsed)
            ? parsed.Minor
            : Unreadable(text, out unreadable);
    }

    private static long Unreadable(string text, out string unreadable)
    {
        unreadable = text;
        return 0;
    }
}
