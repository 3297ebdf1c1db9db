using System.Net;
using Loyalty.Core.Crm;
using Loyalty.Core.Sync;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Core.Sync;

/// <summary>Bitrix24's outbound events, sent by the sandbox (and by the test, forged or repeated), re-read the entity they name.</summary>
public sealed class EventsOverSandboxTests
{
    [Fact]
    public async Task AWonDealReachesTheMirrorThroughItsEventAndRepeatedEventsAddNothing()
    {
        await using var portal = new SyncPortal(events: true);
        portal.Start();
        await portal.WaitUntilAsync(async db => await db.SyncRuns.AnyAsync(r => r.Status == SyncStatus.Succeeded), "the first scheduled sync");
        long dealId;
        await using (var db = await SyncOverSandboxTests.DbAsync(portal))
        {
            dealId = await db.Deals.Where(d => d.PipelineId == 0 && d.Semantics == StageSemantics.InProgress).Select(d => d.Id).FirstAsync();
        }

        // The sandbox posts ONCRMDEALUPDATE to the portal; nothing else runs a sync meanwhile.
        await SyncOverSandboxTests.UpdateDealStageAsync(portal, dealId, "WON");
        await portal.WaitUntilAsync(db => db.CrmFacts.AnyAsync(f => f.Kind == CrmFactKind.DealWon && f.EntityId == dealId), "the DealWon fact");

        using var http = new HttpClient { BaseAddress = portal.BaseAddress };
        var deliveries = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => http.PostAsync("/api/bitrix24/events", Event(dealId, "sandbox-app-token"))));
        Assert.All(deliveries, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await portal.WaitUntilAsync(async db => !await db.PendingRefetches.AnyAsync(), "the repeated events to be handled");

        await SyncOverSandboxTests.UpdateDealStageAsync(portal, dealId, "EXECUTING");
        await portal.WaitUntilAsync(db => db.CrmFacts.AnyAsync(f => f.Kind == CrmFactKind.DealUnwon && f.EntityId == dealId), "the DealUnwon fact");
        await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => http.PostAsync("/api/bitrix24/events", Event(dealId, "sandbox-app-token"))));
        await portal.WaitUntilAsync(async db => !await db.PendingRefetches.AnyAsync(), "the repeated events to be handled");

        await using var after = await SyncOverSandboxTests.DbAsync(portal);
        var kinds = await after.CrmFacts.Where(f => f.EntityType == "deal" && f.EntityId == dealId).OrderBy(f => f.Id).Select(f => f.Kind).ToListAsync();
        Assert.Equal([CrmFactKind.DealCreated, CrmFactKind.DealWon, CrmFactKind.DealUnwon], kinds);
    }

    [Fact]
    public async Task AnEventWithAWrongTokenIsRefusedAndChangesNothing()
    {
        await using var portal = new SyncPortal();
        portal.Start();
        using var http = new HttpClient { BaseAddress = portal.BaseAddress };

        var forged = await http.PostAsync("/api/bitrix24/events", Event(1, "guessed-token"));
        var missing = await http.PostAsync("/api/bitrix24/events", new FormUrlEncodedContent(new Dictionary<string, string> { ["event"] = "ONCRMDEALUPDATE", ["data[FIELDS][ID]"] = "1" }));

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        await using var db = await SyncOverSandboxTests.DbAsync(portal);
        Assert.False(await db.PendingRefetches.AnyAsync());
    }

    [Fact]
    public async Task AnEventWithoutAnEntityIdIsABadRequest()
    {
        await using var portal = new SyncPortal();
        portal.Start();
        using var http = new HttpClient { BaseAddress = portal.BaseAddress };

        var response = await http.PostAsync("/api/bitrix24/events", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["event"] = "ONCRMDEALUPDATE",
            ["data[FIELDS][ID]"] = "abc",
            ["auth[application_token]"] = "sandbox-app-token",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static FormUrlEncodedContent Event(long dealId, string token) => new(new Dictionary<string, string>
    {
        ["event"] = "ONCRMDEALUPDATE",
        ["event_handler_id"] = "7",
        ["data[FIELDS][ID]"] = dealId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ts"] = "1736405807",
        ["auth[domain]"] = "sandbox.local",
        ["auth[application_token]"] = token,
    });

}
