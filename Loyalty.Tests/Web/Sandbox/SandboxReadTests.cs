using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Loyalty.Tests.Web.Sandbox;

/// <summary>The sandbox read over real HTTP, checked against PROTOCOL.md: envelope, typing, paging, filters, select, batch, errors.</summary>
public sealed class SandboxReadTests(ReadSandbox portal) : IClassFixture<ReadSandbox>
{
    // ---- envelope and typing ----

    [Fact]
    public async Task ListAnswersInTheBitrixEnvelopeWithTotalNextAndTime()
    {
        var reply = await portal.GetAsync("crm.deal.list.json");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("application/json; charset=utf-8", reply.ContentType);
        Assert.Equal(50, reply.Result.GetArrayLength());
        Assert.Equal(51, reply.Json.GetProperty("total").GetInt32());
        Assert.Equal(50, reply.Json.GetProperty("next").GetInt32());
        var time = reply.Json.GetProperty("time");
        foreach (var number in new[] { "start", "finish", "duration", "processing" })
        {
            Assert.Equal(JsonValueKind.Number, time.GetProperty(number).ValueKind);
        }

        Assert.EndsWith("+03:00", time.GetProperty("date_start").GetString());
        Assert.EndsWith("+03:00", time.GetProperty("date_finish").GetString());
        Assert.True(time.GetProperty("finish").GetDouble() >= time.GetProperty("start").GetDouble());
    }

    [Fact]
    public async Task ClassicFieldsComeBackAsStringsWithYesNoFlagsNullLinksAndTheMoscowOffset()
    {
        var deal = (await portal.GetAsync("crm.deal.get", "id=1")).Result;

        Assert.Equal("1", deal.GetProperty("ID").GetString());
        Assert.Matches(@"^\d+\.\d{2}$", deal.GetProperty("OPPORTUNITY").GetString());
        Assert.Matches("^[012]$", deal.GetProperty("CATEGORY_ID").GetString());
        Assert.Matches("^[YN]$", deal.GetProperty("CLOSED").GetString());
        Assert.Matches("^[PSF]$", deal.GetProperty("STAGE_SEMANTIC_ID").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00$", deal.GetProperty("DATE_CREATE").GetString());
        Assert.EndsWith("T00:00:00+03:00", deal.GetProperty("CLOSEDATE").GetString());
        Assert.Equal(JsonValueKind.Null, deal.GetProperty("COMPANY_ID").ValueKind);

        var withoutLead = await portal.GetAsync("crm.deal.list", "filter[LEAD_ID]=&select[]=LEAD_ID&start=-1");
        Assert.All(withoutLead.Result.EnumerateArray(), d => Assert.Equal(JsonValueKind.Null, d.GetProperty("LEAD_ID").ValueKind));
        Assert.NotEqual(0, withoutLead.Result.GetArrayLength());
    }

    [Fact]
    public async Task UserGetSendsActiveAsABooleanAndDepartmentsAsNumbers()
    {
        var users = await portal.GetAsync("user.get");

        Assert.Equal(7, users.Json.GetProperty("total").GetInt32());
        foreach (var user in users.Result.EnumerateArray())
        {
            Assert.Equal(JsonValueKind.String, user.GetProperty("ID").ValueKind);
            Assert.True(user.GetProperty("ACTIVE").ValueKind is JsonValueKind.True or JsonValueKind.False);
            Assert.All(user.GetProperty("UF_DEPARTMENT").EnumerateArray(), d => Assert.Equal(JsonValueKind.Number, d.ValueKind));
        }

        var inactive = await portal.GetAsync("user.get", "FILTER[ACTIVE]=false");
        Assert.Equal(JsonValueKind.False, Assert.Single(inactive.Result.EnumerateArray()).GetProperty("ACTIVE").ValueKind);
        var sorted = await portal.GetAsync("user.get", "sort=ID&order=DESC");
        Assert.Equal("7", sorted.Result[0].GetProperty("ID").GetString());
    }

    [Fact]
    public async Task DepartmentGetSendsSortAsANumberUnderAHeadOffice()
    {
        var departments = (await portal.GetAsync("department.get")).Result.EnumerateArray().ToList();

        Assert.Equal(3, departments.Count);
        Assert.All(departments, d => Assert.Equal(JsonValueKind.Number, d.GetProperty("SORT").ValueKind));
        Assert.False(departments[0].TryGetProperty("PARENT", out _), "the head office has no parent");
        Assert.All(departments.Skip(1), d => Assert.Equal("1", d.GetProperty("PARENT").GetString()));
        var byParent = await portal.GetAsync("department.get", "PARENT=1");
        Assert.Equal(2, byParent.Result.GetArrayLength());
    }

    [Fact]
    public async Task ProfileAndScopeDescribeTheWebhookUser()
    {
        var profile = (await portal.GetAsync("profile")).Result;
        Assert.Equal("1", profile.GetProperty("ID").GetString());
        Assert.Equal(JsonValueKind.True, profile.GetProperty("ADMIN").ValueKind);
        Assert.False(string.IsNullOrEmpty(profile.GetProperty("NAME").GetString()));
        Assert.False(string.IsNullOrEmpty(profile.GetProperty("LAST_NAME").GetString()));

        var scope = (await portal.GetAsync("scope")).Result.EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Equal(["crm", "user", "department", "task", "im"], scope);
    }

    // ---- paging ----

    [Fact]
    public async Task TwoThousandFiveHundredAndOneRowsArePagedByFiftyUntilALastPageOfOne()
    {
        var ids = new HashSet<string>();
        int? start = 0;
        var pages = 0;
        while (start is { } offset)
        {
            var page = await portal.GetAsync("crm.contact.list", $"select[]=ID&start={offset}");
            Assert.Equal(2501, page.Json.GetProperty("total").GetInt32());
            var rows = page.Result.EnumerateArray().Select(r => r.GetProperty("ID").GetString()!).ToList();
            Assert.Equal(offset == 2500 ? 1 : 50, rows.Count);
            Assert.All(rows, id => Assert.True(ids.Add(id), $"row {id} came twice"));
            start = page.Json.TryGetProperty("next", out var next) ? next.GetInt32() : null;
            Assert.Equal(offset == 2500 ? null : offset + 50, start);
            pages++;
        }

        Assert.Equal(51, pages);
        Assert.Equal(2501, ids.Count);
    }

    [Fact]
    public async Task FiftyRowsFitOnePageAndFiftyOneRowsNeedASecond()
    {
        var leads = await portal.GetAsync("crm.lead.list", "select[]=ID");
        Assert.Equal(50, leads.Result.GetArrayLength());
        Assert.Equal(50, leads.Json.GetProperty("total").GetInt32());
        Assert.False(leads.Json.TryGetProperty("next", out _));

        var second = await portal.GetAsync("crm.deal.list", "select[]=ID&start=50");
        Assert.Equal("51", Assert.Single(second.Result.EnumerateArray()).GetProperty("ID").GetString());
        Assert.Equal(51, second.Json.GetProperty("total").GetInt32());
        Assert.False(second.Json.TryGetProperty("next", out _));
    }

    [Fact]
    public async Task NoRowsGiveAnEmptyListWithTotalZeroAndOneRowNoNext()
    {
        var none = await portal.GetAsync("crm.deal.list", "filter[>ID]=100000");
        Assert.Equal(0, none.Result.GetArrayLength());
        Assert.Equal(0, none.Json.GetProperty("total").GetInt32());
        Assert.False(none.Json.TryGetProperty("next", out _));

        var one = await portal.GetAsync("crm.deal.list", "filter[ID]=7");
        Assert.Equal("7", Assert.Single(one.Result.EnumerateArray()).GetProperty("ID").GetString());
        Assert.Equal(1, one.Json.GetProperty("total").GetInt32());
        Assert.False(one.Json.TryGetProperty("next", out _));
    }

    [Fact]
    public async Task StartMinusOneSkipsTheCountAndTheNextOffset()
    {
        var reply = await portal.GetAsync("crm.contact.list", "select[]=ID&start=-1");

        Assert.Equal(50, reply.Result.GetArrayLength());
        Assert.Equal(0, reply.Json.GetProperty("total").GetInt32());
        Assert.False(reply.Json.TryGetProperty("next", out _));
    }

    [Fact]
    public async Task TheIdCursorVisitsEveryContactOnceInOrder()
    {
        var last = 0L;
        var seen = 0;
        while (true)
        {
            var page = await portal.GetAsync("crm.contact.list", $"order[ID]=ASC&filter[>ID]={last}&select[]=ID&start=-1");
            var ids = page.Result.EnumerateArray().Select(r => long.Parse(r.GetProperty("ID").GetString()!, CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(ids.Order(), ids);
            Assert.All(ids, id => Assert.True(id > last));
            seen += ids.Count;
            if (ids.Count < 50)
            {
                break;
            }

            last = ids[^1];
        }

        Assert.Equal(2501, seen);
    }

    [Fact]
    public async Task OrderSortsByAnyFieldBothWays()
    {
        var ascending = await Column("crm.deal.list", "order[OPPORTUNITY]=ASC&select[]=OPPORTUNITY", "OPPORTUNITY");
        var descending = await Column("crm.deal.list", "order[DATE_MODIFY]=DESC&select[]=DATE_MODIFY", "DATE_MODIFY");

        var amounts = ascending.Select(a => decimal.Parse(a!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(amounts.Order(), amounts);
        var dates = descending.Select(d => DateTimeOffset.Parse(d!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(dates.OrderDescending(), dates);
    }

    // ---- filters ----

    [Theory]
    [InlineData("filter[>=ID]=10", 10, 51)]
    [InlineData("filter[>ID]=10", 11, 51)]
    [InlineData("filter[<=ID]=10", 1, 10)]
    [InlineData("filter[<ID]=10", 1, 9)]
    [InlineData("filter[=ID]=10", 10, 10)]
    [InlineData("filter[ID]=10", 10, 10)]
    public async Task ComparisonPrefixesSelectTheMatchingIds(string filter, int from, int to)
    {
        var ids = await Ids("crm.deal.list", filter);

        Assert.Equal(Enumerable.Range(from, to - from + 1).Select(i => (long)i), ids);
    }

    [Fact]
    public async Task NotInAndNotInListPrefixesExcludeRows()
    {
        Assert.Equal([3L, 5L, 7L], await Ids("crm.deal.list", "filter[@ID][]=3&filter[@ID][]=5&filter[@ID][]=7"));
        Assert.Equal([3L, 5L], await Ids("crm.deal.list", "filter[ID][]=3&filter[ID][]=5"));
        Assert.DoesNotContain(10L, await Ids("crm.deal.list", "filter[!ID]=10"));
        Assert.Equal(50, (await Ids("crm.deal.list", "filter[!=ID]=10")).Count);
        var notIn = await Ids("crm.deal.list", "filter[!@ID][]=1&filter[!@ID][]=2");
        Assert.Equal(49, notIn.Count);
        Assert.DoesNotContain(1L, notIn);
    }

    [Fact]
    public async Task LikeFindsPartsOfTextWithoutRegardToCase()
    {
        var all = await Rows("crm.deal.list", "select[]=TITLE");
        var word = all[0].GetProperty("TITLE").GetString()!.Split(' ')[0];

        var containing = all.Where(d => d.GetProperty("TITLE").GetString()!.Contains(word, StringComparison.OrdinalIgnoreCase)).Select(IdOf).ToList();
        var starting = all.Where(d => d.GetProperty("TITLE").GetString()!.StartsWith(word, StringComparison.OrdinalIgnoreCase)).Select(IdOf).ToList();
        Assert.Equal(containing, await Ids("crm.deal.list", $"filter[%TITLE]={word.ToLowerInvariant()}"));
        Assert.Equal(starting, await Ids("crm.deal.list", $"filter[=%TITLE]={word}%"));
        Assert.Equal(starting, await Ids("crm.deal.list", $"filter[%=TITLE]={word}%"));
        Assert.Equal(51 - starting.Count, (await Ids("crm.deal.list", $"filter[!=%TITLE]={word}%")).Count);
        Assert.Equal(51 - starting.Count, (await Ids("crm.deal.list", $"filter[!%=TITLE]={word}%")).Count);
        Assert.Equal(51 - containing.Count, (await Ids("crm.deal.list", $"filter[!%TITLE]={word}")).Count);
    }

    [Fact]
    public async Task NumbersAreComparedAsNumbersNotAsText()
    {
        var all = await Rows("crm.deal.list", "select[]=OPPORTUNITY");
        var expected = all.Where(d => decimal.Parse(d.GetProperty("OPPORTUNITY").GetString()!, CultureInfo.InvariantCulture) > 100000m).Select(IdOf).ToList();

        var ids = await Ids("crm.deal.list", "filter[>OPPORTUNITY]=100000");

        Assert.Equal(expected, ids);
        Assert.NotEmpty(ids);
        Assert.NotEqual(51, ids.Count);
    }

    [Fact]
    public async Task DatesAreComparedAsInstantsWhateverTheFilterOffset()
    {
        var all = await Rows("crm.deal.list", "select[]=DATE_MODIFY&order[DATE_MODIFY]=ASC");
        var middle = DateTimeOffset.Parse(all[25].GetProperty("DATE_MODIFY").GetString()!, CultureInfo.InvariantCulture);
        var expected = all.Where(d => DateTimeOffset.Parse(d.GetProperty("DATE_MODIFY").GetString()!, CultureInfo.InvariantCulture) > middle).Select(IdOf).Order().ToList();

        var moscow = await Ids("crm.deal.list", $"filter[>DATE_MODIFY]={middle.ToOffset(TimeSpan.FromHours(3)):yyyy-MM-ddTHH:mm:sszzz}");
        var utc = await Ids("crm.deal.list", $"filter[>DATE_MODIFY]={middle.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z");
        var vladivostok = await Ids("crm.deal.list", $"filter[>DATE_MODIFY]={middle.ToOffset(TimeSpan.FromHours(10)):yyyy-MM-ddTHH:mm:sszzz}");

        Assert.Equal(expected, moscow);
        Assert.Equal(expected, utc);
        Assert.Equal(expected, vladivostok);
    }

    [Fact]
    public async Task FilterNamesAreCaseTolerantAtTheTopLevelOnly()
    {
        Assert.Equal([10L], await Ids("crm.deal.list", "FILTER[ID]=10"));
        Assert.Equal("10", (await portal.GetAsync("crm.deal.get", "ID=10")).Result.GetProperty("ID").GetString());
        // Field names inside the filter are case-sensitive; an unknown one is ignored, as on the portal.
        Assert.Equal(51, (await Ids("crm.deal.list", "filter[id]=10")).Count);
    }

    // ---- select ----

    [Fact]
    public async Task SelectReturnsOnlyTheNamedFieldsAndTheId()
    {
        var row = (await portal.GetAsync("crm.deal.list", "select[]=TITLE&select[]=STAGE_ID")).Result[0];

        Assert.Equal(["ID", "TITLE", "STAGE_ID"], row.EnumerateObject().Select(p => p.Name).ToList());
    }

    [Fact]
    public async Task MultifieldsComeOnlyWhenNamedAndStarLeavesThemOut()
    {
        var star = (await portal.GetAsync("crm.contact.list", "select[]=*")).Result[0];
        Assert.False(star.TryGetProperty("PHONE", out _));
        Assert.True(star.TryGetProperty("HAS_PHONE", out _));

        var contacts = (await portal.GetAsync("crm.contact.list", "select[]=ID&select[]=PHONE&select[]=EMAIL&filter[HAS_PHONE]=Y")).Result;
        var phone = contacts[0].GetProperty("PHONE")[0];
        Assert.Matches(@"^\d+$", phone.GetProperty("ID").GetString());
        Assert.Matches("^(MOBILE|WORK)$", phone.GetProperty("VALUE_TYPE").GetString());
        Assert.Matches(@"^\+7\d{10}$", phone.GetProperty("VALUE").GetString());
        Assert.Equal("PHONE", phone.GetProperty("TYPE_ID").GetString());

        var withoutPhone = (await portal.GetAsync("crm.contact.list", "select[]=ID&select[]=PHONE&filter[HAS_PHONE]=N")).Result;
        Assert.NotEqual(0, withoutPhone.GetArrayLength());
        Assert.All(withoutPhone.EnumerateArray(), c => Assert.False(c.TryGetProperty("PHONE", out _)));
    }

    [Fact]
    public async Task ActivitiesIncludeCompletedVoximplantCallsWithEmptySettingsAsAnArray()
    {
        var calls = await portal.GetAsync("crm.activity.list", "filter[TYPE_ID]=2&filter[COMPLETED]=Y&select[]=*");

        Assert.NotEqual(0, calls.Json.GetProperty("total").GetInt32());
        var call = calls.Result[0];
        Assert.Equal("2", call.GetProperty("TYPE_ID").GetString());
        Assert.Equal("VOXIMPLANT_CALL", call.GetProperty("PROVIDER_ID").GetString());
        Assert.Matches("^[123]$", call.GetProperty("OWNER_TYPE_ID").GetString());
        Assert.Equal(JsonValueKind.Array, call.GetProperty("SETTINGS").ValueKind);
        var single = await portal.GetAsync("crm.activity.get", $"id={call.GetProperty("ID").GetString()}");
        Assert.Equal(call.GetProperty("SUBJECT").GetString(), single.Result.GetProperty("SUBJECT").GetString());
    }

    // ---- reference lists ----

    [Fact]
    public async Task PipelinesComeWithRealNumbersAndPrefixedStagesWithSemantics()
    {
        var categories = (await portal.GetAsync("crm.category.list", "entityTypeId=2")).Result.GetProperty("categories").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2], categories.Select(c => c.GetProperty("id").GetInt32()));
        Assert.Equal("Y", categories[0].GetProperty("isDefault").GetString());
        Assert.Equal(JsonValueKind.Number, categories[1].GetProperty("sort").ValueKind);

        var stages = (await portal.GetAsync("crm.status.list", "filter[ENTITY_ID]=DEAL_STAGE_1")).Result.EnumerateArray().ToList();
        Assert.All(stages, s => Assert.StartsWith("C1:", s.GetProperty("STATUS_ID").GetString()));
        Assert.All(stages, s => Assert.Equal("1", s.GetProperty("CATEGORY_ID").GetString()));
        var won = stages.Single(s => s.GetProperty("STATUS_ID").GetString() == "C1:WON");
        Assert.Equal("S", won.GetProperty("SEMANTICS").GetString());
        Assert.Equal("success", won.GetProperty("EXTRA").GetProperty("SEMANTICS").GetString());
        Assert.Equal(JsonValueKind.Null, stages[0].GetProperty("SEMANTICS").ValueKind);

        var main = (await portal.GetAsync("crm.status.list", "filter[ENTITY_ID]=DEAL_STAGE")).Result.EnumerateArray().ToList();
        Assert.Equal(JsonValueKind.Null, main[0].GetProperty("CATEGORY_ID").ValueKind);
        Assert.Equal("F", main.Single(s => s.GetProperty("STATUS_ID").GetString() == "APOLOGY").GetProperty("SEMANTICS").GetString());
        var sources = (await portal.GetAsync("crm.status.list", "filter[ENTITY_ID]=SOURCE")).Result.EnumerateArray().ToList();
        Assert.Contains(sources, s => s.GetProperty("STATUS_ID").GetString() == "WEB");
        Assert.All(sources, s => Assert.False(s.TryGetProperty("EXTRA", out _)));
        var leadStatuses = (await portal.GetAsync("crm.status.list", "filter[ENTITY_ID]=STATUS")).Result.EnumerateArray();
        Assert.Contains(leadStatuses, s => s.GetProperty("STATUS_ID").GetString() == "CONVERTED" && s.GetProperty("SEMANTICS").GetString() == "S");

        var currencies = (await portal.GetAsync("crm.currency.list")).Result.EnumerateArray().ToList();
        Assert.Equal("Y", currencies.Single(c => c.GetProperty("CURRENCY").GetString() == "RUB").GetProperty("BASE").GetString());
    }

    [Fact]
    public async Task TasksAnswerUnderTasksWithCamelCaseKeysAndStringValues()
    {
        var reply = await portal.GetAsync("tasks.task.list", "select[]=ID&select[]=TITLE&select[]=RESPONSIBLE_ID&select[]=DEADLINE&select[]=CLOSED_DATE&select[]=STATUS&filter[REAL_STATUS]=5&order[ID]=ASC");

        Assert.True(reply.Json.GetProperty("total").GetInt32() > 0);
        var task = reply.Result.GetProperty("tasks")[0];
        Assert.Matches(@"^\d+$", task.GetProperty("id").GetString());
        Assert.Equal("5", task.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.String, task.GetProperty("responsibleId").ValueKind);
        Assert.EndsWith("+03:00", task.GetProperty("closedDate").GetString());
        Assert.EndsWith("+03:00", task.GetProperty("deadline").GetString());

        var single = await portal.GetAsync("tasks.task.get", $"taskId={task.GetProperty("id").GetString()}&select[]=TITLE");
        Assert.Equal(task.GetProperty("title").GetString(), single.Result.GetProperty("task").GetProperty("title").GetString());
    }

    // ---- transports ----

    [Fact]
    public async Task QueryFormMultipartAndJsonCarryTheSameParameters()
    {
        var get = await Ids("crm.deal.list", "filter[>ID]=40&order[ID]=DESC");
        var form = await portal.PostFormAsync("crm.deal.list", "filter[>ID]=40&order[ID]=DESC&select[]=ID");
        var json = await portal.PostJsonAsync("crm.deal.list", new { filter = new Dictionary<string, object> { [">ID"] = 40 }, order = new { ID = "DESC" }, select = new[] { "ID" } });
        using var multipart = new MultipartFormDataContent
        {
            { new StringContent("40"), "filter[>ID]" },
            { new StringContent("DESC"), "order[ID]" },
            { new StringContent("ID"), "select[]" },
        };
        var parts = await portal.SendAsync(new HttpRequestMessage(HttpMethod.Post, SandboxPortal.Rest("crm.deal.list")) { Content = multipart });

        Assert.Equal(Enumerable.Range(41, 11).Reverse().Select(i => (long)i), get);
        Assert.Equal(get, IdsOf(form));
        Assert.Equal(get, IdsOf(json));
        Assert.Equal(get, IdsOf(parts));
    }

    // ---- batch ----

    [Fact]
    public async Task BatchRunsCommandsInOrderAndResolvesReferencesIntoListRows()
    {
        var reply = await portal.PostJsonAsync("batch", new
        {
            halt = 0,
            cmd = new Dictionary<string, string>
            {
                ["deals"] = "crm.deal.list?order[ID]=ASC&select[]=ID&select[]=CONTACT_ID",
                ["last"] = "crm.deal.get?id=$result[deals][49][ID]",
                ["tasks"] = "tasks.task.list?order[ID]=ASC&select[]=ID",
                ["task"] = "tasks.task.get?taskId=$result[tasks][tasks][49][id]",
                ["users"] = "user.get?ID=$result[last][ASSIGNED_BY_ID]",
                ["count"] = "crm.lead.list?select[]=ID&filter[>ID]=$result_total[deals]",
            },
        });

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var result = reply.Result;
        Assert.Equal("50", result.GetProperty("result").GetProperty("last").GetProperty("ID").GetString());
        Assert.Equal("50", result.GetProperty("result").GetProperty("task").GetProperty("task").GetProperty("id").GetString());
        Assert.Equal(
            result.GetProperty("result").GetProperty("last").GetProperty("ASSIGNED_BY_ID").GetString(),
            result.GetProperty("result").GetProperty("users")[0].GetProperty("ID").GetString());
        Assert.Equal(0, result.GetProperty("result").GetProperty("count").GetArrayLength());
        Assert.Equal(51, result.GetProperty("result_total").GetProperty("deals").GetInt32());
        Assert.Equal(50, result.GetProperty("result_next").GetProperty("deals").GetInt32());
        Assert.Equal(JsonValueKind.Array, result.GetProperty("result_error").ValueKind); // empty map = []
        Assert.Equal(0, result.GetProperty("result_error").GetArrayLength());
        Assert.Equal(JsonValueKind.Number, result.GetProperty("result_time").GetProperty("last").GetProperty("duration").ValueKind);
        Assert.True(reply.Json.TryGetProperty("time", out _));
    }

    [Fact]
    public async Task BatchFailsOnlyTheCommandWhoseReferenceIsMissing()
    {
        // The second page of deals has one row, so row 49 of it does not exist.
        // In a query string each command is encoded twice: once as its own query, once as a value of cmd[…].
        var query = "cmd%5Bpage%5D=" + Uri.EscapeDataString("crm.deal.list?start=50&" + Uri.EscapeDataString("select[]") + "=ID")
            + "&cmd%5Brow%5D=" + Uri.EscapeDataString("crm.deal.get?id=$result[page][49][ID]")
            + "&cmd%5Bother%5D=" + Uri.EscapeDataString("crm.deal.get?id=" + Uri.EscapeDataString("$result[page][0][ID]"));
        var reply = await portal.SendAsync(new HttpRequestMessage(HttpMethod.Get, SandboxPortal.Rest("batch", query)));

        var result = reply.Result;
        Assert.Equal("ERROR_BATCH_REFERENCE", result.GetProperty("result_error").GetProperty("row").GetProperty("error").GetString());
        Assert.False(result.GetProperty("result").TryGetProperty("row", out _));
        Assert.Equal("51", result.GetProperty("result").GetProperty("other").GetProperty("ID").GetString());
    }

    [Fact]
    public async Task BatchWithHaltStopsAtTheFirstError()
    {
        var reply = await portal.PostJsonAsync("batch", new
        {
            halt = 1,
            cmd = new Dictionary<string, string> { ["a"] = "crm.deal.get?id=1", ["b"] = "crm.deal.get?id=99999", ["c"] = "crm.deal.get?id=2" },
        });

        var result = reply.Result;
        Assert.Equal("Not found", result.GetProperty("result_error").GetProperty("b").GetProperty("error_description").GetString());
        Assert.True(result.GetProperty("result").TryGetProperty("a", out _));
        Assert.False(result.GetProperty("result").TryGetProperty("c", out _));
        Assert.False(result.GetProperty("result_time").TryGetProperty("c", out _));
    }

    [Fact]
    public async Task BatchRefusesMoreThanFiftyCommandsAndNestedBatches()
    {
        var many = await portal.PostJsonAsync("batch", new { cmd = Enumerable.Range(0, 51).ToDictionary(i => $"c{i}", _ => "profile") });
        Assert.Equal(HttpStatusCode.BadRequest, many.Status);
        Assert.Equal("ERROR_BATCH_LENGTH_EXCEEDED", many.Error);

        var fifty = await portal.PostJsonAsync("batch", new { cmd = Enumerable.Range(0, 50).ToDictionary(i => $"c{i}", _ => "profile") });
        Assert.Equal(HttpStatusCode.OK, fifty.Status);

        var nested = await portal.PostJsonAsync("batch", new { cmd = new Dictionary<string, string> { ["a"] = "profile", ["b"] = "batch?cmd[x]=profile" } });
        Assert.Equal(HttpStatusCode.MethodNotAllowed, nested.Status);
        Assert.Equal("ERROR_BATCH_METHOD_NOT_ALLOWED", nested.Error);
    }

    // ---- errors ----

    [Theory]
    [InlineData("sandbox/rest/1/wrong/profile", 401, "INVALID_CREDENTIALS")]
    [InlineData("sandbox/rest/999/sandbox/profile", 401, "INVALID_CREDENTIALS")]
    [InlineData("sandbox/rest/7/sandbox/profile", 401, "INVALID_CREDENTIALS")] // the manager who left: inactive
    [InlineData("sandbox/rest/1/sandbox/crm.deal.fly", 404, "ERROR_METHOD_NOT_FOUND")]
    [InlineData("sandbox/rest/1/sandbox/", 404, "ERROR_METHOD_NOT_FOUND")]
    [InlineData("sandbox/rest/crm.deal.list", 401, "NO_AUTH_FOUND")]
    [InlineData("sandbox/rest/crm.deal.list?auth=abc", 401, "invalid_token")]
    [InlineData("sandbox/rest/1/sandbox/crm.deal.get?id=99999", 400, "")]
    [InlineData("sandbox/rest/1/sandbox/crm.deal.get?id=abc", 400, "")]
    [InlineData("sandbox/rest/1/sandbox/crm.deal.list?filter=abc", 400, "")]
    [InlineData("sandbox/rest/1/sandbox/crm.category.list?entityTypeId=1", 400, "NOT_FOUND")]
    [InlineData("sandbox/rest/1/sandbox/tasks.task.get?taskId=99999", 400, "ERROR_CORE")]
    [InlineData("sandbox/rest/1/sandbox/im.notify.system.add?MESSAGE=hi", 400, "USER_ID_EMPTY")]
    [InlineData("sandbox/rest/1/sandbox/im.notify.system.add?USER_ID=2", 400, "MESSAGE_EMPTY")]
    [InlineData("sandbox/rest/1/sandbox/crm.timeline.comment.add?FIELDS[ENTITY_ID]=1&FIELDS[ENTITY_TYPE]=deal&FIELDS[COMMENT]=x", 400, "INVALID_ARG_VALUE")]
    [InlineData("sandbox/rest/1/sandbox/crm.timeline.comment.add?fields[ENTITY_TYPE]=deal&fields[COMMENT]=x", 400, "100")]
    [InlineData("sandbox/rest/1/sandbox/crm.timeline.comment.add?fields[ENTITY_ID]=99999&fields[ENTITY_TYPE]=deal&fields[COMMENT]=x", 400, "OWNER_NOT_FOUND")]
    [InlineData("sandbox/rest/1/sandbox/crm.timeline.comment.add?fields[ENTITY_ID]=1&fields[ENTITY_TYPE]=deal&fields[COMMENT]=", 400, "INVALID_ARG_VALUE")]
    [InlineData("sandbox/rest/1/sandbox/tasks.task.add?fields[RESPONSIBLE_ID]=2", 400, "ERROR_CORE")]
    [InlineData("sandbox/rest/1/sandbox/tasks.task.add?fields[TITLE]=x", 400, "ERROR_CORE")]
    [InlineData("sandbox/rest/1/sandbox/tasks.task.add", 400, "ERROR_CORE")]
    [InlineData("sandbox/rest/1/sandbox/crm.contact.update?id=1", 400, "")]
    [InlineData("sandbox/rest/1/sandbox/crm.deal.add", 400, "")]
    public async Task ErrorsComeWithTheirCodeStatusAndDescription(string path, int status, string code)
    {
        var reply = await portal.SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

        Assert.Equal((HttpStatusCode)status, reply.Status);
        Assert.Equal("application/json; charset=utf-8", reply.ContentType);
        Assert.Equal(code, reply.Error);
        Assert.False(string.IsNullOrEmpty(reply.ErrorDescription));
        Assert.False(reply.Json.TryGetProperty("result", out _));
        Assert.False(reply.Json.TryGetProperty("time", out _));
    }

    [Fact]
    public async Task ErrorDescriptionsAreTheOnesClientsMatchOn()
    {
        Assert.Equal("Method not found!", (await portal.GetAsync("crm.nothing")).ErrorDescription);
        Assert.Equal("Not found", (await portal.GetAsync("crm.deal.get", "id=99999")).ErrorDescription);
        Assert.Equal("ID is not defined or invalid.", (await portal.GetAsync("crm.deal.get", "id=0")).ErrorDescription);
        Assert.Equal("Invalid request credentials", (await portal.SendAsync(new HttpRequestMessage(HttpMethod.Get, "sandbox/rest/1/x/profile"))).ErrorDescription);
        var badJson = await portal.SendAsync(new HttpRequestMessage(HttpMethod.Post, SandboxPortal.Rest("profile"))
        {
            Content = new StringContent("{not json", Encoding.UTF8, "application/json"),
        });
        Assert.Equal(HttpStatusCode.BadRequest, badJson.Status);
        Assert.Equal("INVALID_REQUEST", badJson.Error);
    }

    // ---- helpers ----

    private async Task<List<JsonElement>> Rows(string method, string query)
    {
        var rows = new List<JsonElement>();
        int? start = 0;
        while (start is { } offset)
        {
            var page = await portal.GetAsync(method, $"{query}&start={offset}");
            Assert.True(page.Status == HttpStatusCode.OK, page.ToString());
            rows.AddRange(page.Result.EnumerateArray());
            start = page.Json.TryGetProperty("next", out var next) ? next.GetInt32() : null;
        }

        return rows;
    }

    private async Task<List<long>> Ids(string method, string query) => [.. (await Rows(method, query + "&select[]=ID")).Select(IdOf)];

    private async Task<List<string?>> Column(string method, string query, string field) =>
        [.. (await Rows(method, query)).Select(r => r.GetProperty(field).GetString())];

    private static List<long> IdsOf(Reply reply)
    {
        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        return [.. reply.Result.EnumerateArray().Select(IdOf)];
    }

    private static long IdOf(JsonElement row) => long.Parse(row.GetProperty("ID").GetString()!, CultureInfo.InvariantCulture);
}
