using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Loyalty.Core.Bitrix24;
using Loyalty.Core.Data;
using Loyalty.Core.Sync;
using Loyalty.Tests.Web.Sandbox;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Sandbox.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Loyalty.Tests.Core.Sync;

/// <summary>
/// The issue's benchmark: the first sync of a large sandbox portal under the real portal's rate limit (2 requests
/// a second, a bucket of 50, on the sandbox and in the client alike), over real HTTP. It prints wall time, rows
/// per second, HTTP requests and the ratio to the limit-bound ideal, and the memory at three portal sizes; it
/// asserts only that the sync succeeded and mirrored every record, never a time.
/// Left out of a plain <c>dotnet test</c>; run it with <c>dotnet test --filter Category=Benchmark</c>.
/// </summary>
[Collection(SyncBenchmarkCollection.Name)]
public sealed partial class InitialSyncBenchmark(ITestOutputHelper output)
{
    /// <summary>The real portal's limit (ordinary plans): the bucket drains 2 requests a second and holds 50.</summary>
    private const double RequestsPerSecond = 2;
    private const int BucketSize = 50;

    /// <summary>Rows one batch request can carry: 50 list commands of 50 rows.</summary>
    private const int RowsPerRequest = Bitrix24Client.MaxBatchCommands * Bitrix24Client.PageSize;

    /// <summary>The issue's portal: 100,000 deals, 20,000 contacts, 50,000 leads, 200,000 activities.</summary>
    private static readonly PortalSize Issue = new(Deals: 100_000, Contacts: 20_000, Leads: 50_000, Activities: 200_000, Tasks: 2_000, Managers: 200);

    [BenchmarkFact]
    [Benchmark]
    public async Task TheInitialSyncOfTheIssuesPortalUnderTheRealRateLimit()
    {
        var result = await MeasureAsync(Issue);

        Print($"Initial sync: {Issue}; limit {RequestsPerSecond} req/s, bucket {BucketSize}, on both sides");
        Print($"  sandbox generation (at start)   {result.Generation.TotalSeconds,10:0.0} s   (portal start in all: {result.Startup.TotalSeconds:0.0} s)");
        Print($"  wall time of RunAsync           {result.Wall.TotalSeconds,10:0.0} s");
        Print($"  rows read                       {result.Rows,10:N0}");
        Print($"  rows per second                 {result.RowsPerSecond,10:N0}");
        Print($"  HTTP requests                   {result.Requests.Count,10:N0}   ({result.Requests.Refused} refused with 503, {result.Rows / (double)result.Requests.Count:N0} rows per request, {result.Requests.Bytes / 1024.0 / 1024.0:N0} MB received)");
        Print($"  ideal rows/s (2 x 50 x 50)      {IdealRowsPerSecond,10:N0}   -> measured/ideal {result.RatioToSteadyIdeal,7:P1}");
        Print($"  ideal time (N - {BucketSize}) / 2        {result.IdealTime.TotalSeconds,10:0.0} s   -> ideal/measured {result.RatioToBurstIdeal,7:P1}");
        Print($"  requests paced by the limiter   {result.Requests.Paced,10:N0}   (sent the moment the bucket had room)");
        Print($"  time inside HTTP calls          {result.Requests.HttpTime.TotalSeconds,10:0.0} s   (request sent to response read; the rest is limiter waits and the sync's own work)");
        Print($"  process CPU time during the run {result.Cpu.TotalSeconds,10:0.0} s   ({Environment.ProcessorCount} cores; GC pauses {result.GcPause.TotalSeconds:0.0} s, server GC {System.Runtime.GCSettings.IsServerGC})");
        PrintMemory(result);
        PrintEntities(result);
    }

    [BenchmarkFact]
    [Benchmark]
    public async Task MemoryAsThePortalGrows()
    {
        var results = new List<(PortalSize Size, Measurement Result)>();
        foreach (var deals in new[] { 25_000, 50_000, 100_000 })
        {
            var size = Issue.Scaled(deals);
            results.Add((size, await MeasureAsync(size)));
        }

        Print($"Memory of the initial sync as the portal grows; limit {RequestsPerSecond} req/s, bucket {BucketSize}; sizes in MB");
        Print("     deals      rows   gen.    wall  rows/s  req. | WS before  WS peak  WS after | heap: empty  portal  before  peak  live@fullGC (GCs)  after | sync live  retained");
        foreach (var (size, r) in results)
        {
            Print(string.Create(
                CultureInfo.InvariantCulture,
                $"{size.Deals,10:N0} {r.Rows,9:N0} {r.Generation.TotalSeconds,5:0.0}s {r.Wall.TotalSeconds,6:0.0}s {r.RowsPerSecond,7:N0} {r.Requests.Count,5:N0} | {Mb(r.WorkingSetBefore),9:N0} {Mb(r.WorkingSetPeak),8:N0} {Mb(r.WorkingSetAfter),9:N0} | {Mb(r.HeapEmpty),11:N0} {Mb(r.PortalHeap),7:N0} {Mb(r.HeapBefore),7:N0} {Mb(r.HeapPeak),5:N0} {Mb(r.LiveAtFullGc),12:N0} ({r.FullGcs,3}) {Mb(r.HeapAfter),6:N0} | {Mb(r.SyncLive),9:N0} {Mb(r.HeapAfter - r.HeapBefore),9:N0}"));
        }

        Print("  WS: process working set (sandbox, portal and test host share the process); peak sampled every 50 ms during RunAsync.");
        Print("  heap empty: before the portal started; portal: what the started portal adds (the sandbox's company in memory);");
        Print("  before/after: around RunAsync, each after a forced full collection; peak: GC.GetTotalMemory(false) sampled, garbage included;");
        Print("  live@fullGC: the most bytes surviving one of the full collections the GC made during the sync (GCs: how many);");
        Print("  sync live = live@fullGC - before: the sync's own live memory at its largest; retained = after - before.");
        Print(string.Join("; ", results.Select(r => $"{r.Size.Deals:N0}-deal portal released {(r.Result.Released is { } t ? $"{t.TotalSeconds:0} s" : "not within 3 min")} after disposal")));
        Print($"  process-lifetime peak working set: {Mb(PeakWorkingSet()):N0} MB");
    }

    private static long PeakWorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }

    private static double IdealRowsPerSecond => RequestsPerSecond * RowsPerRequest;

    private static double Mb(long bytes) => bytes / 1024.0 / 1024.0;

    /// <summary>Boots a portal of the given size, runs the first sync alone, and checks that the mirror holds every record.</summary>
    private static async Task<Measurement> MeasureAsync(PortalSize size)
    {
        var (result, sandbox) = await MeasureOnceAsync(size);
        // The next measurement starts from a process without this portal: wait until its sandbox data is collected.
        var watch = Stopwatch.StartNew();
        while (sandbox.IsAlive && watch.Elapsed < TimeSpan.FromMinutes(3))
        {
            ForcedCollection();
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        return result with { Released = sandbox.IsAlive ? null : watch.Elapsed };
    }

    private static async Task<(Measurement Result, WeakReference Sandbox)> MeasureOnceAsync(PortalSize size)
    {
        var (heapEmpty, _) = ForcedCollection();
        await using var portal = new RateLimitedSyncPortal(size);
        var startup = Stopwatch.StartNew();
        portal.Start();
        startup.Stop();
        var store = portal.Services.GetRequiredService<SandboxStore>();

        var (heapBefore, workingSetBefore) = ForcedCollection();
        portal.Requests.Clear();
        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var pauseBefore = GC.GetTotalPauseDuration();
        long runId;
        TimeSpan wall;
        MemorySampler.Peaks peaks;
        var sampler = MemorySampler.Start(TimeSpan.FromMilliseconds(50));
        var begin = Stopwatch.GetTimestamp();
        try
        {
            runId = await portal.Sync.RunAsync(SyncKind.Incremental, null, "bench");
        }
        finally
        {
            wall = Stopwatch.GetElapsedTime(begin);
            peaks = await sampler.StopAsync();
        }

        var end = Stopwatch.GetTimestamp();
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpuBefore;
        var gcPause = GC.GetTotalPauseDuration() - pauseBefore;
        var requests = portal.Requests.Summarize(RequestsPerSecond, BucketSize);
        var (heapAfter, workingSetAfter) = ForcedCollection();

        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        var run = await db.SyncRuns.SingleAsync(r => r.Id == runId);
        Assert.True(run.Status == SyncStatus.Succeeded, $"the sync ended {run.Status}: {run.Error}");
        Assert.Equal(0, run.Skipped);
        var counts = SyncCounts.Parse(run.Counts).ToDictionary(c => c.Key, c => c.Value);

        // The mirror holds exactly what the portal has.
        Assert.Equal(store.Contacts.Count, await db.Contacts.CountAsync());
        Assert.Equal(store.Leads.Count, await db.Leads.CountAsync());
        Assert.Equal(store.Deals.Count, await db.Deals.CountAsync());
        Assert.Equal(store.Activities.Count, await db.Activities.CountAsync());
        Assert.Equal(store.Tasks.Count, await db.CrmTasks.CountAsync());
        Assert.Equal(store.Users.Count, await db.Employees.CountAsync());
        Assert.Equal(store.Departments.Count, await db.Departments.CountAsync());
        Assert.Equal(size.Deals, store.Deals.Count);
        Assert.Equal(size.Activities, store.Activities.Count);
        Assert.Equal(store.Deals.Count, counts[SyncEntity.Deals].Read);
        Assert.Equal(store.Activities.Count, counts[SyncEntity.Activities].Read);

        // An entity runs from its first request to the next entity's first request (the last one: to the end of the run).
        var phases = portal.Requests.Phases();
        var entities = new List<EntityTiming>();
        for (var i = 0; i < phases.Count; i++)
        {
            var (method, from, count) = phases[i];
            var to = i + 1 < phases.Count ? phases[i + 1].Start : end;
            var known = Entities.TryGetValue(method, out var entity);
            var rows = known ? counts.GetValueOrDefault(entity, EntityCounts.Zero) : EntityCounts.Zero;
            entities.Add(new EntityTiming(known ? entity.ToString() : method, rows, Stopwatch.GetElapsedTime(from, to), count));
        }

        var result = new Measurement(
            startup.Elapsed, store.GenerationTime, wall, counts.Values.Sum(c => c.Read), requests, entities, cpu, gcPause,
            workingSetBefore, peaks.WorkingSet, workingSetAfter, heapEmpty, heapBefore, peaks.ManagedHeap, peaks.LiveAtFullGc, peaks.FullGcs, heapAfter);
        return (result, new WeakReference(store));
    }

    /// <summary>The method each entity is read with (a batch is named by its first command).</summary>
    private static readonly Dictionary<string, SyncEntity> Entities = new(StringComparer.Ordinal)
    {
        ["department.get"] = SyncEntity.Departments,
        ["user.get"] = SyncEntity.Employees,
        ["crm.category.list"] = SyncEntity.Pipelines,
        ["crm.status.list"] = SyncEntity.Stages,
        ["crm.currency.list"] = SyncEntity.Currencies,
        ["crm.contact.list"] = SyncEntity.Contacts,
        ["crm.lead.list"] = SyncEntity.Leads,
        ["crm.deal.list"] = SyncEntity.Deals,
        ["crm.activity.list"] = SyncEntity.Activities,
        ["tasks.task.list"] = SyncEntity.Tasks,
    };

    private static (long Heap, long WorkingSet) ForcedCollection()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64);
    }

    private void PrintMemory(Measurement r)
    {
        Print($"  working set before / peak / after {Mb(r.WorkingSetBefore),6:N0} / {Mb(r.WorkingSetPeak):N0} / {Mb(r.WorkingSetAfter):N0} MB   (whole process: the sandbox holds the portal in memory)");
        Print($"  managed heap before / peak / after {Mb(r.HeapBefore),5:N0} / {Mb(r.HeapPeak):N0} / {Mb(r.HeapAfter):N0} MB   (before/after: after a forced full collection; the started portal holds {Mb(r.PortalHeap):N0} MB of it)");
        Print($"  live heap at full GCs, at most  {Mb(r.LiveAtFullGc),10:N0} MB   ({r.FullGcs} full collections during the sync; the sync's own share {Mb(r.SyncLive):N0} MB)");
    }

    private void PrintEntities(Measurement r)
    {
        Print("  entity          rows    changed      facts   requests     time    rows/s   (time: from its first request to the next entity's)");
        foreach (var e in r.Entities)
        {
            Print(string.Create(
                CultureInfo.InvariantCulture,
                $"  {e.Entity,-12} {e.Counts.Read,8:N0} {e.Counts.Changed,10:N0} {e.Counts.Facts,10:N0} {e.Requests,10:N0} {e.Time.TotalSeconds,7:0.0} s {(e.Time > TimeSpan.Zero ? e.Counts.Read / e.Time.TotalSeconds : 0),9:N0}"));
        }
    }

    private void Print(string line)
    {
        output.WriteLine(line);
        Console.WriteLine(line);
    }

    /// <summary>Sizes of a sandbox company; the benchmark's other sizes keep the issue's proportions.</summary>
    private sealed record PortalSize(int Deals, int Contacts, int Leads, int Activities, int Tasks, int Managers)
    {
        public PortalSize Scaled(int deals) => this with
        {
            Deals = deals,
            Contacts = (int)((long)Contacts * deals / Deals),
            Leads = (int)((long)Leads * deals / Deals),
            Activities = (int)((long)Activities * deals / Deals),
        };

        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"{Deals:N0} deals, {Contacts:N0} contacts, {Leads:N0} leads, {Activities:N0} activities, {Tasks:N0} tasks, {Managers:N0} managers");
    }

    private sealed record EntityTiming(string Entity, EntityCounts Counts, TimeSpan Time, int Requests);

    private sealed record Measurement(
        TimeSpan Startup,
        TimeSpan Generation,
        TimeSpan Wall,
        long Rows,
        RequestSummary Requests,
        IReadOnlyList<EntityTiming> Entities,
        TimeSpan Cpu,
        TimeSpan GcPause,
        long WorkingSetBefore,
        long WorkingSetPeak,
        long WorkingSetAfter,
        long HeapEmpty,
        long HeapBefore,
        long HeapPeak,
        long LiveAtFullGc,
        int FullGcs,
        long HeapAfter)
    {
        /// <summary>How long the portal's memory took to be collected after it was disposed; null: not within 3 minutes.</summary>
        public TimeSpan? Released { get; init; }

        /// <summary>The managed memory the started portal holds before the sync: mostly the sandbox's in-memory company.</summary>
        public long PortalHeap => HeapBefore - HeapEmpty;

        /// <summary>The sync's own live managed memory at its largest full collection, over the started portal's.</summary>
        public long SyncLive => FullGcs > 0 ? Math.Max(0, LiveAtFullGc - HeapBefore) : 0;

        public double RowsPerSecond => Rows / Wall.TotalSeconds;

        /// <summary>The issue's ratio: rows a second against the limit's steady 2 x 50 x 50 = 5,000.</summary>
        public double RatioToSteadyIdeal => RowsPerSecond / IdealRowsPerSecond;

        /// <summary>
        /// The least time the limit allows for the requests made: the first 50 fit the empty bucket at once, each
        /// further one waits for half a second of drain.
        /// </summary>
        public TimeSpan IdealTime => TimeSpan.FromSeconds(Math.Max(0, Requests.Count - BucketSize) / RequestsPerSecond);

        public double RatioToBurstIdeal => IdealTime / Wall;
    }

    /// <summary>
    /// The portal with the issue's sandbox and the real portal's limit on both sides; its Bitrix24 client's named
    /// HttpClient gets one more handler, which only records each request (the sandbox journal records writes only).
    /// </summary>
    private sealed class RateLimitedSyncPortal : LivePortal
    {
        public RateLimitedSyncPortal(PortalSize size)
        {
            Settings["Bitrix24:Mode"] = "Sandbox";
            Settings["Sandbox:AnchorUtc"] = SyncPortal.Anchor.ToString("O", CultureInfo.InvariantCulture);
            Settings["Sandbox:Live:Enabled"] = "false";
            Settings["Sandbox:Events:Enabled"] = "false";
            Settings["Sandbox:RateLimit:RequestsPerSecond"] = RequestsPerSecond.ToString(CultureInfo.InvariantCulture);
            Settings["Sandbox:RateLimit:BucketSize"] = BucketSize.ToString(CultureInfo.InvariantCulture);
            Settings["Bitrix24:RequestsPerSecond"] = RequestsPerSecond.ToString(CultureInfo.InvariantCulture);
            Settings["Bitrix24:BucketSize"] = BucketSize.ToString(CultureInfo.InvariantCulture);
            Settings["Sandbox:Company:Managers"] = size.Managers.ToString(CultureInfo.InvariantCulture);
            Settings["Sandbox:Company:Departments"] = "9";
            Settings["Sandbox:Company:Contacts"] = size.Contacts.ToString(CultureInfo.InvariantCulture);
            Settings["Sandbox:Company:Leads"] = size.Leads.ToString(CultureInfo.InvariantCulture);
            Settings["Sandbox:Company:Deals"] = size.Deals.ToString(CultureInfo.InvariantCulture);
            Settings["Sandbox:Company:Activities"] = size.Activities.ToString(CultureInfo.InvariantCulture);
            Settings["Sandbox:Company:Tasks"] = size.Tasks.ToString(CultureInfo.InvariantCulture);
            Settings["Sync:Enabled"] = "false";
        }

        public RequestLog Requests { get; } = new();

        public CrmSync Sync => Services.GetRequiredService<CrmSync>();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
                services.AddHttpClient(Bitrix24Registration.HttpClientName)
                    .AddHttpMessageHandler(() => new CountingHandler(Requests))
                    // A rotating handler's expiry timer holds the client factory, and with it the disposed portal's
                    // services (sandbox data and all), until the handler expires; one handler for the portal's life is
                    // all a benchmark needs. MeasureAsync still waits for each portal to be collected before the next.
                    .SetHandlerLifetime(Timeout.InfiniteTimeSpan));
        }
    }

    private sealed record RequestSummary(int Count, int Refused, long Bytes, TimeSpan HttpTime, int Paced);

    /// <summary>Start, end, status and size of every HTTP request the Bitrix24 client sent.</summary>
    private sealed class RequestLog
    {
        private readonly ConcurrentQueue<(string Method, long Start, long End, int Status, long Bytes)> _requests = new();

        public int Count => _requests.Count;

        public void Add(string method, long start, long end, int status, long bytes) => _requests.Enqueue((method, start, end, status, bytes));

        public void Clear() => _requests.Clear();

        /// <summary>Runs of consecutive requests to the same method: the method, when the run began, how many requests.</summary>
        public List<(string Method, long Start, int Count)> Phases()
        {
            var phases = new List<(string Method, long Start, int Count)>();
            foreach (var request in _requests.OrderBy(r => r.Start))
            {
                if (phases.Count > 0 && phases[^1].Method == request.Method)
                {
                    phases[^1] = phases[^1] with { Count = phases[^1].Count + 1 };
                }
                else
                {
                    phases.Add((request.Method, request.Start, 1));
                }
            }

            return phases;
        }

        /// <summary>
        /// Totals, and how many requests went out with the bucket full: replaying the leaky bucket over the send
        /// times, those are the ones the limiter held back (the pipeline was faster than the limit there).
        /// </summary>
        public RequestSummary Summarize(double rate, int capacity)
        {
            var requests = _requests.OrderBy(r => r.Start).ToList();
            var level = 0.0;
            var paced = 0;
            long? previous = null;
            foreach (var request in requests)
            {
                if (previous is { } before)
                {
                    level = Math.Max(0, level - (Stopwatch.GetElapsedTime(before, request.Start).TotalSeconds * rate));
                }

                // Within 50 ms of drain of a full bucket.
                if (level + 1 > capacity - (0.05 * rate))
                {
                    paced++;
                }

                level += 1;
                previous = request.Start;
            }

            var http = TimeSpan.FromTicks(requests.Sum(r => Stopwatch.GetElapsedTime(r.Start, r.End).Ticks));
            return new RequestSummary(requests.Count, requests.Count(r => r.Status == 503), requests.Sum(r => r.Bytes), http, paced);
        }
    }

    private sealed partial class CountingHandler(RequestLog log) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // The method is the last path segment; a batch is named by its first command ({"cmd":{"c0":"crm.deal.list?…).
            var method = Path.GetFileNameWithoutExtension(request.RequestUri!.AbsolutePath);
            if (method == "batch" && request.Content is { } content
                && FirstCommand().Match(await content.ReadAsStringAsync(cancellationToken)) is { Success: true } first)
            {
                method = first.Groups[1].Value;
            }

            var start = Stopwatch.GetTimestamp();
            var response = await base.SendAsync(request, cancellationToken);
            // The client reads the whole body anyway (ResponseContentRead); buffering it here puts the transfer in the timing.
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            log.Add(method, start, Stopwatch.GetTimestamp(), (int)response.StatusCode, response.Content.Headers.ContentLength ?? 0);
            return response;
        }

        [GeneratedRegex("\"c0\":\"([A-Za-z0-9_.]+)")]
        private static partial Regex FirstCommand();
    }

    /// <summary>Samples the process's working set and the managed heap in the background and keeps the highest.</summary>
    private sealed class MemorySampler
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<Peaks> _loop;

        private MemorySampler(TimeSpan interval) => _loop = Task.Run(() => LoopAsync(interval, _stop.Token));

        public static MemorySampler Start(TimeSpan interval) => new(interval);

        public async Task<Peaks> StopAsync()
        {
            await _stop.CancelAsync();
            var peaks = await _loop;
            _stop.Dispose();
            return peaks;
        }

        private static async Task<Peaks> LoopAsync(TimeSpan interval, CancellationToken ct)
        {
            using var process = Process.GetCurrentProcess();
            using var timer = new PeriodicTimer(interval);
            long workingSet = 0, heap = 0, live = 0;
            var seen = new HashSet<long> { GC.GetGCMemoryInfo(GCKind.FullBlocking).Index, GC.GetGCMemoryInfo(GCKind.Background).Index };
            do
            {
                process.Refresh();
                workingSet = Math.Max(workingSet, process.WorkingSet64);
                heap = Math.Max(heap, GC.GetTotalMemory(forceFullCollection: false));
                // What survived the latest full collection is the live heap at that moment (the sandbox's data included).
                foreach (var info in new[] { GC.GetGCMemoryInfo(GCKind.FullBlocking), GC.GetGCMemoryInfo(GCKind.Background) })
                {
                    if (info.Index > 0 && seen.Add(info.Index))
                    {
                        live = Math.Max(live, info.PromotedBytes);
                    }
                }
            }
            while (await WaitAsync(timer, ct));

            return new Peaks(workingSet, heap, live, seen.Count - 2);
        }

        private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
        {
            try
            {
                return await timer.WaitForNextTickAsync(ct);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        /// <param name="LiveAtFullGc">The most bytes that survived one of the full collections during the sampling.</param>
        public sealed record Peaks(long WorkingSet, long ManagedHeap, long LiveAtFullGc, int FullGcs);
    }
}

/// <summary>Benchmarks run alone: after every parallel test, one at a time, so that they measure only themselves.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SyncBenchmarkCollection
{
    public const string Name = "Sync benchmarks";
}
