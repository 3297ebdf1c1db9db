using System.Diagnostics;
using System.Globalization;
using ClosedXML.Excel;
using Loyalty.Core.Nps;
using Loyalty.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Loyalty.Tests.Core.Nps;

/// <summary>
/// The NPS dashboard's widgets over 1,000,000 surveys (docs/performance.md): twelve months before the clock's now,
/// 30 managers, 5 pipelines, about 70 % answered (a realistic mix of scores, some comments), seeded with raw prepared
/// INSERTs in one transaction. Times each widget; asserts the figures against counts kept while seeding, never a time.
/// </summary>
public sealed class NpsDashboardBenchmark(ITestOutputHelper output)
{
    /// <summary>1,000,000, or LOYALTY_BENCH_NPS for a quick look.</summary>
    private static readonly int Count = int.TryParse(Environment.GetEnvironmentVariable("LOYALTY_BENCH_NPS"), out var n) && n > 0 ? n : 1_000_000;

    private const int Managers = 30;
    private const int Pipelines = 5;

    [Fact]
    [Benchmark]
    public async Task TheDashboardsWidgetsOverAMillionSurveys()
    {
        await using var world = await NpsDashWorld.CreateAsync();
        var now = NpsDashWorld.Now.UtcDateTime;
        var november = NpsPeriods.Custom(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), NpsDashWorld.Moscow).Period!;
        var year = NpsPeriods.Current(NpsPeriodKind.Year, now, NpsDashWorld.Moscow);
        var seed = Stopwatch.StartNew();
        var expected = await SeedAsync(world, november);
        seed.Stop();
        Print($"load average before: {LoadAverage()}; {Environment.ProcessorCount} cores; {(Debugger.IsAttached ? "debugger" : Configuration)} build; "
            + $"seeded {Count:N0} surveys (no deal rows: the lists look names up by key), {Managers} managers, {Pipelines} pipelines in {seed.Elapsed.TotalSeconds:F1} s");

        var queries = world.Queries;
        // Warm-up: the EF model and each query's compilation, on a day.
        var day = NpsPeriods.Custom(new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 3), NpsDashWorld.Moscow).Period!;
        await queries.SummaryAsync(new NpsFilter(day));
        await queries.DailyAsync(new NpsFilter(day));
        await queries.PerManagerAsync(new NpsFilter(day));
        await queries.PerPipelineAsync(new NpsFilter(day));
        await queries.AnswersAsync(new NpsFilter(day, ManagerId: 3, Group: NpsGroup.Detractor), 0, 25);
        await queries.UnansweredAsync(new NpsFilter(day), 0, 10);
        await queries.ErrorsAsync(day);

        var month = new NpsFilter(november);
        var summary = await Time("summary, a month (November)", () => queries.SummaryAsync(month));
        Assert.Equal(expected.Counts, summary.Counts);
        Assert.Equal(expected.Sent, summary.Sent);
        Assert.Equal(expected.SentAnswered, summary.SentAnswered);
        var yearSummary = await Time("summary, the year", () => queries.SummaryAsync(new NpsFilter(year)));
        Assert.True(yearSummary.Counts.Answered > expected.Counts.Answered);
        var days = await Time("daily series, a month", () => queries.DailyAsync(month));
        Assert.Equal(30, days.Count);
        Assert.Equal(expected.Counts, days.Aggregate(NpsCounts.None, (c, d) => c + d.Counts));
        var yearDays = await Time("daily series, the year", () => queries.DailyAsync(new NpsFilter(year)));
        Assert.Equal(yearSummary.Counts, yearDays.Aggregate(NpsCounts.None, (c, d) => c + d.Counts));
        var managers = await Time("per manager, a month", () => queries.PerManagerAsync(month));
        Assert.Equal(Managers, managers.Count);
        Assert.Equal(expected.Counts.Answered, managers.Sum(m => m.Counts.Answered));
        var pipelines = await Time("per pipeline, a month", () => queries.PerPipelineAsync(month));
        Assert.Equal(Pipelines, pipelines.Count);
        var filtered = new NpsFilter(november, ManagerId: 3, Group: NpsGroup.Detractor);
        var page = await Time("answers, first page, one manager's критики in a month", () => queries.AnswersAsync(filtered, 0, 25));
        Assert.Equal(expected.Manager3Detractors, page.Total);
        Assert.Equal(25, page.Items.Count);
        var plain = await Time("answers, first page, no filter, a month", () => queries.AnswersAsync(month, 0, 25));
        Assert.Equal(expected.Counts.Answered, plain.Total);
        var unanswered = await Time("unanswered, first page, a month", () => queries.UnansweredAsync(month, 0, 10));
        Assert.Equal(expected.Sent - expected.SentAnswered, unanswered.Total);
        await Time("error log, a month", () => queries.ErrorsAsync(november));

        GC.Collect();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var bytes = await Time("Excel of a month's answers", () => world.Reports.AnswersAsync(month, CultureInfo.GetCultureInfo("ru-RU")));
        Print($"  the file: {bytes.Length / 1048576.0:N1} MB, {expected.Counts.Answered:N0} rows; allocated {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0:N0} MB");
        using (var book = new XLWorkbook(new MemoryStream(bytes)))
        {
            Assert.Equal(expected.Counts.Answered + 1, book.Worksheet(1).LastRowUsed()!.RowNumber() - 1);
        }

        Print($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MB; load average after: {LoadAverage()}");
    }

    private async Task<T> Time<T>(string label, Func<Task<T>> widget)
    {
        var watch = Stopwatch.StartNew();
        var result = await widget();
        watch.Stop();
        Print($"{label}: {watch.Elapsed.TotalMilliseconds:N0} ms");
        return result;
    }

    private sealed record Expected(NpsCounts Counts, int Sent, int SentAnswered, int Manager3Detractors);

    /// <summary>Deals and surveys by prepared INSERTs in one transaction; November's figures counted on the way.</summary>
    private static async Task<Expected> SeedAsync(NpsDashWorld world, NpsPeriod november)
    {
        for (var m = 1; m <= Managers; m++)
        {
            await world.AddEmployeeAsync(m, $"Менеджер{m:D2}", "Тестов");
        }

        for (var id = 1; id <= Pipelines; id++)
        {
            await world.AddPipelineAsync(id, $"Воронка {id}");
        }

        long revision;
        await using (var db = world.Database.CreateDbContext())
        {
            revision = await db.NpsTemplateRevisions.Where(r => r.TemplateId == world.TemplateId).Select(r => r.Id).FirstAsync();
        }

        var random = new Random(16);
        var now = NpsDashWorld.Now.UtcDateTime;
        var start = now.AddDays(-365);
        var span = (now - start).Ticks;
        var counts = NpsCounts.None;
        int sent = 0, sentAnswered = 0, manager3Detractors = 0;
        var comments = new[] { "Долго везли", "Менеджер не перезвонил", "Всё отлично, спасибо!", "Цена выше, чем обещали", "Быстро и вежливо" };

        await using var connection = new SqliteConnection(world.Database.CreateDbContext().Database.GetConnectionString());
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";
            await pragma.ExecuteNonQueryAsync();
        }

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        var survey = connection.CreateCommand();
        survey.Transaction = transaction;
        survey.CommandText = "INSERT INTO NpsSurveys (Token, DealId, ManagerId, PipelineId, TemplateId, RevisionId, Scale, Status, Channels, CreatedAt, DueAt, SentAt, Score, AnsweredAt, FirstAnsweredAt, Comment, CommentedAt) "
            + "VALUES ($token, $deal, $manager, $pipeline, $template, $revision, 'ZeroToTen', 'Sent', 'email', $sent, $sent, $sent, $score, $answered, $answered, $comment, $commented)";
        var p = new Dictionary<string, SqliteParameter>();
        foreach (var name in new[] { "$token", "$deal", "$manager", "$pipeline", "$template", "$revision", "$sent", "$score", "$answered", "$comment", "$commented" })
        {
            p["survey" + name] = survey.Parameters.Add(new SqliteParameter(name, null));
        }

        survey.Prepare();
        p["survey$template"].Value = world.TemplateId;
        p["survey$revision"].Value = revision;
        for (var i = 0; i < Count; i++)
        {
            var manager = random.Next(1, Managers + 1);
            var pipeline = random.Next(1, Pipelines + 1);
            var sentAt = start.AddTicks((long)(random.NextDouble() * span));
            sentAt = new DateTime(sentAt.Ticks - sentAt.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
            int? score = null;
            DateTime? answeredAt = null;
            if (random.NextDouble() < 0.7)
            {
                var roll = random.NextDouble();
                score = roll < 0.5 ? random.Next(9, 11) : roll < 0.75 ? random.Next(7, 9) : random.Next(0, 7);
                answeredAt = sentAt.AddMinutes(random.Next(5, 48 * 60));
                if (answeredAt >= now)
                {
                    (score, answeredAt) = (null, null);
                }
            }

            var comment = score is { } s && (s <= 6 || random.NextDouble() < 0.1) ? comments[random.Next(comments.Length)] : null;
            p["survey$token"].Value = $"b{i:D21}";
            p["survey$deal"].Value = i + 1;
            p["survey$manager"].Value = manager;
            p["survey$pipeline"].Value = pipeline;
            p["survey$sent"].Value = sentAt;
            p["survey$score"].Value = (object?)score ?? DBNull.Value;
            p["survey$answered"].Value = (object?)answeredAt ?? DBNull.Value;
            p["survey$comment"].Value = (object?)comment ?? DBNull.Value;
            p["survey$commented"].Value = comment is null ? DBNull.Value : answeredAt!.Value;
            await survey.ExecuteNonQueryAsync();

            if (november.Contains(sentAt))
            {
                sent++;
                sentAnswered += score is null ? 0 : 1;
            }

            if (answeredAt is { } at && november.Contains(at))
            {
                counts += NpsCounts.Of(score!.Value);
                manager3Detractors += manager == 3 && score <= 6 ? 1 : 0;
            }
        }

        await transaction.CommitAsync();
        await using (var analyze = connection.CreateCommand())
        {
            analyze.CommandText = "ANALYZE;";
            await analyze.ExecuteNonQueryAsync();
        }

        return new Expected(counts, sent, sentAnswered, manager3Detractors);
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private void Print(string line)
    {
        output.WriteLine(line);
        Console.WriteLine(line);
    }
}
