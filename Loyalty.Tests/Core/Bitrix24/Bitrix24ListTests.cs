using System.Text.Json;
using Loyalty.Core.Bitrix24;
using Loyalty.Tests.Core.Bitrix24.Support;

namespace Loyalty.Tests.Core.Bitrix24;

public sealed class Bitrix24ListTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(50, 1)]
    [InlineData(51, 1)]
    [InlineData(2_500, 2)]
    [InlineData(2_501, 2)]
    [InlineData(5_001, 3)]
    public async Task IdCursorReadsEveryRowOnceInOrderWithFiftyPagesPerBatch(int rows, int expectedRequests)
    {
        using var harness = new Bitrix24Harness();
        harness.Portal.Fill(rows);

        var pages = await ReadAll(harness.Client, new Bitrix24ListRequest("crm.deal.list", Select: ["ID", "TITLE"]));

        Assert.Equal(Enumerable.Range(1, rows).Select(i => (long)i), Ids(pages));
        Assert.All(pages.SkipLast(1), page => Assert.Equal(50, page.Count));
        Assert.All(pages, page => Assert.NotEmpty(page));
        Assert.Equal(expectedRequests, harness.Portal.Requests.Count);
        Assert.All(harness.Portal.Requests, r => Assert.Equal("batch", r.Method));
    }

    [Fact]
    public async Task FirstCommandUsesTheLastIdLiterallyAndEachNextOneReferencesRow49OfThePrevious()
    {
        using var harness = new Bitrix24Harness();
        harness.Portal.Fill(2_501);

        await ReadAll(harness.Client, new Bitrix24ListRequest("crm.deal.list", Select: ["ID", "TITLE"]));

        var first = harness.Portal.Requests[0].Json;
        Assert.Equal(1, first.GetProperty("halt").GetInt32());
        var cmd = first.GetProperty("cmd");
        Assert.Equal(50, cmd.EnumerateObject().Count());
        Assert.Equal(
            "crm.deal.list?filter%5B%3EID%5D=0&order%5BID%5D=ASC&start=-1&select%5B0%5D=ID&select%5B1%5D=TITLE",
            cmd.GetProperty("c0").GetString());
        Assert.Equal(
            "crm.deal.list?filter%5B%3EID%5D=%24result%5Bc0%5D%5B49%5D%5BID%5D&order%5BID%5D=ASC&start=-1&select%5B0%5D=ID&select%5B1%5D=TITLE",
            cmd.GetProperty("c1").GetString());
        Assert.StartsWith("crm.deal.list?filter%5B%3EID%5D=%24result%5Bc48%5D%5B49%5D%5BID%5D&", cmd.GetProperty("c49").GetString(), StringComparison.Ordinal);

        var second = harness.Portal.Requests[1].Json.GetProperty("cmd");
        Assert.StartsWith("crm.deal.list?filter%5B%3EID%5D=2500&", second.GetProperty("c0").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CommandsAfterTheShortPageAreIgnoredWhetherTheyReturnedRowsOrErrors(bool failOnBadCursor)
    {
        using var harness = new Bitrix24Harness();
        harness.Portal.Fill(120);
        harness.Portal.FailOnBadCursor = failOnBadCursor;

        var pages = await ReadAll(harness.Client, new Bitrix24ListRequest("crm.deal.list", Select: ["ID"]));

        Assert.Equal(Enumerable.Range(1, 120).Select(i => (long)i), Ids(pages));
        Assert.Single(harness.Portal.Requests);
    }

    [Fact]
    public async Task APortalThatIgnoresTheCursorStopsTheListingInsteadOfLoopingForever()
    {
        using var harness = new Bitrix24Harness();
        harness.Portal.Fill(120);
        harness.Portal.IgnoreCursor = true;
        var rows = 0;

        await Assert.ThrowsAsync<Bitrix24TransportException>(async () =>
        {
            await foreach (var page in harness.Client.ListAsync(new Bitrix24ListRequest("crm.deal.list")))
            {
                rows += page.Count;
            }
        });

        Assert.Equal(50, rows);
        Assert.Single(harness.Portal.Requests);
    }

    [Fact]
    public async Task CallerFilterIsKeptNextToTheCursorAndTheIdIsAddedToTheSelect()
    {
        using var harness = new Bitrix24Harness();
        harness.Portal.Fill(3);

        await ReadAll(harness.Client, new Bitrix24ListRequest(
            "crm.deal.list",
            Filter: new Dictionary<string, object?>
            {
                ["=STAGE_SEMANTIC_ID"] = "S",
                [">DATE_MODIFY"] = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.FromHours(3)),
            },
            Select: ["TITLE", "PHONE"]));

        var c0 = harness.Portal.Requests[0].Json.GetProperty("cmd").GetProperty("c0").GetString();
        Assert.Equal(
            "crm.deal.list?filter%5B%3DSTAGE_SEMANTIC_ID%5D=S&filter%5B%3EDATE_MODIFY%5D=2024-03-01T00%3A00%3A00%2B03%3A00&filter%5B%3EID%5D=0"
            + "&order%5BID%5D=ASC&start=-1&select%5B0%5D=TITLE&select%5B1%5D=PHONE&select%5B2%5D=ID",
            c0);
    }

    [Fact]
    public async Task CallerGreaterThanIdFilterIsWhereTheCursorStarts()
    {
        using var harness = new Bitrix24Harness();
        harness.Portal.Fill(150);

        var pages = await ReadAll(harness.Client, new Bitrix24ListRequest("crm.deal.list", Filter: new Dictionary<string, object?> { [">ID"] = 100 }));

        Assert.Equal(Enumerable.Range(101, 50).Select(i => (long)i), Ids(pages));
    }

    [Fact]
    public async Task WrappedResultsLikeTasksAreChainedThroughTheirItemsKey()
    {
        using var harness = new Bitrix24Harness();
        harness.Portal.ListMethod = "tasks.task.list";
        harness.Portal.ItemsKey = "tasks";
        harness.Portal.Fill(120);

        var pages = await ReadAll(harness.Client, new Bitrix24ListRequest("tasks.task.list", Select: ["ID", "TITLE"], ItemsKey: "tasks", IdField: "id"));

        Assert.Equal(Enumerable.Range(1, 120).Select(i => (long)i), pages.SelectMany(p => p).Select(r => new Bitrix24Row(r).Long("id")!.Value));
        Assert.Equal([50, 50, 20], pages.Select(p => p.Count));
        var c1 = harness.Portal.Requests[0].Json.GetProperty("cmd").GetProperty("c1").GetString();
        Assert.Contains("filter%5B%3EID%5D=%24result%5Bc0%5D%5Btasks%5D%5B49%5D%5Bid%5D&", c1, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtraParametersTravelWithEveryCommand()
    {
        using var harness = new Bitrix24Harness();
        harness.Portal.Fill(1);

        await ReadAll(harness.Client, new Bitrix24ListRequest("crm.deal.list", ExtraParameters: new Dictionary<string, object?> { ["useOriginalUfNames"] = "Y" }));

        Assert.EndsWith("&start=-1&useOriginalUfNames=Y", harness.Portal.Requests[0].Json.GetProperty("cmd").GetProperty("c0").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("order")]
    [InlineData("FILTER")]
    [InlineData("start")]
    [InlineData("select")]
    public void ExtraParametersThatWouldBreakTheCursorAreRefused(string key)
    {
        using var harness = new Bitrix24Harness();

        Assert.Throws<ArgumentException>(() => harness.Client.ListAsync(
            new Bitrix24ListRequest("crm.deal.list", ExtraParameters: new Dictionary<string, object?> { [key] = "x" })));
    }

    [Fact]
    public async Task ErrorOfACommandBeforeTheEndIsThrownAfterTheEarlierPages()
    {
        using var harness = new Bitrix24Harness();
        harness.Portal.Enqueue("batch", FakeResponse.Ok($$$"""
            {"result":{"c0":[{{{Rows50()}}}]},
             "result_error":{"c1":{"error":"INTERNAL_SERVER_ERROR","error_description":"Internal error"}},
             "result_total":{"c0":0},"result_next":[],"result_time":[]}
            """));
        var pages = new List<IReadOnlyList<JsonElement>>();

        var error = await Assert.ThrowsAsync<Bitrix24Exception>(async () =>
        {
            await foreach (var page in harness.Client.ListAsync(new Bitrix24ListRequest("crm.deal.list")))
            {
                pages.Add(page);
            }
        });

        Assert.Equal("INTERNAL_SERVER_ERROR", error.Code);
        Assert.Equal(50, Assert.Single(pages).Count);
    }

    [Fact]
    public async Task ListingStopsWhenTheCallerCancels()
    {
        using var harness = new Bitrix24Harness();
        harness.Portal.Fill(500);
        using var cancel = new CancellationTokenSource();
        var seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var page in harness.Client.ListAsync(new Bitrix24ListRequest("crm.deal.list"), cancel.Token))
            {
                seen += page.Count;
                await cancel.CancelAsync();
            }
        });

        Assert.Equal(50, seen);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(50, 1)]
    [InlineData(120, 2)]
    [InlineData(2_550, 2)]
    [InlineData(2_600, 3)]
    public async Task OffsetPagingCountsFirstThenReadsTheRestInBatches(int rows, int expectedRequests)
    {
        using var harness = new Bitrix24Harness();
        harness.Portal.ListMethod = "user.get";
        harness.Portal.Fill(rows);

        var pages = await ReadAll(harness.Client, new Bitrix24ListRequest("user.get", UseIdCursor: false));

        Assert.Equal(Enumerable.Range(1, rows).Select(i => (long)i), Ids(pages));
        Assert.Equal(expectedRequests, harness.Portal.Requests.Count);
        var first = harness.Portal.Requests[0];
        Assert.Equal("user.get", first.Method);
        Assert.Equal("""{"filter":{},"start":0}""", first.Body);
        if (rows > 50)
        {
            var cmd = harness.Portal.Requests[1].Json.GetProperty("cmd");
            Assert.Equal("user.get?start=50", cmd.GetProperty("c0").GetString());
        }
    }

    [Fact]
    public async Task ListsOfOneHundredThousandRowsStreamPageByPage()
    {
        using var harness = new Bitrix24Harness();
        harness.Portal.Fill(100_000);
        var pages = 0;
        long last = 0;

        await foreach (var page in harness.Client.ListAsync(new Bitrix24ListRequest("crm.deal.list", Select: ["ID"])))
        {
            pages++;
            var first = new Bitrix24Row(page[0]).Long("ID")!.Value;
            Assert.Equal(last + 1, first);
            last = new Bitrix24Row(page[^1]).Long("ID")!.Value;
        }

        Assert.Equal(2_000, pages);
        Assert.Equal(100_000, last);
        Assert.Equal(41, harness.Portal.Requests.Count);
    }

    private static async Task<List<IReadOnlyList<JsonElement>>> ReadAll(IBitrix24Client client, Bitrix24ListRequest request)
    {
        var pages = new List<IReadOnlyList<JsonElement>>();
        await foreach (var page in client.ListAsync(request))
        {
            pages.Add(page);
        }

        return pages;
    }

    private static string Rows50() => string.Join(',', Enumerable.Range(1, 50).Select(i => $"{{\"ID\":\"{i}\"}}"));

    private static IEnumerable<long> Ids(IEnumerable<IReadOnlyList<JsonElement>> pages) =>
        pages.SelectMany(p => p).Select(r => new Bitrix24Row(r).Long("ID")!.Value);
}
