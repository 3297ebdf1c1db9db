using System.Diagnostics;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Sandbox;
using Loyalty.Web.Sandbox.Data;
using Loyalty.Web.Sandbox.Generation;
using Xunit.Abstractions;

namespace Loyalty.Tests.Web.Sandbox;

/// <summary>The demo company itself, generated in-process: sizes, reproducibility, and whether it looks like a real sales floor.</summary>
public sealed class CompanyGeneratorTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Anchor = SandboxPortal.Anchor;
    private static readonly PortalTime Moscow = new(TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow"));

    [Fact]
    public void TheDefaultCompanyHasTheConfiguredSizes()
    {
        Generate(1, new SandboxCompanyOptions()); // warm-up: the first call pays for JIT
        var watch = Stopwatch.StartNew();
        var company = Generate(42, new SandboxCompanyOptions());
        watch.Stop();
        // Printed, not asserted: a time limit would fail on a busy machine, not on slow code.
        output.WriteLine($"default company generated in {watch.ElapsedMilliseconds} ms");

        Assert.Equal(31, Count(company, Schemas.User));
        Assert.Equal(5, Count(company, Schemas.Department));
        Assert.Equal(2500, Count(company, Schemas.Contact));
        Assert.Equal(8000, Count(company, Schemas.Lead));
        Assert.Equal(6000, Count(company, Schemas.Deal));
        Assert.Equal(20000, Count(company, Schemas.Activity));
        Assert.Equal(4000, Count(company, Schemas.Task));
    }

    [Fact]
    public void TheSameSeedAndAnchorGiveByteIdenticalRows()
    {
        var sizes = new SandboxCompanyOptions { Contacts = 300, Leads = 600, Deals = 500, Activities = 1500, Tasks = 300 };

        Assert.Equal(Documents(Generate(42, sizes)), Documents(Generate(42, sizes)));
        Assert.NotEqual(Documents(Generate(42, sizes)), Documents(Generate(43, sizes)));
    }

    [Fact]
    public void DealsMoveForwardInTimeAndClosedDealsCarryTheirOutcome()
    {
        var deals = Rows(Generate(42, new SandboxCompanyOptions()), Schemas.Deal);

        foreach (var deal in deals)
        {
            var created = (DateTimeOffset)deal["DATE_CREATE"]!;
            var moved = (DateTimeOffset)deal["MOVED_TIME"]!;
            var modified = (DateTimeOffset)deal["DATE_MODIFY"]!;
            Assert.True(created <= moved && moved <= modified && modified <= Anchor, $"deal {deal.Id}: {created:O} {moved:O} {modified:O}");
            var pipeline = Reference.PipelineById((long)deal["CATEGORY_ID"]!)!;
            var stage = pipeline.Find((string)deal["STAGE_ID"]!)!;
            Assert.Equal(stage.Semantic.ToString(), deal["STAGE_SEMANTIC_ID"]);
            Assert.Equal(stage.IsFinal ? "Y" : "N", deal["CLOSED"]);
            if (stage.IsFinal)
            {
                Assert.True(created < moved, $"closed deal {deal.Id} moved when it was created");
            }
        }

        Assert.Equal(3, deals.Select(d => d["CATEGORY_ID"]).Distinct().Count());
        Assert.Contains(deals, d => (string?)d["STAGE_ID"] == "C1:WON");
        Assert.Contains(deals, d => (string?)d["STAGE_ID"] == "C2:LOSE");
        Assert.InRange(deals.Count(d => d["STAGE_SEMANTIC_ID"] is "S") / (double)deals.Count, 0.3, 0.6);
        Assert.Contains(deals, d => d["OPPORTUNITY"] is decimal amount && amount != decimal.Truncate(amount));
        Assert.Equal(2, deals.Count(d => d["CONTACT_ID"] is null));
    }

    [Fact]
    public void TheCompanyHasTheGapsAndLinksOfARealCrm()
    {
        var company = Generate(42, new SandboxCompanyOptions());
        var contacts = Rows(company, Schemas.Contact);
        var leads = Rows(company, Schemas.Lead);
        var deals = Rows(company, Schemas.Deal);
        var activities = Rows(company, Schemas.Activity);
        var tasks = Rows(company, Schemas.Task);
        var users = Rows(company, Schemas.User);

        var withoutPhone = contacts.Count(c => c["PHONE"] is null);
        Assert.InRange(withoutPhone, 1, contacts.Count / 20);
        Assert.All(contacts.Where(c => c["PHONE"] is MultiValue[]), c => Assert.StartsWith("+7", ((MultiValue[])c["PHONE"]!)[0].Value));
        Assert.All(contacts, c => Assert.Matches("^[А-ЯЁ][а-яё]+$", (string)c["NAME"]!));

        var converted = leads.Where(l => (string?)l["STATUS_ID"] == "CONVERTED").ToList();
        Assert.NotEmpty(converted);
        Assert.All(converted, l => Assert.NotNull(l["CONTACT_ID"]));
        var leadIds = converted.Select(l => l.Id).ToHashSet();
        Assert.Contains(deals, d => d["LEAD_ID"] is long id && leadIds.Contains(id));
        Assert.Contains(contacts, c => c["LEAD_ID"] is long id && leadIds.Contains(id));
        Assert.Contains(leads, l => (string?)l["STATUS_ID"] == "JUNK");

        Assert.Contains(activities, a => a["TYPE_ID"] is 2L && (string?)a["PROVIDER_ID"] == "VOXIMPLANT_CALL" && (string?)a["COMPLETED"] == "Y");
        Assert.Contains(activities, a => a["TYPE_ID"] is 1L);
        Assert.Contains(activities, a => (string?)a["COMPLETED"] == "N");

        var closed = tasks.Where(t => t["REAL_STATUS"] is 5L).ToList();
        Assert.Contains(closed, t => (DateTimeOffset)t["CLOSED_DATE"]! <= (DateTimeOffset)t["DEADLINE"]!);
        Assert.Contains(closed, t => (DateTimeOffset)t["CLOSED_DATE"]! > (DateTimeOffset)t["DEADLINE"]!);
        Assert.All(closed, t => Assert.True((DateTimeOffset)t["CLOSED_DATE"]! <= Anchor));

        Assert.Single(users, u => u["ACTIVE"] is false);
        var managers = deals.Select(d => d["ASSIGNED_BY_ID"]).Distinct().Count();
        Assert.True(managers >= 25, $"deals spread over {managers} managers");
    }

    [Theory]
    [InlineData(1, 365)]
    [InlineData(2, 3)]
    [InlineData(3, 1)]
    public void NothingIsRecordedAfterTheAnchorExceptPlannedActivitiesAndDeadlines(int seed, int historyDays)
    {
        var sizes = new SandboxCompanyOptions { Contacts = 800, Leads = 1500, Deals = 1500, Activities = 5000, Tasks = 800, HistoryDays = historyDays };
        string[] plans = ["START_TIME", "END_TIME", "DEADLINE"];

        foreach (var (schema, rows) in Generate(seed, sizes).Rows)
        {
            var dates = schema.Fields.Where(f => f.Kind == FieldKind.DateTime && !plans.Contains(f.Name)).ToList();
            foreach (var row in rows)
            {
                foreach (var field in dates)
                {
                    Assert.False(row[field] is DateTimeOffset t && t > Anchor, $"{schema.Name} {row.Id} {field.Name} = {row[field]:O}");
                }
            }
        }
    }

    [BenchmarkFact]
    [Benchmark]
    public void ABenchmarkSizedCompanyIsGeneratedAndWritten()
    {
        var sizes = new SandboxCompanyOptions { Managers = 200, Departments = 9, Contacts = 20_000, Leads = 50_000, Deals = 100_000, Activities = 200_000, Tasks = 20_000 };
        var watch = Stopwatch.StartNew();
        var company = Generate(42, sizes);
        var generated = watch.Elapsed;
        output.WriteLine($"generated in memory: {generated.TotalMilliseconds:0} ms");

        var folder = Directory.CreateTempSubdirectory("loyalty-sandbox-bench-").FullName;
        try
        {
            var options = new SandboxOptions { Company = sizes, AnchorUtc = Anchor };
            watch.Restart();
            using (var store = SandboxStore.Open(Path.Combine(folder, "sandbox.db"), options, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance))
            {
                output.WriteLine($"generated and written: {watch.ElapsedMilliseconds} ms, file {new FileInfo(store.FilePath).Length / 1024 / 1024} MB");
                Assert.Equal(100_000, store.Deals.Count);
            }

            watch.Restart();
            using (var store = SandboxStore.Open(Path.Combine(folder, "sandbox.db"), options, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance))
            {
                output.WriteLine($"loaded: {watch.ElapsedMilliseconds} ms");
                Assert.Equal(200_000, store.Activities.Count);
            }
        }
        finally
        {
            SandboxPortal.DeleteFolder(folder);
        }

        Assert.Equal(100_000, Count(company, Schemas.Deal));
        Assert.Equal(200_000, Count(company, Schemas.Activity));
        Assert.Equal(20_000, Count(company, Schemas.Contact));
        Assert.Equal(50_000, Count(company, Schemas.Lead));
    }

    private static GeneratedCompany Generate(int seed, SandboxCompanyOptions sizes) => new CompanyGenerator(seed, Anchor, sizes, Moscow).Generate();

    private static List<Row> Rows(GeneratedCompany company, EntitySchema schema) => company.Rows.Single(r => r.Schema == schema).Rows;

    private static int Count(GeneratedCompany company, EntitySchema schema) => Rows(company, schema).Count;

    private static List<string> Documents(GeneratedCompany company) =>
        [.. company.Rows.SelectMany(t => t.Rows.Select(r => $"{t.Schema.Name}/{r.Id}:{RowDocument.Serialize(t.Schema, r)}"))];
}

/// <summary>
/// A benchmark: it prints figures and asserts correctness, never a time. Mark it <c>[Benchmark]</c>
/// too: Loyalty.Tests.csproj leaves that category out of a plain <c>dotnet test</c> (a default VSTestTestCaseFilter),
/// and <c>dotnet test --filter Category=Benchmark</c> runs exactly the benchmarks.
/// </summary>
public sealed class BenchmarkFactAttribute : FactAttribute;
