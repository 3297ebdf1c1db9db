using System.Text.Json;
using Loyalty.Core.Bitrix24;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Core.Sync;

/// <summary>Our Bitrix24 client against the sandbox portal over real HTTP (the sandbox was written from the protocol notes, not from the client).</summary>
public sealed class ClientOverSandboxTests : IClassFixture<ClientOverSandboxTests.Portal>
{
    private readonly Portal _portal;

    public ClientOverSandboxTests(Portal portal) => _portal = portal;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(50)]
    [InlineData(51)]
    [InlineData(2501)]
    public async Task ListReadsEveryRowOnceInIdOrder(int count)
    {
        var client = _portal.Services.GetRequiredService<IBitrix24Client>();
        var filter = new Dictionary<string, object?> { ["<=ID"] = count };

        var ids = new List<long>();
        await foreach (var page in client.ListAsync(new Bitrix24ListRequest("crm.deal.list", filter, ["ID", "OPPORTUNITY"])))
        {
            ids.AddRange(page.Select(row => new Bitrix24Row(row).Long("ID")!.Value));
        }

        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), ids);
    }

    [Fact]
    public async Task ListOfTasksFollowsTheWrappedCamelCaseRows()
    {
        var client = _portal.Services.GetRequiredService<IBitrix24Client>();

        var count = 0;
        await foreach (var page in client.ListAsync(new Bitrix24ListRequest("tasks.task.list", null, ["ID", "TITLE"], ItemsKey: "tasks", IdField: "id")))
        {
            count += page.Count;
        }

        Assert.Equal(130, count);
    }

    [Fact]
    public async Task BatchReturnsEachCommandsResultAndErrorSeparately()
    {
        var client = _portal.Services.GetRequiredService<IBitrix24Client>();

        var result = await client.BatchAsync(
        [
            new Bitrix24Command("deal", "crm.deal.get", new Dictionary<string, object?> { ["id"] = 7 }),
            new Bitrix24Command("missing", "crm.deal.get", new Dictionary<string, object?> { ["id"] = 999_999 }),
            new Bitrix24Command("users", "user.get", null),
        ]);

        var deal = new Bitrix24Row(result.Results["deal"]);
        Assert.Equal(7, deal.Long("ID"));
        Assert.True(deal.Decimal("OPPORTUNITY") >= 0);
        Assert.IsType<Bitrix24NotFoundException>(result.Errors["missing"]);
        Assert.Equal(JsonValueKind.Array, result.Results["users"].ValueKind);
        Assert.True(result.Totals["users"] >= 8);
    }

    [Fact]
    public async Task AnUnknownMethodAndAMissingEntitySurfaceAsTypedExceptions()
    {
        var client = _portal.Services.GetRequiredService<IBitrix24Client>();

        var unknown = await Assert.ThrowsAsync<Bitrix24NotFoundException>(() => client.CallAsync("crm.nothing.list"));
        var missing = await Assert.ThrowsAsync<Bitrix24NotFoundException>(() => client.CallAsync("crm.deal.get", new Dictionary<string, object?> { ["id"] = 999_999 }));

        Assert.Equal("ERROR_METHOD_NOT_FOUND", unknown.Code);
        Assert.Equal(404, unknown.HttpStatus);
        Assert.Equal("", missing.Code);
        Assert.Equal(400, missing.HttpStatus);
    }

    /// <summary>One sandbox with 2,501 deals, shared by the tests of this class.</summary>
    public sealed class Portal : IAsyncLifetime
    {
        private readonly SyncPortal _portal = new();

        public IServiceProvider Services => _portal.Services;

        public Task InitializeAsync()
        {
            _portal.Settings["Sandbox:Company:Deals"] = "2501";
            _portal.Start();
            return Task.CompletedTask;
        }

        public async Task DisposeAsync() => await _portal.DisposeAsync();
    }
}
