using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Loyalty.Tests.Sandbox;

/// <summary>Writes through the sandbox's REST API: the portal's own rules on add/update/delete, and the journal of write-backs.</summary>
public sealed class SandboxWriteTests(WriteSandbox portal) : IClassFixture<WriteSandbox>
{
    [Fact]
    public async Task DealAddReturnsAnIntegerIdAndStoresUserFieldsButNotUnknownFields()
    {
        // The demo company has no user fields: a record keeps values only of fields defined for its entity (§5.13).
        await portal.EnsureUserFieldAsync("deal", "UF_CRM_LOYALTY_PTS", "integer");
        var added = await portal.PostJsonAsync("crm.deal.add", new
        {
            fields = new Dictionary<string, object>
            {
                ["TITLE"] = "Бонусная покупка",
                ["OPPORTUNITY"] = 12345.6,
                ["CONTACT_ID"] = 3,
                ["UF_CRM_LOYALTY_PTS"] = 120,
                ["IS_RECCURING"] = "Y",
            },
        });

        Assert.Equal(HttpStatusCode.OK, added.Status);
        Assert.Equal(JsonValueKind.Number, added.Result.ValueKind);
        var deal = (await portal.GetAsync("crm.deal.get", $"id={added.Result.GetInt64()}")).Result;
        Assert.Equal("Бонусная покупка", deal.GetProperty("TITLE").GetString());
        Assert.Equal("12345.60", deal.GetProperty("OPPORTUNITY").GetString());
        Assert.Equal("3", deal.GetProperty("CONTACT_ID").GetString());
        Assert.Equal("NEW", deal.GetProperty("STAGE_ID").GetString());
        Assert.Equal("P", deal.GetProperty("STAGE_SEMANTIC_ID").GetString());
        Assert.Equal("0", deal.GetProperty("CATEGORY_ID").GetString());
        Assert.Equal("120", deal.GetProperty("UF_CRM_LOYALTY_PTS").GetString());
        Assert.False(deal.TryGetProperty("IS_RECCURING", out _));
        Assert.Equal("1", deal.GetProperty("CREATED_BY_ID").GetString());

        var listed = (await portal.GetAsync("crm.deal.list", $"filter[ID]={added.Result.GetInt64()}&select[]=UF_*")).Result[0];
        Assert.Equal("120", listed.GetProperty("UF_CRM_LOYALTY_PTS").GetString());
        var star = (await portal.GetAsync("crm.deal.list", $"filter[ID]={added.Result.GetInt64()}&select[]=*")).Result[0];
        Assert.False(star.TryGetProperty("UF_CRM_LOYALTY_PTS", out _));
        var named = (await portal.GetAsync("crm.deal.list", $"filter[UF_CRM_LOYALTY_PTS]=120&select[]=UF_CRM_LOYALTY_PTS")).Result[0];
        Assert.Equal(added.Result.GetInt64().ToString(CultureInfo.InvariantCulture), named.GetProperty("ID").GetString());
    }

    [Fact]
    public async Task WinningADealRecomputesItsSemanticsClosedFlagAndTimesButKeepsItsPipeline()
    {
        var open = (await portal.GetAsync("crm.deal.list", "filter[CLOSED]=N&filter[!CATEGORY_ID]=0&select[]=*&order[ID]=DESC")).Result[0];
        var id = open.GetProperty("ID").GetString();
        var category = open.GetProperty("CATEGORY_ID").GetString();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var updated = await portal.PostFormAsync("crm.deal.update", $"id={id}&fields[STAGE_ID]=C{category}:WON&fields[CATEGORY_ID]=0&fields[OPPORTUNITY]=99000");

        Assert.Equal(JsonValueKind.True, updated.Result.ValueKind);
        var won = (await portal.GetAsync("crm.deal.get", $"id={id}")).Result;
        Assert.Equal($"C{category}:WON", won.GetProperty("STAGE_ID").GetString());
        Assert.Equal(category, won.GetProperty("CATEGORY_ID").GetString());
        Assert.Equal("S", won.GetProperty("STAGE_SEMANTIC_ID").GetString());
        Assert.Equal("Y", won.GetProperty("CLOSED").GetString());
        Assert.Equal("99000.00", won.GetProperty("OPPORTUNITY").GetString());
        Assert.True(Date(won, "DATE_MODIFY") >= before);
        Assert.True(Date(won, "MOVED_TIME") >= before);
        Assert.True(Date(won, "DATE_CREATE") < Date(won, "MOVED_TIME"));

        var lost = await portal.PostFormAsync("crm.deal.update", $"id={id}&fields[STAGE_ID]=C{category}:LOSE");
        Assert.Equal(JsonValueKind.True, lost.Result.ValueKind);
        var after = (await portal.GetAsync("crm.deal.get", $"id={id}")).Result;
        Assert.Equal("F", after.GetProperty("STAGE_SEMANTIC_ID").GetString());
        Assert.Equal("Y", after.GetProperty("CLOSED").GetString());
    }

    [Fact]
    public async Task AStageOfAnotherPipelineIsIgnored()
    {
        var added = (await portal.PostFormAsync("crm.deal.add", "fields[TITLE]=Pipeline test&fields[CATEGORY_ID]=2")).Result.GetInt64();

        await portal.PostFormAsync("crm.deal.update", $"id={added}&fields[STAGE_ID]=WON");

        var deal = (await portal.GetAsync("crm.deal.get", $"id={added}")).Result;
        Assert.Equal("C2:NEW", deal.GetProperty("STAGE_ID").GetString());
        Assert.Equal("N", deal.GetProperty("CLOSED").GetString());
    }

    [Fact]
    public async Task DeletedDealsVanishAndAGetThenSaysNotFound()
    {
        var id = (await portal.PostFormAsync("crm.deal.add", "fields[TITLE]=To be deleted")).Result.GetInt64();

        var deleted = await portal.GetAsync("crm.deal.delete", $"id={id}");

        Assert.Equal(JsonValueKind.True, deleted.Result.ValueKind);
        var get = await portal.GetAsync("crm.deal.get", $"id={id}");
        Assert.Equal(HttpStatusCode.BadRequest, get.Status);
        Assert.Equal("", get.Error);
        Assert.Equal("Not found", get.ErrorDescription);
        Assert.Equal(HttpStatusCode.BadRequest, (await portal.GetAsync("crm.deal.delete", $"id={id}")).Status);
        Assert.Empty((await portal.GetAsync("crm.deal.list", $"filter[ID]={id}")).Result.EnumerateArray());
        var next = (await portal.PostFormAsync("crm.deal.add", "fields[TITLE]=After delete")).Result.GetInt64();
        Assert.Equal(id + 1, next);
    }

    [Fact]
    public async Task ContactMultifieldsMergeChangeByIdDeleteWithDeleteYAndAddWithoutId()
    {
        var id = (await portal.PostJsonAsync("crm.contact.add", new
        {
            fields = new
            {
                NAME = "Анна",
                LAST_NAME = "Петрова",
                PHONE = new[] { new { VALUE = "+79990000001", VALUE_TYPE = "MOBILE" }, new { VALUE = "+74950000002", VALUE_TYPE = "WORK" } },
            },
        })).Result.GetInt64();
        var phones = await Phones(id);
        Assert.Equal(["+79990000001", "+74950000002"], phones.Select(p => p.Value));

        var update = await portal.PostFormAsync("crm.contact.update",
            $"id={id}&fields[PHONE][0][ID]={phones[0].Id}&fields[PHONE][0][VALUE]=+79990000009"
            + $"&fields[PHONE][1][ID]={phones[1].Id}&fields[PHONE][1][DELETE]=Y"
            + "&fields[PHONE][2][VALUE]=+79990000003&fields[PHONE][2][VALUE_TYPE]=HOME"
            + "&fields[EMAIL][0][VALUE]=anna@example.ru&fields[EMAIL][0][VALUE_TYPE]=WORK");

        Assert.Equal(JsonValueKind.True, update.Result.ValueKind);
        var after = await Phones(id);
        Assert.Equal([(phones[0].Id, "+79990000009", "MOBILE"), (after[1].Id, "+79990000003", "HOME")], after);
        var contact = (await portal.GetAsync("crm.contact.get", $"id={id}")).Result;
        Assert.Equal("anna@example.ru", contact.GetProperty("EMAIL")[0].GetProperty("VALUE").GetString());
        Assert.Equal("Y", contact.GetProperty("HAS_EMAIL").GetString());

        await portal.EnsureUserFieldAsync("contact", "UF_CRM_BONUS_BALANCE");
        await portal.PostFormAsync("crm.contact.update", $"id={id}&fields[UF_CRM_BONUS_BALANCE]=1500.50");
        Assert.Equal(2, (await Phones(id)).Count); // entries not mentioned stay
        var withBalance = (await portal.GetAsync("crm.contact.list", $"filter[ID]={id}&select[]=UF_CRM_BONUS_BALANCE")).Result[0];
        Assert.Equal("1500.50", withBalance.GetProperty("UF_CRM_BONUS_BALANCE").GetString());
    }

    [Fact]
    public async Task ConvertingALeadClosesItWithSuccess()
    {
        await portal.EnsureUserFieldAsync("lead", "UF_CRM_PROMOTER");
        var id = (await portal.PostJsonAsync("crm.lead.add", new { fields = new { TITLE = "Заявка промоутера", NAME = "Ольга", SOURCE_ID = "PARTNER", UF_CRM_PROMOTER = "P-42" } })).Result.GetInt64();
        var lead = (await portal.GetAsync("crm.lead.get", $"id={id}")).Result;
        Assert.Equal("NEW", lead.GetProperty("STATUS_ID").GetString());
        Assert.Equal(JsonValueKind.Null, lead.GetProperty("DATE_CLOSED").ValueKind);

        await portal.PostFormAsync("crm.lead.update", $"id={id}&fields[STATUS_ID]=CONVERTED");

        var converted = (await portal.GetAsync("crm.lead.get", $"id={id}")).Result;
        Assert.Equal("S", converted.GetProperty("STATUS_SEMANTIC_ID").GetString());
        Assert.NotEqual(JsonValueKind.Null, converted.GetProperty("DATE_CLOSED").ValueKind);
        Assert.Equal("P-42", converted.GetProperty("UF_CRM_PROMOTER").GetString());
    }

    [Fact]
    public async Task TaskAddAnswersWithTheNewTaskInCamelCase()
    {
        var reply = await portal.PostJsonAsync("tasks.task.add", new
        {
            fields = new { TITLE = "Перезвонить по опросу NPS", RESPONSIBLE_ID = 2, DEADLINE = "2026-03-10T18:00:00+03:00", UF_CRM_TASK = new[] { "D_5" } },
        });

        var task = reply.Result.GetProperty("task");
        Assert.Matches(@"^\d+$", task.GetProperty("id").GetString());
        Assert.Equal("Перезвонить по опросу NPS", task.GetProperty("title").GetString());
        Assert.Equal("2", task.GetProperty("responsibleId").GetString());
        Assert.Equal("2026-03-10T18:00:00+03:00", task.GetProperty("deadline").GetString());
        Assert.Equal("D_5", task.GetProperty("ufCrmTask")[0].GetString());
        Assert.Equal("2", task.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ConcurrentCallsAreServedWithoutLosingOrSharingIds()
    {
        var adds = Enumerable.Range(0, 24).Select(i => portal.PostFormAsync("crm.lead.add", $"fields[TITLE]=Parallel {i}"));
        var reads = Enumerable.Range(0, 24).Select(_ => portal.GetAsync("crm.lead.list", "select[]=ID&order[DATE_MODIFY]=DESC"));

        var replies = await Task.WhenAll(adds.Concat(reads));

        Assert.All(replies, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        var ids = replies.Take(24).Select(r => r.Result.GetInt64()).Order().ToList();
        Assert.Equal(ids.Distinct().Count(), ids.Count);
        Assert.Equal(ids[0] + 23, ids[^1]);
    }

    [Fact]
    public async Task ActivityDeleteRemovesTheActivity()
    {
        var id = (await portal.GetAsync("crm.activity.list", "select[]=ID&order[ID]=DESC")).Result[0].GetProperty("ID").GetString();

        Assert.Equal(JsonValueKind.True, (await portal.GetAsync("crm.activity.delete", $"id={id}")).Result.ValueKind);
        Assert.Equal("Not found", (await portal.GetAsync("crm.activity.get", $"id={id}")).ErrorDescription);
    }

    [Fact]
    public async Task TheJournalRecordsEveryWriteBackWithItsParametersAndResult()
    {
        portal.ClearJournal();

        await portal.PostFormAsync("crm.deal.update", "id=1&fields[COMMENTS]=Начислено 100 баллов");
        var comment = await portal.PostJsonAsync("crm.timeline.comment.add", new { fields = new { ENTITY_ID = 1, ENTITY_TYPE = "deal", COMMENT = "Бонусы начислены" } });
        await portal.PostJsonAsync("im.notify.system.add", new { USER_ID = 2, MESSAGE = "Вы получили значок [b]Первая сделка[/b]" });
        await portal.PostJsonAsync("batch", new { cmd = new Dictionary<string, string> { ["c"] = "crm.contact.update?id=2&fields[UF_CRM_TIER]=Gold", ["r"] = "crm.contact.get?id=2" } });
        await portal.GetAsync("crm.deal.get", "id=1");

        var journal = await portal.SendAsync(new HttpRequestMessage(HttpMethod.Get, SandboxPortal.Journal()));
        var entries = journal.Json.EnumerateArray().ToList();
        Assert.Equal(["crm.deal.update", "crm.timeline.comment.add", "im.notify.system.add", "crm.contact.update"], entries.Select(e => e.GetProperty("method").GetString()));
        Assert.Equal("Начислено 100 баллов", entries[0].GetProperty("parameters").GetProperty("fields").GetProperty("COMMENTS").GetString());
        Assert.True(entries[0].GetProperty("result").GetBoolean());
        Assert.Equal(comment.Result.GetInt64(), entries[1].GetProperty("result").GetInt64());
        Assert.Equal("Gold", entries[3].GetProperty("parameters").GetProperty("fields").GetProperty("UF_CRM_TIER").GetString());
        Assert.EndsWith("+03:00", entries[0].GetProperty("time").GetString());
        var filtered = await portal.SendAsync(new HttpRequestMessage(HttpMethod.Get, SandboxPortal.Journal("im.notify.system.add")));
        Assert.Single(filtered.Json.EnumerateArray());

        portal.ClearJournal();
        Assert.Empty((await portal.SendAsync(new HttpRequestMessage(HttpMethod.Get, SandboxPortal.Journal()))).Json.EnumerateArray());
    }

    private async Task<List<(string Id, string Value, string Type)>> Phones(long contactId)
    {
        var contact = (await portal.GetAsync("crm.contact.list", $"filter[ID]={contactId}&select[]=PHONE")).Result[0];
        return [.. contact.GetProperty("PHONE").EnumerateArray().Select(p => (p.GetProperty("ID").GetString()!, p.GetProperty("VALUE").GetString()!, p.GetProperty("VALUE_TYPE").GetString()!))];
    }

    private static DateTimeOffset Date(JsonElement row, string field) => DateTimeOffset.Parse(row.GetProperty(field).GetString()!, CultureInfo.InvariantCulture);
}
