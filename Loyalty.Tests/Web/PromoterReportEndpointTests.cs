using System.Net;
using System.Text;
using ClosedXML.Excel;
using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Identity;
using Loyalty.Core.Ledger;
using Loyalty.Core.Promoters;
using Loyalty.Core.Reports;
using Loyalty.Tests.Core.Promoters;
using Loyalty.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Web;

/// <summary>
/// The portal at <see cref="PromoterWorld.Now"/> (06.12.2026) with <see cref="PromoterReportScenario"/>, a third promoter
/// (a company whose payee name is a formula with quotes and a semicolon) and two payout runs made through the real
/// payouts service: run 1 paid Ivan 2 000 ₽ and cancelled Oleg's 1 000 ₽; run 2 (all payable) is pending.
/// </summary>
public sealed class PromoterReportPortal : PortalFactory, IAsyncLifetime
{
    public const long OlegContact = 3, OlegClient = 30;
    public const string Accountant = "accountant@demo.loyalty";
    public const string FormulaPayee = "=HYPERLINK(\"http://x\";\"Ремонт; сервис\")";

    private readonly ManualTimeProvider _time = new(PromoterWorld.Now);

    public PromoterReportScenario.Seeded Seeded { get; private set; } = null!;

    public long Oleg { get; private set; }

    public long PaidRun { get; private set; }

    public long PendingRun { get; private set; }

    public static string ValidAccount { get; } =
        Enumerable.Range(0, 10).Select(key => $"40817810{key}38000123456").Single(a => BankDetails.IsValidAccount(a, "044525225"));

    public async Task InitializeAsync()
    {
        var dbFactory = Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>();
        var registry = Services.GetRequiredService<PromoterRegistry>();
        var commissions = Services.GetRequiredService<PromoterCommissions>();
        Seeded = await PromoterReportScenario.SeedAsync(dbFactory, registry, commissions, Services.GetRequiredService<LedgerService>());

        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var at = PromoterReportScenario.Local(2026, 1, 10);
            db.Contacts.Add(new Contact { Id = OlegContact, FirstName = "Олег", LastName = "Ким", CreatedAt = at, ModifiedAt = at, SyncedAt = at });
            db.Contacts.Add(new Contact { Id = OlegClient, FirstName = "Пётр", LastName = "Белов", CreatedAt = at, ModifiedAt = at, SyncedAt = at });
            await db.SaveChangesAsync();
        }

        Oleg = (await registry.SwitchOnAsync(OlegContact, PromoterWorld.Administrator)).Id;
        await PromoterReportScenario.LeadAsync(dbFactory, 120, OlegContact, PromoterReportScenario.Local(2026, 11, 1), OlegClient);
        await PromoterReportScenario.WinAsync(dbFactory, 400, 80_000_00, PromoterReportScenario.Local(2026, 11, 2), 120, OlegClient);
        await commissions.ProcessAsync();

        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var ivan = await db.Promoters.SingleAsync(p => p.Id == Seeded.Ivan);
            (ivan.LegalStatus, ivan.PayeeName, ivan.Inn) = (PromoterLegalStatus.Individual, "Петров Иван Сергеевич", "500100732259");
            var oleg = await db.Promoters.SingleAsync(p => p.Id == Oleg);
            (oleg.LegalStatus, oleg.PayeeName, oleg.Inn) = (PromoterLegalStatus.Company, FormulaPayee, "7707083893");
            foreach (var p in new[] { ivan, oleg })
            {
                (p.Bik, p.BankAccount, p.CorrespondentAccount) = ("044525225", ValidAccount, "30101810400000000225");
            }

            await db.SaveChangesAsync();
        }

        var payouts = Services.GetRequiredService<PromoterPayouts>();
        var first = await payouts.CreateRunAsync(new(2026, 11, 1), new(2026, 11, 30), new Dictionary<long, long> { [Seeded.Ivan] = 2_000_00, [Oleg] = 1_000_00 }, Accountant);
        Assert.True(first.Succeeded, first.Error.ToString());
        PaidRun = first.RunId!.Value;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var ids = await db.Payouts.Where(p => p.RunId == PaidRun).ToDictionaryAsync(p => p.PromoterId, p => p.Id);
            Assert.True((await payouts.MarkPaidAsync(ids[Seeded.Ivan], new DateOnly(2026, 12, 6), "17", null, Accountant)).Succeeded);
            Assert.True((await payouts.CancelAsync(ids[Oleg], Accountant)).Succeeded);
        }

        var second = await payouts.CreateRunAsync(new(2026, 11, 1), new(2026, 11, 30), null, Accountant);
        Assert.True(second.Succeeded, second.Error.ToString());
        PendingRun = second.RunId!.Value;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(_time));
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

/// <summary>
/// The promoter reports downloaded over HTTP as an accountant would, opened with ClosedXML (the CSV parsed back), and
/// checked against the ledger, the registry's figures and the payouts; who may download them; what a bad address gets.
/// </summary>
public sealed class PromoterReportEndpointTests(PromoterReportPortal portal) : IClassFixture<PromoterReportPortal>
{
    [Fact]
    public async Task ThisMonthsPayoutReportShowsTheRegistrysFiguresAndTheIndividualsTaxWithheld()
    {
        using var client = await SignedInAsync(Roles.Accountant);

        var response = await client.Http.GetAsync(PromoterReportEndpointsPaths.Payouts + "?from=2026-12-01&to=2026-12-31");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PromoterReports.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("promoter-payouts-2026-12-01-2026-12-31.xlsx", FileName(response));
        using var workbook = new XLWorkbook(await response.Content.ReadAsStreamAsync());
        var sheet = workbook.Worksheet(1);
        Assert.Equal(1, sheet.SheetView.SplitRow);
        Assert.Equal("A1:N4", sheet.AutoFilter.Range.RangeAddress.ToString());
        Assert.Equal(["Иван Петров", "Мария Соколова", "Олег Ким"], Enumerable.Range(2, 3).Select(r => sheet.Cell(r, 1).GetString()));

        var commissions = portal.Services.GetRequiredService<PromoterCommissions>();
        foreach (var (row, id) in new[] { (2, portal.Seeded.Ivan), (3, portal.Seeded.Maria), (4, portal.Oleg) })
        {
            var balance = await commissions.BalanceAsync(id);
            Assert.Equal(balance.OnHold / 100m, sheet.Cell(row, 8).GetValue<decimal>());
            Assert.Equal(balance.Payable / 100m, sheet.Cell(row, 9).GetValue<decimal>());
            Assert.Equal(balance.Balance / 100m, sheet.Cell(row, 11).GetValue<decimal>());
        }

        var ivan = sheet.Row(2);
        Assert.Equal("Физическое лицо", ivan.Cell(3).GetString());
        Assert.Equal("500100732259", ivan.Cell(4).GetString());
        Assert.Equal(XLDataType.Text, ivan.Cell(4).DataType);
        Assert.Equal(50_000m, ivan.Cell(5).GetValue<decimal>());
        Assert.Equal(2_000m, ivan.Cell(10).GetValue<decimal>()); // paid on 06.12 in run 1
        Assert.Equal(2_000m, ivan.Cell(12).GetValue<decimal>());
        Assert.Equal(260m, ivan.Cell(13).GetValue<decimal>()); // 13 %
        Assert.Equal(1_740m, ivan.Cell(14).GetValue<decimal>());
        Assert.Equal(8_000m, ivan.Cell(11).GetValue<decimal>());
        Assert.Equal(XLDataType.Number, ivan.Cell(13).DataType);
        Assert.True(sheet.Cell(4, 12).IsEmpty()); // a company: no tax columns

        var totals = sheet.Row(5);
        Assert.Equal("Итого", totals.Cell(1).GetString());
        Assert.Equal(2_000m, totals.Cell(10).GetValue<decimal>());
        Assert.Equal(8_000m - 10_000m + 8_000m, totals.Cell(11).GetValue<decimal>());
        Assert.Equal(ExcelSheet.MoneyFormat, totals.Cell(11).Style.NumberFormat.Format);

        // The ledger's own sum of payouts this month.
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        var december = PromoterReportScenario.Local(2026, 12, 1, 0);
        var paid = await db.LedgerEntries.Where(e => e.Kind == EntryKind.Payout && e.OccurredAt >= december
            && db.LedgerAccounts.Any(a => a.Id == e.AccountId && a.Kind == AccountKind.PromoterCommission)).SumAsync(e => e.Amount);
        Assert.Equal(-paid / 100m, totals.Cell(10).GetValue<decimal>());
    }

    [Fact]
    public async Task TheRegisterAndTheStatementFollowTheirFilters()
    {
        using var client = await SignedInAsync(Roles.Administrator);

        var register = await client.Http.GetAsync(PromoterReportEndpointsPaths.Register + "?from=2026-11-01&to=2026-11-30&deal=200");
        Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        using (var workbook = new XLWorkbook(await register.Content.ReadAsStreamAsync()))
        {
            var sheet = workbook.Worksheet(1);
            Assert.Equal("Ремонт 200", sheet.Cell(2, 3).GetString());
            Assert.Equal("Анна Смирнова", sheet.Cell(2, 4).GetString());
            Assert.Equal(15_000m, sheet.Cell(2, 9).GetValue<decimal>());
            Assert.Equal("Итого", sheet.Cell(3, 1).GetString());
        }

        var statement = await client.Http.GetAsync($"/promoters/{portal.Seeded.Ivan}/statement.xlsx?from=2026-12-01&to=2026-12-31");
        Assert.Equal(HttpStatusCode.OK, statement.StatusCode);
        Assert.Equal($"promoter-{portal.Seeded.Ivan}-statement-2026-12-01-2026-12-31.xlsx", FileName(statement));
        using (var workbook = new XLWorkbook(await statement.Content.ReadAsStreamAsync()))
        {
            var sheet = workbook.Worksheet(1);
            Assert.Equal(5_000m, sheet.Cell(2, 6).GetValue<decimal>()); // opening: November's closing
            Assert.Equal("Начисление", sheet.Cell(3, 2).GetString());
            Assert.Equal("Выплата", sheet.Cell(4, 2).GetString());
            Assert.Equal(-2_000m, sheet.Cell(4, 5).GetValue<decimal>());
            Assert.Equal("Исходящий остаток", sheet.Cell(5, 1).GetString());
            var balance = await portal.Services.GetRequiredService<PromoterCommissions>().BalanceAsync(portal.Seeded.Ivan);
            Assert.Equal(balance.Balance / 100m, sheet.Cell(5, 6).GetValue<decimal>());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/promoters/987654/statement.xlsx?from=2026-12-01&to=2026-12-31")).StatusCode);
    }

    [Fact]
    public async Task ARunsReportListsEveryPayoutAndTotalsThoseNotCancelled()
    {
        using var client = await SignedInAsync(Roles.Accountant);

        var response = await client.Http.GetAsync($"/promoters/payouts/{portal.PaidRun}/report.xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"payout-run-{portal.PaidRun}.xlsx", FileName(response));
        using var workbook = new XLWorkbook(await response.Content.ReadAsStreamAsync());
        var sheet = workbook.Worksheet(1);
        Assert.Equal("A1:K3", sheet.AutoFilter.Range.RangeAddress.ToString());
        var ivan = sheet.Row(2);
        Assert.Equal("Иван Петров", ivan.Cell(1).GetString());
        Assert.Equal("Петров Иван Сергеевич", ivan.Cell(2).GetString());
        Assert.Equal(2_000m, ivan.Cell(5).GetValue<decimal>());
        Assert.Equal(260m, ivan.Cell(6).GetValue<decimal>());
        Assert.Equal(1_740m, ivan.Cell(7).GetValue<decimal>());
        Assert.Equal("Оплачена", ivan.Cell(8).GetString());
        Assert.Equal(new DateTime(2026, 12, 6), ivan.Cell(9).GetDateTime());
        Assert.Equal(ExcelSheet.DateFormat, ivan.Cell(9).Style.NumberFormat.Format);
        Assert.Equal("17", ivan.Cell(10).GetString());
        var oleg = sheet.Row(3);
        Assert.Equal(PromoterReportPortal.FormulaPayee, oleg.Cell(2).GetString()); // text, never a formula
        Assert.False(oleg.Cell(2).HasFormula);
        Assert.Equal("Отменена", oleg.Cell(8).GetString());
        var totals = sheet.Row(4);
        Assert.Equal("Итого без отменённых", totals.Cell(1).GetString());
        Assert.Equal(2_000m, totals.Cell(5).GetValue<decimal>());
        Assert.Equal(1_740m, totals.Cell(7).GetValue<decimal>());

        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/promoters/payouts/987654/report.xlsx")).StatusCode);
    }

    [Fact]
    public async Task TheBankRegistryParsesBackToThePendingPayoutsWithAControlLineAndNoFormula()
    {
        using var client = await SignedInAsync(Roles.Accountant);

        var response = await client.Http.GetAsync($"/promoters/payouts/{portal.PendingRun}/registry.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"payout-run-{portal.PendingRun}-registry.csv", FileName(response));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var text = new UTF8Encoding(false).GetString(bytes[3..]);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        var lines = ParseCsv(text);

        Assert.Equal(PayoutRegistryCsv.Header, lines[0]);
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        var pending = await db.Payouts.Where(p => p.RunId == portal.PendingRun && p.Status == PayoutStatus.Pending).ToListAsync();
        Assert.Equal(2, pending.Count);
        var payments = lines[1..^1];
        Assert.Equal(pending.Count, payments.Count);
        Assert.Equal(["1", "2"], payments.Select(p => p[0]));

        var ivan = payments[0];
        Assert.Equal(["Петров Иван Сергеевич", "500100732259", "044525225", PromoterReportPortal.ValidAccount, "30101810400000000225", "2610,00"], ivan[1..7]);
        Assert.StartsWith("Вознаграждение по договору о привлечении клиентов за 01.11.2026–30.11.2026", ivan[7], StringComparison.Ordinal);
        Assert.EndsWith("НДС не облагается", ivan[7], StringComparison.Ordinal);

        var oleg = payments[1];
        Assert.Equal("'" + PromoterReportPortal.FormulaPayee, oleg[1]); // the apostrophe defuses the formula; quotes and ; survive
        Assert.Contains("\"\"http://x\"\"", text, StringComparison.Ordinal);
        Assert.Equal("7707083893", oleg[2]);
        Assert.Equal("8000,00", oleg[6]); // deal 400's 8 000 ₽: run 1's cancelled 1 000 ₽ is payable again

        var control = lines[^1];
        Assert.Equal(PayoutRegistryCsv.ControlLabel, control[0]);
        Assert.Equal("2", control[1]);
        var sum = payments.Sum(p => decimal.Parse(p[6].Replace(',', '.'), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(pending.Sum(p => p.Net) / 100m, sum);
        Assert.Equal(PayoutRegistryCsv.Amount(pending.Sum(p => p.Net)), control[6]);
        Assert.Equal("10610,00", control[6]);

        // A run whose payouts are all paid or cancelled has nothing left for the bank.
        var done = ParseCsv(Encoding.UTF8.GetString(await client.Http.GetByteArrayAsync($"/promoters/payouts/{portal.PaidRun}/registry.csv")).TrimStart('\uFEFF'));
        Assert.Equal(2, done.Count);
        Assert.Equal([PayoutRegistryCsv.ControlLabel, "0", "", "", "", "", "0,00"], done[1][..7]);

        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/promoters/payouts/987654/registry.csv")).StatusCode);
    }

    [Fact]
    public async Task TheDefaultPeriodIsThisMonthAndEnglishReadersGetEnglishHeaders()
    {
        using var client = await SignedInAsync(Roles.Accountant);
        await client.Http.GetAsync("/culture/en?returnUrl=/");

        var response = await client.Http.GetAsync(PromoterReportEndpointsPaths.Payouts);

        Assert.Equal("promoter-payouts-2026-12-01-2026-12-31.xlsx", FileName(response));
        using var workbook = new XLWorkbook(await response.Content.ReadAsStreamAsync());
        var sheet = workbook.Worksheet(1);
        Assert.Equal("Promoter payouts", sheet.Name);
        Assert.Equal(["Promoter", "Code", "Payee status", "INN (tax ID)"], Enumerable.Range(1, 4).Select(c => sheet.Cell(1, c).GetString()));
        Assert.Equal("Individual", sheet.Cell(2, 3).GetString());
        Assert.Equal("Total", sheet.Cell(5, 1).GetString());
    }

    public static TheoryData<string> Files => new()
    {
        PromoterReportEndpointsPaths.Payouts + "?from=2026-11-01&to=2026-11-30",
        PromoterReportEndpointsPaths.Register + "?from=2026-11-01&to=2026-11-30",
        "/promoters/1/statement.xlsx?from=2026-11-01&to=2026-11-30",
        "/promoters/payouts/1/report.xlsx",
        "/promoters/payouts/1/registry.csv",
    };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task ASalesHeadIsRefusedAndAnAnonymousVisitorIsSentToSignIn(string path)
    {
        using var head = await SignedInAsync(Roles.SalesHead);
        var refused = await head.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/Account/AccessDenied", refused.Headers.Location?.AbsolutePath);

        using var anonymous = FormClient.For(portal);
        var response = await anonymous.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/Login", response.Headers.Location?.AbsolutePath);
    }

    [Theory]
    [InlineData(PromoterReportEndpointsPaths.Payouts + "?from=2026-11-30&to=2026-11-01", "Неверный период", "Период начинается (30.11.2026) позже, чем заканчивается (01.11.2026).")]
    [InlineData(PromoterReportEndpointsPaths.Register + "?from=вчера&to=2026-11-01", "Неверный период", "Не удалось прочитать дату «вчера»")]
    [InlineData(PromoterReportEndpointsPaths.Payouts + "?from=2026-11-01", "Неверный период", "Не удалось прочитать дату «»")]
    [InlineData(PromoterReportEndpointsPaths.Payouts + "?from=2026-11-01&to=2026-11-30&promoter=Иван", "Неверный отбор", "Не удалось прочитать отбор promoter «Иван»")]
    [InlineData(PromoterReportEndpointsPaths.Register + "?from=2026-11-01&to=2026-11-30&deal=-5", "Неверный отбор", "Не удалось прочитать отбор deal «-5»")]
    [InlineData("/promoters/1/statement.xlsx?from=2026-02-30&to=2026-03-01", "Неверный период", "Не удалось прочитать дату «2026-02-30»")]
    public async Task ABadAddressIsRefusedWithASentenceSayingWhatIsWrong(string path, string title, string expected)
    {
        using var client = await SignedInAsync(Roles.Accountant);

        var response = await client.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(expected, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(title, problem.RootElement.GetProperty("title").GetString());
    }

    /// <summary>RFC 4180 with <c>;</c>: quoted cells, doubled quotes, CRLF line ends.</summary>
    public static List<string[]> ParseCsv(string text)
    {
        var lines = new List<string[]>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ';')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                cells.Add(cell.ToString());
                cell.Clear();
                lines.Add([.. cells]);
                cells.Clear();
                i++;
            }
            else
            {
                cell.Append(c);
            }
        }

        Assert.Empty(cells);
        Assert.Equal(0, cell.Length);
        return lines;
    }

    private static string? FileName(HttpResponseMessage response) =>
        response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName;

    private async Task<FormClient> SignedInAsync(string role)
    {
        var demo = DemoAccounts.All.Single(d => d.Role == role);
        var client = FormClient.For(portal);
        await client.SignInAsync(demo.Email, demo.Password);
        return client;
    }
}

/// <summary>The addresses the tests type, as a person would (the endpoints' constants are internal to the web project).</summary>
public static class PromoterReportEndpointsPaths
{
    public const string Payouts = "/promoters/reports/payouts.xlsx";
    public const string Register = "/promoters/reports/register.xlsx";
}
