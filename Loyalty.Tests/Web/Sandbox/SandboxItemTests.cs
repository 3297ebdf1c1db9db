using System.Net;
using System.Text.Json;
using Loyalty.Tests.Sandbox;

namespace Loyalty.Tests.Web.Sandbox;

/// <summary>A portal with the loyalty fields defined, for crm.item.* and *.fields.</summary>
public sealed class ItemSandbox() : SandboxPortal(new Dictionary<string, string?> { ["Sandbox:Company:Deals"] = "70", ["Sandbox:Company:Contacts"] = "30" })
{
    private readonly SemaphoreSlim _once = new(1, 1);
    private bool _defined;

    /// <summary>UF_CRM_LOY_BALANCE (double), _TIER (string) on contacts and UF_CRM_LOY_REDEEM (double) on deals, with values on contact 2 and deal 3.</summary>
    public async Task DefineAsync()
    {
        await _once.WaitAsync();
        try
        {
            if (_defined)
            {
                return;
            }

            await PostJsonAsync("crm.contact.userfield.add", new
            {
                fields = new { FIELD_NAME = "LOY_BALANCE", USER_TYPE_ID = "double", LABEL = "Bonus balance", LIST_COLUMN_LABEL = new { ru = "Баланс", en = "Balance" } },
            });
            await AddUserFieldAsync("contact", "LOY_TIER");
            await AddUserFieldAsync("contact", "LOY_VIP", "boolean");
            await AddUserFieldAsync("deal", "LOY_REDEEM", "double");
            await PostJsonAsync("crm.contact.update", new { id = 2, fields = new { UF_CRM_LOY_BALANCE = "1500.5", UF_CRM_LOY_TIER = "Gold", UF_CRM_LOY_VIP = "Y" } });
            await PostJsonAsync("crm.deal.update", new { id = 3, fields = new { UF_CRM_LOY_REDEEM = 300 } });
            _defined = true;
        }
        finally
        {
            _once.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        _once.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>crm.item.list / get (PROTOCOL §5.12) and crm.*.fields (§2.2) over real HTTP.</summary>
public sealed class SandboxItemTests(ItemSandbox portal) : IClassFixture<ItemSandbox>
{
    [Fact]
    public async Task ItemGetAnswersTheRecordInCamelCaseWithNumbersAndUserFields()
    {
        await portal.DefineAsync();

        var contact = (await portal.GetAsync("crm.item.get", "entityTypeId=3&id=2")).Result.GetProperty("item");
        var deal = (await portal.GetAsync("crm.item.get", "entityTypeId=2&id=3")).Result.GetProperty("item");
        var classic = (await portal.GetAsync("crm.deal.get", "id=3")).Result;

        Assert.Equal(2, contact.GetProperty("id").GetInt64());
        Assert.Equal(1500.5, contact.GetProperty("ufCrmLoyBalance").GetDouble());
        Assert.Equal("Gold", contact.GetProperty("ufCrmLoyTier").GetString());
        Assert.Equal("Y", contact.GetProperty("ufCrmLoyVip").GetString());
        Assert.Equal(JsonValueKind.Number, deal.GetProperty("opportunity").ValueKind);
        Assert.Equal(decimal.Parse(classic.GetProperty("OPPORTUNITY").GetString()!, System.Globalization.CultureInfo.InvariantCulture), deal.GetProperty("opportunity").GetDecimal());
        Assert.Equal(classic.GetProperty("STAGE_ID").GetString(), deal.GetProperty("stageId").GetString());
        Assert.Equal(JsonValueKind.Number, deal.GetProperty("categoryId").ValueKind);
        Assert.Equal(JsonValueKind.Number, deal.GetProperty("assignedById").ValueKind);
        Assert.Equal(classic.GetProperty("DATE_CREATE").GetString(), deal.GetProperty("createdTime").GetString());
        Assert.EndsWith("+03:00", deal.GetProperty("updatedTime").GetString());
        Assert.Equal(300, deal.GetProperty("ufCrmLoyRedeem").GetDouble());
        Assert.False(deal.TryGetProperty("UF_CRM_LOY_REDEEM", out _));
        Assert.Equal(2, deal.GetProperty("entityTypeId").GetInt32());
    }

    [Fact]
    public async Task ALeadItemCarriesItsStatusAsStageAndOriginalNamesOnRequest()
    {
        await portal.DefineAsync();

        var lead = (await portal.GetAsync("crm.item.get", "entityTypeId=1&id=1")).Result.GetProperty("item");
        var classic = (await portal.GetAsync("crm.lead.get", "id=1")).Result;
        var contact = (await portal.GetAsync("crm.item.get", "entityTypeId=3&id=2&useOriginalUfNames=Y")).Result.GetProperty("item");

        Assert.Equal(classic.GetProperty("STATUS_ID").GetString(), lead.GetProperty("stageId").GetString());
        Assert.Equal(classic.GetProperty("STATUS_SEMANTIC_ID").GetString(), lead.GetProperty("stageSemanticId").GetString());
        Assert.Equal(1, lead.GetProperty("entityTypeId").GetInt32());
        Assert.Equal("Gold", contact.GetProperty("UF_CRM_LOY_TIER").GetString());
        Assert.False(contact.TryGetProperty("ufCrmLoyTier", out _));
    }

    [Fact]
    public async Task ItemListPagesFiltersOrdersAndSelectsByCamelCaseNames()
    {
        await portal.DefineAsync();

        var first = await portal.PostJsonAsync("crm.item.list", new { entityTypeId = 2, select = new[] { "id", "opportunity" }, order = new { id = "DESC" } });
        var second = await portal.PostJsonAsync("crm.item.list", new { entityTypeId = 2, select = new[] { "id" }, order = new { id = "DESC" }, start = 50 });
        var filtered = await portal.PostJsonAsync("crm.item.list", new { entityTypeId = 3, filter = new Dictionary<string, object> { [">=ufCrmLoyBalance"] = 1000, ["ufCrmLoyVip"] = 1 } });

        var items = first.Result.GetProperty("items");
        Assert.Equal(50, items.GetArrayLength());
        Assert.Equal(70, first.Json.GetProperty("total").GetInt32());
        Assert.Equal(50, first.Json.GetProperty("next").GetInt32());
        Assert.Equal(["id", "opportunity"], items[0].EnumerateObject().Select(p => p.Name));
        Assert.True(items[0].GetProperty("id").GetInt64() > items[1].GetProperty("id").GetInt64());
        Assert.Equal(20, second.Result.GetProperty("items").GetArrayLength());
        Assert.False(second.Json.TryGetProperty("next", out _));
        var match = Assert.Single(filtered.Result.GetProperty("items").EnumerateArray());
        Assert.Equal(2, match.GetProperty("id").GetInt64());
    }

    [Theory]
    [InlineData("entityTypeId=4&id=1", "NOT_FOUND", "SPA not found")]
    [InlineData("entityTypeId=abc&id=1", "NOT_FOUND", "SPA not found")]
    [InlineData("entityTypeId=2&id=999999", "NOT_FOUND", "Element not found")]
    public async Task ItemGetOfAnUnknownTypeOrRecordIsNotFound(string query, string code, string description)
    {
        var reply = await portal.GetAsync("crm.item.get", query);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(code, reply.Error);
        Assert.Equal(description, reply.ErrorDescription);
    }

    [Theory]
    [InlineData("entityTypeId=2&filter[STAGE_ID]=WON")]
    [InlineData("entityTypeId=2&order[noSuchField]=ASC")]
    [InlineData("entityTypeId=2&filter=abc")]
    public async Task ItemListRefusesAFieldItDoesNotKnow(string query)
    {
        var reply = await portal.GetAsync("crm.item.list", query);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("INVALID_ARG_VALUE", reply.Error);
    }

    [Fact]
    public async Task FieldsDescribeStandardAndUserFieldsAsThePortalDoes()
    {
        await portal.DefineAsync();

        var deal = (await portal.GetAsync("crm.deal.fields")).Result;
        var contact = (await portal.GetAsync("crm.contact.fields")).Result;
        var lead = await portal.GetAsync("crm.lead.fields");
        var activity = await portal.GetAsync("crm.activity.fields");

        var id = deal.GetProperty("ID");
        Assert.Equal("integer", id.GetProperty("type").GetString());
        Assert.True(id.GetProperty("isReadOnly").GetBoolean());
        Assert.False(id.GetProperty("isDynamic").GetBoolean());
        Assert.True(deal.GetProperty("CATEGORY_ID").GetProperty("isImmutable").GetBoolean());
        Assert.Equal("DEAL_STAGE", deal.GetProperty("STAGE_ID").GetProperty("statusType").GetString());
        Assert.Equal("double", deal.GetProperty("OPPORTUNITY").GetProperty("type").GetString());
        Assert.Equal("user", deal.GetProperty("ASSIGNED_BY_ID").GetProperty("type").GetString());
        Assert.True(contact.GetProperty("PHONE").GetProperty("isMultiple").GetBoolean());
        var balance = contact.GetProperty("UF_CRM_LOY_BALANCE");
        Assert.Equal("double", balance.GetProperty("type").GetString());
        Assert.True(balance.GetProperty("isDynamic").GetBoolean());
        Assert.Equal("UF_CRM_LOY_BALANCE", balance.GetProperty("title").GetString());
        Assert.Equal("Баланс", balance.GetProperty("listLabel").GetString());
        Assert.Equal("Bonus balance", balance.GetProperty("formLabel").GetString());
        Assert.Equal("Bonus balance", balance.GetProperty("filterLabel").GetString());
        Assert.False(deal.TryGetProperty("UF_CRM_LOY_BALANCE", out _));
        Assert.True(deal.TryGetProperty("UF_CRM_LOY_REDEEM", out _));
        Assert.Equal(HttpStatusCode.OK, lead.Status);
        Assert.Equal("STATUS", lead.Result.GetProperty("STATUS_ID").GetProperty("statusType").GetString());
        Assert.Equal("datetime", activity.Result.GetProperty("DEADLINE").GetProperty("type").GetString());
    }
}
