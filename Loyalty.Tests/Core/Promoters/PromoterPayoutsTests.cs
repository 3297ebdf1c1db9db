using Loyalty.Core.Ledger;
using Loyalty.Core.Notifications;
using Loyalty.Core.Promoters;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Core.Promoters;

/// <summary>
/// Payouts over a real SQLite file: what a run may take (payable = balance − on hold − pending), the details a payee
/// needs, the tax of an individual, Paid (one ledger entry, the timeline comment, e-mail and SMS) and Cancelled, and
/// concurrent runs and payments racing on one file.
/// </summary>
public sealed class PromoterPayoutsTests
{
    private const string Accountant = "accountant@example.ru";
    private const string Inn12 = "500100732259";
    private const string Inn10 = "7707083893";
    private const string Bik = "044525225";
    private const string Account = "40817810000000001234";
    private const string Correspondent = "30101810400000000225";

    private static readonly DateOnly From = new(2026, 12, 1);
    private static readonly DateOnly To = new(2026, 12, 6);

    [Fact]
    public async Task ARunPaysEveryPayablePromoterWithDetailsInFullWithholdsAnIndividualsTaxAndSkipsOneWithoutDetails()
    {
        await using var world = await PromoterWorld.CreateAsync();
        await world.Settings.SaveAsync(new PromoterSettings { HoldDays = 0 }, PromoterWorld.Administrator);
        var paid = await PromoterAsync(world, 7, PromoterLegalStatus.Individual);
        var company = await PromoterAsync(world, 8, PromoterLegalStatus.Company);
        var bare = await PromoterAsync(world, 9, null);
        await EarnAsync(world, 7, 501, 150_000_00);
        await EarnAsync(world, 8, 502, 100_000_00);
        await EarnAsync(world, 9, 503, 20_000_00);

        var result = await world.Payouts.CreateRunAsync(From, To, null, Accountant);

        Assert.True(result.Succeeded, result.Error.ToString());
        Assert.Equal([bare.Id], result.Skipped);
        var payouts = await PayoutsAsync(world, result.RunId!.Value);
        Assert.Equal(2, payouts.Count);
        var individual = payouts.Single(p => p.PromoterId == paid.Id);
        Assert.Equal((15_000_00L, 1_950_00L, 13_050_00L, 13_00, PayoutStatus.Pending), (individual.Gross, individual.Tax, individual.Net, individual.TaxBasisPoints, individual.Status));
        Assert.Equal((PromoterLegalStatus.Individual, Inn12, Bik, Account, Correspondent), (individual.LegalStatus, individual.Inn, individual.Bik, individual.BankAccount, individual.CorrespondentAccount));
        var firm = payouts.Single(p => p.PromoterId == company.Id);
        Assert.Equal((10_000_00L, 0L, 10_000_00L), (firm.Gross, firm.Tax, firm.Net));

        // Reserved: nothing is payable to another run until the payouts are paid or cancelled.
        var lines = await world.Payouts.PayableAsync();
        Assert.Equal((15_000_00L, 15_000_00L, 0L), lines.Where(l => l.PromoterId == paid.Id).Select(l => (l.Balance, l.Pending, l.Payable)).Single());
        Assert.Equal((false, 2_000_00L), lines.Where(l => l.PromoterId == bare.Id).Select(l => (l.DetailsComplete, l.Payable)).Single());
        Assert.Equal(PayoutError.NothingPayable, (await world.Payouts.CreateRunAsync(From, To, null, Accountant)).Error);
    }

    [Fact]
    public async Task ChosenAmountsMustBePositiveWithinWhatIsPayableNowAndThePayeeNeedsValidDetails()
    {
        await using var world = await PromoterWorld.CreateAsync();
        var promoter = await PromoterAsync(world, 7, PromoterLegalStatus.SelfEmployed);
        var bare = await PromoterAsync(world, 9, null);
        await EarnAsync(world, 7, 501, 150_000_00);
        await EarnAsync(world, 9, 503, 20_000_00);

        // Still on hold (14 days): nothing is payable yet.
        Assert.Equal(PayoutError.AboveBalance, (await world.Payouts.CreateRunAsync(From, To, Amounts((promoter.Id, 1_00)), Accountant)).Error);
        world.Time.Advance(TimeSpan.FromDays(15));

        Assert.Equal(PayoutError.BadPeriod, (await world.Payouts.CreateRunAsync(To, From, Amounts((promoter.Id, 1_00)), Accountant)).Error);
        Assert.Equal(PayoutError.BadAmount, (await world.Payouts.CreateRunAsync(From, To, Amounts((promoter.Id, 0)), Accountant)).Error);
        Assert.Equal(PayoutError.AboveBalance, (await world.Payouts.CreateRunAsync(From, To, Amounts((promoter.Id, 15_000_01)), Accountant)).Error);
        Assert.Equal(PayoutError.UnknownPromoter, (await world.Payouts.CreateRunAsync(From, To, Amounts((4242, 1_00)), Accountant)).Error);
        var refused = await world.Payouts.CreateRunAsync(From, To, Amounts((bare.Id, 1_00)), Accountant);
        Assert.Equal((PayoutError.DetailsIncomplete, bare.Id), (refused.Error, refused.PromoterId));
        await using (var db = world.Database.CreateDbContext())
        {
            Assert.Equal(0, await db.PayoutRuns.CountAsync());
        }

        var run = await world.Payouts.CreateRunAsync(From, To, Amounts((promoter.Id, 6_000_00)), Accountant);
        Assert.True(run.Succeeded);
        var payout = Assert.Single(await PayoutsAsync(world, run.RunId!.Value));
        Assert.Equal((6_000_00L, 0L, 6_000_00L), (payout.Gross, payout.Tax, payout.Net));
        Assert.Equal(9_000_00L, (await world.Payouts.PayableAsync(promoter.Id))!.Payable);
        Assert.Equal(PayoutError.AboveBalance, (await world.Payouts.CreateRunAsync(From, To, Amounts((promoter.Id, 9_000_01)), Accountant)).Error);
    }

    [Fact]
    public async Task PaidPostsOnePayoutEntryTheTimelineCommentAndTheEmailAndSmsAndIsFinal()
    {
        await using var world = await PromoterWorld.CreateAsync();
        await world.Settings.SaveAsync(new PromoterSettings { HoldDays = 0 }, PromoterWorld.Administrator);
        var promoter = await PromoterAsync(world, 7, PromoterLegalStatus.Individual, phone: "+7 912 345-67-89", email: "ivan@example.ru");
        await EarnAsync(world, 7, 501, 150_000_00);
        var run = await world.Payouts.CreateRunAsync(From, To, null, Accountant);
        var payout = Assert.Single(await PayoutsAsync(world, run.RunId!.Value));

        Assert.Equal(PayoutError.ReferenceMissing, (await world.Payouts.MarkPaidAsync(payout.Id, To, " ", null, Accountant)).Error);
        Assert.Equal(PayoutError.BadPaidOn, (await world.Payouts.MarkPaidAsync(payout.Id, To.AddDays(5), "17", null, Accountant)).Error);
        Assert.Equal(PayoutError.BadPaidOn, (await world.Payouts.MarkPaidAsync(payout.Id, default, "17", null, Accountant)).Error);
        Assert.Equal(PayoutError.NotFound, (await world.Payouts.MarkPaidAsync(4242, To, "17", null, Accountant)).Error);

        var paid = await world.Payouts.MarkPaidAsync(payout.Id, To, "17", null, Accountant);

        Assert.True(paid.Succeeded, paid.Error.ToString());
        var entry = (await world.EntriesOfAsync(promoter.Id)).Last();
        Assert.Equal((EntryKind.Payout, -15_000_00L, $"payout:{payout.Id}", LedgerReason.PromoterPayout, paid.LedgerEntryId), (entry.Kind, entry.Amount, entry.SourceKey, entry.Reason, (long?)entry.Id));
        Assert.Equal($"Выплата промоутеру по реестру №{run.RunId}, платёжное поручение 17", LedgerReasonText.Render(entry.Reason, entry.ReasonArgs, null, Loyalty.Core.Portal.PortalCultures.Russian));
        var stored = Assert.Single(await PayoutsAsync(world, run.RunId.Value));
        Assert.Equal((PayoutStatus.Paid, To, "17", Accountant, entry.Id), (stored.Status, stored.PaidOn!.Value, stored.Reference, stored.PaidBy, stored.LedgerEntryId!.Value));
        var balance = await world.Commissions.BalanceAsync(promoter.Id);
        Assert.Equal((0L, 15_000_00L), (balance.Balance, balance.Paid));

        var comment = Assert.Single(await world.WritesAsync($"contact:7:comment:promoter:payout:{payout.Id}"));
        Assert.Equal("crm.timeline.comment.add", comment.Method);
        using (var parameters = System.Text.Json.JsonDocument.Parse(comment.Parameters))
        {
            var fields = parameters.RootElement.GetProperty("fields");
            Assert.Equal(("contact", 7L), (fields.GetProperty("ENTITY_TYPE").GetString(), fields.GetProperty("ENTITY_ID").GetInt64()));
            Assert.Equal($"Выплата 13\u00A0050,00\u00A0₽ по реестру №{run.RunId} (начислено 15\u00A0000,00\u00A0₽, удержан НДФЛ 1\u00A0950,00\u00A0₽), платёжное поручение 17 от 06.12.2026",
                fields.GetProperty("COMMENT").GetString());
        }

        var notices = (await world.NoticesAsync()).Where(n => n.Kind == NotificationKind.PromoterPayout).ToList();
        Assert.Equal([$"payout:{payout.Id}:paid:email", $"payout:{payout.Id}:paid:sms"], notices.Select(n => n.DedupeKey).Order().ToList());
        var mail = notices.Single(n => n.Channel == NotificationChannel.Email);
        Assert.Equal(("ivan@example.ru", "Выплата 13\u00A0050\u00A0₽ отправлена"), (mail.Recipient, mail.Subject));
        Assert.Contains("Начислено 15\u00A0000\u00A0₽, удержан НДФЛ 1\u00A0950\u00A0₽", System.Net.WebUtility.HtmlDecode(mail.Html), StringComparison.Ordinal);
        var sms = notices.Single(n => n.Channel == NotificationChannel.Sms);
        Assert.Equal(("+79123456789", "Наша компания: выплата 13\u00A0050\u00A0₽ отправлена 06.12.2026, платёжное поручение 17."), (sms.Recipient, sms.Text));

        // Final: neither paid again nor cancelled.
        Assert.Equal(PayoutError.NotPending, (await world.Payouts.MarkPaidAsync(payout.Id, To, "18", null, Accountant)).Error);
        Assert.Equal(PayoutError.NotPending, (await world.Payouts.CancelAsync(payout.Id, Accountant)).Error);
        Assert.Single(await world.EntriesOfAsync(promoter.Id), e => e.Kind == EntryKind.Payout);
    }

    [Fact]
    public async Task ASelfEmployedPayoutNeedsAReceiptAndAPromoterWithoutEmailGetsOnlyTheSms()
    {
        await using var world = await PromoterWorld.CreateAsync();
        await world.Settings.SaveAsync(new PromoterSettings { HoldDays = 0 }, PromoterWorld.Administrator);
        await PromoterAsync(world, 7, PromoterLegalStatus.SelfEmployed, phone: "89123456789");
        await EarnAsync(world, 7, 501, 10_000_00);
        var run = await world.Payouts.CreateRunAsync(From, To, null, Accountant);
        var payout = Assert.Single(await PayoutsAsync(world, run.RunId!.Value));
        Assert.Equal((1_000_00L, 0L), (payout.Gross, payout.Tax));

        Assert.Equal(PayoutError.ReceiptMissing, (await world.Payouts.MarkPaidAsync(payout.Id, To, "21", "  ", Accountant)).Error);
        Assert.True((await world.Payouts.MarkPaidAsync(payout.Id, To, "21", "20abc1xyz", Accountant)).Succeeded);

        Assert.Equal("20abc1xyz", Assert.Single(await PayoutsAsync(world, run.RunId.Value)).ReceiptNumber);
        var notice = Assert.Single(await world.NoticesAsync(), n => n.Kind == NotificationKind.PromoterPayout);
        Assert.Equal((NotificationChannel.Sms, "+79123456789"), (notice.Channel, notice.Recipient));
    }

    [Fact]
    public async Task ACancelledPayoutIsPayableAgainAndAClawbackLeavesNothingToPay()
    {
        await using var world = await PromoterWorld.CreateAsync();
        await world.Settings.SaveAsync(new PromoterSettings { HoldDays = 0 }, PromoterWorld.Administrator);
        var promoter = await PromoterAsync(world, 7, PromoterLegalStatus.SoleTrader);
        await EarnAsync(world, 7, 501, 100_000_00);
        var run = await world.Payouts.CreateRunAsync(From, To, null, Accountant);
        var payout = Assert.Single(await PayoutsAsync(world, run.RunId!.Value));
        Assert.Equal(0L, (await world.Payouts.PayableAsync(promoter.Id))!.Payable);

        Assert.True((await world.Payouts.CancelAsync(payout.Id, Accountant)).Succeeded);
        var cancelled = Assert.Single(await PayoutsAsync(world, run.RunId.Value));
        Assert.Equal((PayoutStatus.Cancelled, Accountant), (cancelled.Status, cancelled.CancelledBy));
        Assert.Equal(10_000_00L, (await world.Payouts.PayableAsync(promoter.Id))!.Payable);
        Assert.Equal(PayoutError.NotPending, (await world.Payouts.MarkPaidAsync(payout.Id, To, "5", null, Accountant)).Error);

        // A new run, then the deal moves back before the bank pays: the payout can no longer be marked paid.
        var second = await world.Payouts.CreateRunAsync(From, To, null, Accountant);
        var pending = Assert.Single(await PayoutsAsync(world, second.RunId!.Value));
        await world.UnwinDealAsync(501, PromoterWorld.Local(2026, 12, 6, 13));
        await world.Commissions.ProcessAsync();
        Assert.Equal(PayoutError.BalanceTooLow, (await world.Payouts.MarkPaidAsync(pending.Id, To, "6", null, Accountant)).Error);
        Assert.True((await world.Payouts.CancelAsync(pending.Id, Accountant)).Succeeded);

        // Paid, then clawed back: the balance is negative and nothing is payable until new commissions cover it.
        await EarnAsync(world, 7, 502, 50_000_00);
        var third = await world.Payouts.CreateRunAsync(From, To, null, Accountant);
        Assert.True((await world.Payouts.MarkPaidAsync(Assert.Single(await PayoutsAsync(world, third.RunId!.Value)).Id, To, "7", null, Accountant)).Succeeded);
        await world.UnwinDealAsync(502, PromoterWorld.Local(2026, 12, 6, 14));
        await world.Commissions.ProcessAsync();
        var line = (await world.Payouts.PayableAsync(promoter.Id))!;
        Assert.Equal((-5_000_00L, 0L), (line.Balance, line.Payable));
        Assert.Equal(PayoutError.NothingPayable, (await world.Payouts.CreateRunAsync(From, To, null, Accountant)).Error);
    }

    [Fact]
    public async Task RunsCreatedAtOnceFromManyThreadsNeverReserveMoreThanIsPayable()
    {
        await using var world = await PromoterWorld.CreateAsync();
        await world.Settings.SaveAsync(new PromoterSettings { HoldDays = 0 }, PromoterWorld.Administrator);
        var promoter = await PromoterAsync(world, 7, PromoterLegalStatus.Company);
        await EarnAsync(world, 7, 501, 250_000_00);

        // 25 000 ₽ payable; eight accountants ask for 10 000 ₽ each at the same moment: two can have it.
        using var start = new ManualResetEventSlim();
        var racers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await world.Payouts.CreateRunAsync(From, To, Amounts((promoter.Id, 10_000_00)), Accountant);
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(racers);

        Assert.Equal(2, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(PayoutError.AboveBalance, r.Error));
        await using var db = world.Database.CreateDbContext();
        Assert.Equal(20_000_00L, await db.Payouts.Where(p => p.PromoterId == promoter.Id && p.Status == PayoutStatus.Pending).SumAsync(p => p.Gross));
        Assert.Equal(5_000_00L, (await world.Payouts.PayableAsync(promoter.Id))!.Payable);
    }

    [Fact]
    public async Task APayoutMarkedPaidFromManyThreadsAtOncePostsOneEntryAndOneSetOfNotices()
    {
        await using var world = await PromoterWorld.CreateAsync();
        await world.Settings.SaveAsync(new PromoterSettings { HoldDays = 0 }, PromoterWorld.Administrator);
        var promoter = await PromoterAsync(world, 7, PromoterLegalStatus.Company, phone: "79123456789", email: "firm@example.ru");
        await EarnAsync(world, 7, 501, 100_000_00);
        var run = await world.Payouts.CreateRunAsync(From, To, null, Accountant);
        var payout = Assert.Single(await PayoutsAsync(world, run.RunId!.Value));

        using var start = new ManualResetEventSlim();
        var racers = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return i % 2 == 0
                ? await world.Payouts.MarkPaidAsync(payout.Id, To, $"P-{i}", null, Accountant)
                : await world.Payouts.CancelAsync(payout.Id, Accountant);
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(racers);

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(PayoutError.NotPending, r.Error));
        var final = Assert.Single(await PayoutsAsync(world, run.RunId.Value));
        var payouts = (await world.EntriesOfAsync(promoter.Id)).Where(e => e.Kind == EntryKind.Payout).ToList();
        var notices = (await world.NoticesAsync()).Where(n => n.Kind == NotificationKind.PromoterPayout).ToList();
        if (final.Status == PayoutStatus.Paid)
        {
            Assert.Equal(-10_000_00L, Assert.Single(payouts).Amount);
            Assert.Equal(2, notices.Count);
            Assert.Equal(0L, (await world.Commissions.BalanceAsync(promoter.Id)).Balance);
        }
        else
        {
            Assert.Equal(PayoutStatus.Cancelled, final.Status);
            Assert.Empty(payouts);
            Assert.Empty(notices);
            Assert.Equal(10_000_00L, (await world.Payouts.PayableAsync(promoter.Id))!.Payable);
        }
    }

    [Fact]
    public async Task MarkingPaidFromManyThreadsAtOncePostsOneEntry()
    {
        await using var world = await PromoterWorld.CreateAsync();
        await world.Settings.SaveAsync(new PromoterSettings { HoldDays = 0 }, PromoterWorld.Administrator);
        var promoter = await PromoterAsync(world, 7, PromoterLegalStatus.Company);
        await EarnAsync(world, 7, 501, 100_000_00);
        var run = await world.Payouts.CreateRunAsync(From, To, null, Accountant);
        var payout = Assert.Single(await PayoutsAsync(world, run.RunId!.Value));

        using var start = new ManualResetEventSlim();
        var racers = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await world.Payouts.MarkPaidAsync(payout.Id, To, $"P-{i}", null, Accountant);
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(racers);

        Assert.Single(results, r => r.Succeeded);
        Assert.Equal(-10_000_00L, Assert.Single(await world.EntriesOfAsync(promoter.Id), e => e.Kind == EntryKind.Payout).Amount);
        Assert.Equal(0L, (await world.Commissions.BalanceAsync(promoter.Id)).Balance);
    }

    [Fact]
    public async Task AWonDealTellsThePromoterByEmailAndSmsWhatItEarnedAndWhenItIsPayable()
    {
        await using var world = await PromoterWorld.CreateAsync();
        var promoter = await PromoterAsync(world, 7, null, phone: "79123456789", email: "ivan@example.ru");
        await EarnAsync(world, 7, 501, 150_000_00);

        var notices = await world.NoticesAsync();

        var commission = Assert.Single(await world.CommissionsOfAsync(promoter.Id));
        Assert.Equal([$"promoter:{promoter.Id}:won:{commission.Id}:email", $"promoter:{promoter.Id}:won:{commission.Id}:sms"], notices.Select(n => n.DedupeKey).Order().ToList());
        Assert.All(notices, n => Assert.Equal(NotificationKind.PromoterWonDeal, n.Kind));
        var sms = notices.Single(n => n.Channel == NotificationChannel.Sms);
        Assert.Equal("Сделка на 150\u00A0000\u00A0₽ закрыта, ваши 10\u00A0%: 15\u00A0000\u00A0₽, к выплате после 20.12.2026. Наша компания", sms.Text);
        var mail = notices.Single(n => n.Channel == NotificationChannel.Email);
        Assert.Equal("Сделка закрыта: ваша комиссия 15\u00A0000\u00A0₽", mail.Subject);
        Assert.Contains("Здравствуйте, Иван Петров!", mail.Html, StringComparison.Ordinal);

        // Replaying the facts sends nothing twice.
        await world.ReplayAsync();
        await world.Commissions.ProcessAsync();
        Assert.Equal(2, (await world.NoticesAsync()).Count);
    }

    [Fact]
    public async Task EditedTemplatesAreUsedAndABrokenOneIsRefusedWithItsPartAndLine()
    {
        await using var world = await PromoterWorld.CreateAsync();
        var broken = new PromoterSettings { PayoutNotice = PromoterNotices.DefaultPayout with { Html = "<p>ok</p>\n<p>{% if payout.has_tax %}</p>" } };
        var refused = await Assert.ThrowsAsync<PromoterSettingsInvalidException>(() => world.Settings.SaveAsync(broken, PromoterWorld.Administrator));
        var error = Assert.Single(refused.Errors);
        Assert.Equal((nameof(PromoterSettings.PayoutNotice), "PayoutNotice_ErrTemplate", "Html"), (error.Field, error.MessageKey, error.Arguments[0]));
        var empty = new PromoterSettings { WonDealNotice = PromoterNotices.DefaultWonDeal with { Subject = " " } };
        Assert.Equal("PayoutNotice_ErrEmpty", Assert.Single((await Assert.ThrowsAsync<PromoterSettingsInvalidException>(() => world.Settings.SaveAsync(empty, PromoterWorld.Administrator))).Errors).MessageKey);

        await world.Settings.SaveAsync(new PromoterSettings { WonDealNotice = new("Ура, {{ promoter.name }}", null, "+{{ commission.amount }} за «{{ deal.title }}»") }, PromoterWorld.Administrator);
        await PromoterAsync(world, 7, null, phone: "79123456789", email: "ivan@example.ru");
        await EarnAsync(world, 7, 501, 10_000_00);

        var notices = await world.NoticesAsync();
        Assert.Equal("+1\u00A0000\u00A0₽ за «Сделка 501»", notices.Single(n => n.Channel == NotificationChannel.Sms).Text);
        Assert.Equal("Ура, Иван Петров", notices.Single(n => n.Channel == NotificationChannel.Email).Subject);
    }

    private static IReadOnlyDictionary<long, long> Amounts(params (long PromoterId, long Amount)[] amounts) => amounts.ToDictionary(a => a.PromoterId, a => a.Amount);

    private static async Task<List<Payout>> PayoutsAsync(PromoterWorld world, long runId)
    {
        await using var db = world.Database.CreateDbContext();
        return await db.Payouts.AsNoTracking().Where(p => p.RunId == runId).OrderBy(p => p.Id).ToListAsync();
    }

    /// <summary>A promoter on contact <paramref name="contactId"/>, with valid details for <paramref name="status"/> (none when null).</summary>
    private static async Task<Promoter> PromoterAsync(PromoterWorld world, long contactId, PromoterLegalStatus? status, string? phone = null, string? email = null)
    {
        await world.SetContactAsync(contactId, "Иван", "Петров", phone: phone, email: email);
        var promoter = await world.Registry.SwitchOnAsync(contactId, PromoterWorld.Administrator);
        if (status is { } legal)
        {
            await using var db = world.Database.CreateDbContext();
            var row = await db.Promoters.SingleAsync(p => p.Id == promoter.Id);
            row.LegalStatus = legal;
            row.PayeeName = legal == PromoterLegalStatus.Company ? "ООО «Ромашка»" : "Петров Иван";
            row.Inn = legal == PromoterLegalStatus.Company ? Inn10 : Inn12;
            row.Bik = Bik;
            row.BankAccount = Account;
            row.CorrespondentAccount = Correspondent;
            await db.SaveChangesAsync();
            return row;
        }

        return promoter;
    }

    /// <summary>A deal won today for the promoter on <paramref name="contactId"/> (its own field), and a pass of the engine.</summary>
    private static async Task EarnAsync(PromoterWorld world, long contactId, long dealId, long amount)
    {
        await world.WinDealAsync(dealId, amount, PromoterWorld.Local(2026, 12, 6, 12), contactId: 1000 + dealId, userFields: $$"""{"UF_CRM_LOY_PR_ID":"{{contactId}}"}""");
        await world.Commissions.ProcessAsync();
    }
}
