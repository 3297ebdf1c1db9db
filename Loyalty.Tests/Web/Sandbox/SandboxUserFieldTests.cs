using System.Net;
using System.Text.Json;
using Loyalty.Tests.Sandbox;
using Microsoft.Data.Sqlite;

namespace Loyalty.Tests.Web.Sandbox;

/// <summary>A portal whose user fields the tests below define and delete.</summary>
public sealed class UserFieldSandbox() : SandboxPortal(new Dictionary<string, string?> { ["Sandbox:Company:Deals"] = "20", ["Sandbox:Company:Contacts"] = "20" });

/// <summary>crm.{contact|deal|lead}.userfield.* (PROTOCOL §5.13) and what a defined field means for the records.</summary>
public sealed class SandboxUserFieldTests(UserFieldSandbox portal) : IClassFixture<UserFieldSandbox>
{
    [Fact]
    public async Task AFieldIsCreatedUnderItsPrefixedNameAndDescribedByGetAndList()
    {
        var added = await portal.PostJsonAsync("crm.contact.userfield.add", new
        {
            fields = new
            {
                FIELD_NAME = "loy_balance",
                USER_TYPE_ID = "double",
                XML_ID = "loyalty.balance",
                LABEL = "Balance",
                EDIT_FORM_LABEL = new { ru = "Баланс бонусов", en = "Bonus balance" },
                SETTINGS = new { PRECISION = 2 },
            },
        });

        Assert.Equal(HttpStatusCode.OK, added.Status);
        Assert.Equal(JsonValueKind.Number, added.Result.ValueKind);
        var field = (await portal.GetAsync("crm.contact.userfield.get", $"id={added.Result.GetInt64()}")).Result;
        Assert.Equal(added.Result.GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), field.GetProperty("ID").GetString());
        Assert.Equal("CRM_CONTACT", field.GetProperty("ENTITY_ID").GetString());
        Assert.Equal("UF_CRM_LOY_BALANCE", field.GetProperty("FIELD_NAME").GetString());
        Assert.Equal("double", field.GetProperty("USER_TYPE_ID").GetString());
        Assert.Equal("loyalty.balance", field.GetProperty("XML_ID").GetString());
        Assert.Equal("N", field.GetProperty("MULTIPLE").GetString());
        Assert.Equal("N", field.GetProperty("MANDATORY").GetString());
        Assert.Equal(2, field.GetProperty("SETTINGS").GetProperty("PRECISION").GetInt32());
        Assert.Equal("Баланс бонусов", field.GetProperty("EDIT_FORM_LABEL").GetProperty("ru").GetString());
        Assert.Equal("Bonus balance", field.GetProperty("EDIT_FORM_LABEL").GetProperty("en").GetString());
        // LABEL fills every label (and language) that was not given.
        Assert.Equal("Balance", field.GetProperty("EDIT_FORM_LABEL").GetProperty("de").GetString());
        Assert.Equal("Balance", field.GetProperty("LIST_COLUMN_LABEL").GetProperty("ru").GetString());

        var listed = await portal.PostJsonAsync("crm.contact.userfield.list", new { filter = new { FIELD_NAME = "UF_CRM_LOY_BALANCE", LANG = "ru" }, order = new { ID = "DESC" } });
        var row = Assert.Single(listed.Result.EnumerateArray());
        Assert.Equal("Баланс бонусов", row.GetProperty("EDIT_FORM_LABEL").GetString());
        Assert.Equal(1, listed.Json.GetProperty("total").GetInt32());
        var deals = await portal.PostJsonAsync("crm.deal.userfield.list", new { filter = new { FIELD_NAME = "UF_CRM_LOY_BALANCE" } });
        Assert.Empty(deals.Result.EnumerateArray());
    }

    [Theory]
    [InlineData("UF_CRM_PFX_A", "UF_CRM_PFX_A")]
    [InlineData("UF_PFX_B", "UF_CRM_PFX_B")]
    [InlineData("pfx_c", "UF_CRM_PFX_C")]
    public async Task ANameIsPrefixedOnceWhicheverFormItIsGivenIn(string given, string expected)
    {
        var added = await portal.PostFormAsync("crm.lead.userfield.add", $"fields[FIELD_NAME]={given}&fields[USER_TYPE_ID]=string");

        var field = (await portal.GetAsync("crm.lead.userfield.get", $"id={added.Result.GetInt64()}")).Result;
        Assert.Equal(expected, field.GetProperty("FIELD_NAME").GetString());
        Assert.Equal("CRM_LEAD", field.GetProperty("ENTITY_ID").GetString());
    }

    [Theory]
    [InlineData("fields[FIELD_NAME]=LOYALTY_BALANCE&fields[USER_TYPE_ID]=double", "ERROR_CORE", "Field name is too long (more than 20 characters).")]
    [InlineData("fields[FIELD_NAME]=LOY-BALANCE&fields[USER_TYPE_ID]=double", "ERROR_CORE", "Field name contains invalid characters. Allowed characters are: A-Z, 0-9 and _.")]
    [InlineData("fields[FIELD_NAME]=LOY_ТЕКСТ&fields[USER_TYPE_ID]=string", "ERROR_CORE", "Field name contains invalid characters. Allowed characters are: A-Z, 0-9 and _.")]
    [InlineData("fields[FIELD_NAME]=LOY_KIND&fields[USER_TYPE_ID]=colour", "ERROR_CORE", "Incorrect custom type specified.")]
    [InlineData("fields[USER_TYPE_ID]=string", "", "The 'FIELD_NAME' field is not found.")]
    [InlineData("fields[FIELD_NAME]=&fields[USER_TYPE_ID]=", "", "The 'FIELD_NAME' field is not found.\nThe 'USER_TYPE_ID' field is not found.")]
    [InlineData("fields=abc", "", "Parameter 'fields' must be array.")]
    public async Task AMalformedFieldIsRefusedAsThePortalRefusesIt(string form, string code, string description)
    {
        var refused = await portal.PostFormAsync("crm.deal.userfield.add", form);

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(code, refused.Error);
        Assert.Equal(description, refused.ErrorDescription);
    }

    [Fact]
    public async Task ANameIsUniquePerEntityButMayRepeatOnAnother()
    {
        await portal.AddUserFieldAsync("deal", "TWICE");

        var again = await portal.PostFormAsync("crm.deal.userfield.add", "fields[FIELD_NAME]=UF_CRM_TWICE&fields[USER_TYPE_ID]=integer");
        var onContacts = await portal.PostFormAsync("crm.contact.userfield.add", "fields[FIELD_NAME]=TWICE&fields[USER_TYPE_ID]=integer");

        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        Assert.Equal("ERROR_CORE", again.Error);
        Assert.Contains("UF_CRM_TWICE already exists", again.ErrorDescription, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, onContacts.Status);
    }

    [Fact]
    public async Task AnUnknownFieldIsIgnoredAndADefinedOneIsStoredTypedAsThePortalReturnsIt()
    {
        await portal.AddUserFieldAsync("deal", "T_INT", "integer");
        await portal.AddUserFieldAsync("deal", "T_DBL", "double");
        await portal.AddUserFieldAsync("deal", "T_BOOL", "boolean");
        await portal.AddUserFieldAsync("deal", "T_DATE", "date");
        await portal.AddUserFieldAsync("deal", "T_MONEY", "money");
        await portal.AddUserFieldAsync("deal", "T_TAGS", "string", multiple: true);
        var id = (await portal.PostJsonAsync("crm.deal.add", new { fields = new { TITLE = "Typed" } })).Result.GetInt64();

        var updated = await portal.PostJsonAsync("crm.deal.update", new
        {
            id,
            fields = new Dictionary<string, object>
            {
                ["UF_CRM_T_INT"] = 42, ["UF_CRM_T_DBL"] = "1500.456", ["UF_CRM_T_BOOL"] = "Y", ["UF_CRM_T_DATE"] = "2026-03-05",
                ["UF_CRM_T_MONEY"] = "99.5", ["UF_CRM_T_TAGS"] = new[] { "a", "b" }, ["UF_CRM_NOT_DEFINED"] = "lost",
            },
        });

        Assert.Equal(JsonValueKind.True, updated.Result.ValueKind);
        var deal = (await portal.GetAsync("crm.deal.get", $"id={id}")).Result;
        Assert.Equal("42", deal.GetProperty("UF_CRM_T_INT").GetString());
        Assert.Equal("1500.46", deal.GetProperty("UF_CRM_T_DBL").GetString());
        Assert.Equal("1", deal.GetProperty("UF_CRM_T_BOOL").GetString());
        Assert.Equal("2026-03-05", deal.GetProperty("UF_CRM_T_DATE").GetString());
        Assert.Equal("99.50|RUB", deal.GetProperty("UF_CRM_T_MONEY").GetString());
        Assert.Equal(["a", "b"], deal.GetProperty("UF_CRM_T_TAGS").EnumerateArray().Select(e => e.GetString()));
        Assert.False(deal.TryGetProperty("UF_CRM_NOT_DEFINED", out _));

        var star = (await portal.GetAsync("crm.deal.list", $"filter[ID]={id}&select[]=*")).Result[0];
        Assert.False(star.TryGetProperty("UF_CRM_T_INT", out _));
        var all = (await portal.GetAsync("crm.deal.list", $"filter[ID]={id}&select[]=ID&select[]=UF_*")).Result[0];
        Assert.Equal("42", all.GetProperty("UF_CRM_T_INT").GetString());
        var named = (await portal.GetAsync("crm.deal.list", "filter[UF_CRM_T_BOOL]=1&select[]=UF_CRM_T_DBL&select[]=UF_CRM_NOT_DEFINED")).Result;
        var only = Assert.Single(named.EnumerateArray());
        Assert.Equal("1500.46", only.GetProperty("UF_CRM_T_DBL").GetString());
        Assert.False(only.TryGetProperty("UF_CRM_NOT_DEFINED", out _));
        Assert.False(only.TryGetProperty("UF_CRM_T_INT", out _));
        // A filter on a field the entity does not define is ignored, like any unknown field.
        var ignored = await portal.GetAsync("crm.deal.list", $"filter[UF_CRM_NOT_DEFINED]=lost&filter[ID]={id}&select[]=ID");
        Assert.Single(ignored.Result.EnumerateArray());

        // Unset: null, and an empty list for a multiple field.
        var other = (await portal.GetAsync("crm.deal.get", $"id={id - 1}")).Result;
        Assert.Equal(JsonValueKind.Null, other.GetProperty("UF_CRM_T_INT").ValueKind);
        Assert.Empty(other.GetProperty("UF_CRM_T_TAGS").EnumerateArray());
    }

    [Fact]
    public async Task DeletingAFieldDeletesItsValuesSoARecreatedFieldStartsEmpty()
    {
        var fieldId = await portal.AddUserFieldAsync("contact", "GONE");
        await portal.PostFormAsync("crm.contact.update", "id=3&fields[UF_CRM_GONE]=kept");
        Assert.Equal("kept", (await portal.GetAsync("crm.contact.get", "id=3")).Result.GetProperty("UF_CRM_GONE").GetString());

        var deleted = await portal.GetAsync("crm.contact.userfield.delete", $"id={fieldId}");

        Assert.Equal(JsonValueKind.True, deleted.Result.ValueKind);
        Assert.False((await portal.GetAsync("crm.contact.get", "id=3")).Result.TryGetProperty("UF_CRM_GONE", out _));
        var again = await portal.GetAsync("crm.contact.userfield.get", $"id={fieldId}");
        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        Assert.Equal("ERROR_NOT_FOUND", again.Error);
        await portal.AddUserFieldAsync("contact", "GONE");
        Assert.Equal(JsonValueKind.Null, (await portal.GetAsync("crm.contact.get", "id=3")).Result.GetProperty("UF_CRM_GONE").ValueKind);
    }

    [Fact]
    public async Task UpdateChangesLabelsSettingsAndFlagsButNotTheNameTypeOrMultiplicity()
    {
        var id = await portal.AddUserFieldAsync("lead", "UPD", "double");

        var updated = await portal.PostJsonAsync("crm.lead.userfield.update", new
        {
            id,
            fields = new { FIELD_NAME = "UF_CRM_OTHER", USER_TYPE_ID = "string", MULTIPLE = "Y", MANDATORY = "Y", SORT = 50, LIST_COLUMN_LABEL = "Колонка", SETTINGS = new { PRECISION = 0 } },
        });

        Assert.Equal(JsonValueKind.True, updated.Result.ValueKind);
        var field = (await portal.GetAsync("crm.lead.userfield.get", $"id={id}")).Result;
        Assert.Equal("UF_CRM_UPD", field.GetProperty("FIELD_NAME").GetString());
        Assert.Equal("double", field.GetProperty("USER_TYPE_ID").GetString());
        Assert.Equal("N", field.GetProperty("MULTIPLE").GetString());
        Assert.Equal("Y", field.GetProperty("MANDATORY").GetString());
        Assert.Equal("50", field.GetProperty("SORT").GetString());
        Assert.Equal("Колонка", field.GetProperty("LIST_COLUMN_LABEL").GetProperty("en").GetString());
        Assert.Equal(0, field.GetProperty("SETTINGS").GetProperty("PRECISION").GetInt32());
    }

    [Theory]
    [InlineData("crm.deal.userfield.get", "id=0", "", "ID is not defined or invalid.")]
    [InlineData("crm.deal.userfield.get", "id=999999", "ERROR_NOT_FOUND", "The entity with ID '999999' is not found.")]
    [InlineData("crm.deal.userfield.delete", "id=abc", "", "ID is not defined or invalid.")]
    [InlineData("crm.deal.userfield.list", "filter=abc", "", "Parameter 'filter' must be array.")]
    [InlineData("crm.deal.userfield.list", "order=abc", "", "Parameter 'order' must be array.")]
    public async Task AWrongIdOrParameterIsAClassicError(string method, string query, string code, string description)
    {
        var refused = await portal.GetAsync(method, query);

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(code, refused.Error);
        Assert.Equal(description, refused.ErrorDescription);
    }

    [Fact]
    public async Task AFieldOfAnotherEntityIsRefusedNotShown()
    {
        var contactField = await portal.AddUserFieldAsync("contact", "MINE");

        var asDeal = await portal.GetAsync("crm.deal.userfield.get", $"id={contactField}");

        Assert.Equal(HttpStatusCode.BadRequest, asDeal.Status);
        Assert.Equal("Access denied.", asDeal.ErrorDescription);
    }
}
