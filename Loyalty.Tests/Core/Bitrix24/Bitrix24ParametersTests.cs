using System.Text;
using System.Text.Json;
using Loyalty.Core.Bitrix24;
using Loyalty.Tests.TestSupport;

namespace Loyalty.Tests.Core.Bitrix24;

public sealed class Bitrix24ParametersTests
{
    [Fact]
    public void ListQueryIsEncodedOnceWithOperatorPrefixesInsideTheKey()
    {
        var query = Bitrix24Parameters.ToPhpQuery(new Dictionary<string, object?>
        {
            ["filter"] = new Dictionary<string, object?> { [">ID"] = 0 },
            ["order"] = new Dictionary<string, object?> { ["ID"] = "ASC" },
            ["start"] = -1,
            ["select"] = new[] { "ID" },
        });

        Assert.Equal("filter%5B%3EID%5D=0&order%5BID%5D=ASC&start=-1&select%5B0%5D=ID", query);
    }

    [Fact]
    public void MultifieldsKeepTheirPartsInOneIndexedElement()
    {
        var query = Bitrix24Parameters.ToPhpQuery(new Dictionary<string, object?>
        {
            ["fields"] = new Dictionary<string, object?>
            {
                ["TITLE"] = "Loyalty signup",
                ["PHONE"] = new List<object?>
                {
                    new Dictionary<string, object?> { ["VALUE"] = "+79990000000", ["VALUE_TYPE"] = "WORK" },
                    new Dictionary<string, object?> { ["VALUE"] = "+79991111111", ["VALUE_TYPE"] = "MOBILE" },
                },
            },
        });

        Assert.Equal(
            "fields%5BTITLE%5D=Loyalty%20signup"
            + "&fields%5BPHONE%5D%5B0%5D%5BVALUE%5D=%2B79990000000&fields%5BPHONE%5D%5B0%5D%5BVALUE_TYPE%5D=WORK"
            + "&fields%5BPHONE%5D%5B1%5D%5BVALUE%5D=%2B79991111111&fields%5BPHONE%5D%5B1%5D%5BVALUE_TYPE%5D=MOBILE",
            query);
    }

    [Fact]
    public void NestedFiltersWithInListsAndLogicAreEncodedAsPhpArrays()
    {
        var query = Bitrix24Parameters.ToPhpQuery(new Dictionary<string, object?>
        {
            ["filter"] = new Dictionary<string, object?>
            {
                ["@STAGE_ID"] = new[] { "WON", "C1:WON" },
                ["!%TITLE"] = "test & co",
                ["0"] = new Dictionary<string, object?> { ["logic"] = "OR", ["=ASSIGNED_BY_ID"] = 5L },
            },
        });

        Assert.Equal(
            "filter%5B%40STAGE_ID%5D%5B0%5D=WON&filter%5B%40STAGE_ID%5D%5B1%5D=C1%3AWON"
            + "&filter%5B%21%25TITLE%5D=test%20%26%20co"
            + "&filter%5B0%5D%5Blogic%5D=OR&filter%5B0%5D%5B%3DASSIGNED_BY_ID%5D=5",
            query);
    }

    [Fact]
    public void DatesAreIso8601WithTheirOffset()
    {
        var query = Bitrix24Parameters.ToPhpQuery(new Dictionary<string, object?>
        {
            [">DATE_MODIFY"] = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.FromHours(3)),
            ["<DATE_MODIFY"] = new DateTime(2024, 3, 2, 21, 0, 0, DateTimeKind.Utc),
            ["BIRTHDATE"] = new DateOnly(1990, 5, 17),
        });

        Assert.Equal(
            "%3EDATE_MODIFY=2024-03-01T00%3A00%3A00%2B03%3A00&%3CDATE_MODIFY=2024-03-02T21%3A00%3A00%2B00%3A00&BIRTHDATE=1990-05-17",
            query);
    }

    [Fact]
    public void DateWithoutTimeZoneIsRefusedRatherThanGuessed()
    {
        var parameters = new Dictionary<string, object?> { [">DATE_MODIFY"] = new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Unspecified) };

        Assert.Throws<ArgumentException>(() => Bitrix24Parameters.ToPhpQuery(parameters));
        Assert.Throws<ArgumentException>(() => Bitrix24Parameters.ToJson(parameters));
    }

    [Fact]
    public void NumbersUseTheInvariantCultureWhateverTheCurrentCulture()
    {
        using var culture = new CultureScope("ru-RU");

        var query = Bitrix24Parameters.ToPhpQuery(new Dictionary<string, object?>
        {
            ["OPPORTUNITY"] = 1500.50m,
            ["PROBABILITY"] = 0.1d,
            ["BIG"] = 12345678901L,
        });

        Assert.Equal("OPPORTUNITY=1500.50&PROBABILITY=0.1&BIG=12345678901", query);
    }

    [Fact]
    public void BooleansAreOneAndZeroNullsAreLeftOutAndCyrillicIsUtf8()
    {
        var query = Bitrix24Parameters.ToPhpQuery(new Dictionary<string, object?>
        {
            ["ACTIVE"] = true,
            ["ADMIN_MODE"] = false,
            ["LEAD_ID"] = null,
            ["NAME"] = "Анна",
        });

        Assert.Equal("ACTIVE=1&ADMIN_MODE=0&NAME=%D0%90%D0%BD%D0%BD%D0%B0", query);
    }

    [Fact]
    public void BatchReferencesAreEscapedLikeAnyOtherValue()
    {
        var query = Bitrix24Parameters.ToPhpQuery(new Dictionary<string, object?>
        {
            ["filter"] = new Dictionary<string, object?> { [">ID"] = "$result[c0][49][ID]" },
        });

        Assert.Equal("filter%5B%3EID%5D=%24result%5Bc0%5D%5B49%5D%5BID%5D", query);
    }

    [Fact]
    public void JsonBodyKeepsTypesWritesDatesWithOffsetAndCarriesTheOAuthToken()
    {
        var body = Bitrix24Parameters.ToJson(
            new Dictionary<string, object?>
            {
                ["id"] = 37,
                ["fields"] = new Dictionary<string, object?>
                {
                    ["TITLE"] = "Сделка",
                    ["OPPORTUNITY"] = 1500.00m,
                    ["OPENED"] = "Y",
                    ["CLOSEDATE"] = new DateTimeOffset(2024, 9, 9, 0, 0, 0, TimeSpan.FromHours(2)),
                    ["PHONE"] = new[] { new Dictionary<string, object?> { ["VALUE"] = "+7999", ["VALUE_TYPE"] = "WORK" } },
                    ["LEAD_ID"] = null,
                },
            },
            accessToken: "token-1");

        Assert.Equal(
            """{"id":37,"fields":{"TITLE":"Сделка","OPPORTUNITY":1500.00,"OPENED":"Y","CLOSEDATE":"2024-09-09T00:00:00+02:00","PHONE":[{"VALUE":"+7999","VALUE_TYPE":"WORK"}],"LEAD_ID":null},"auth":"token-1"}""",
            Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void JsonElementsPassThroughBothEncodings()
    {
        var filter = JsonDocument.Parse("""{">ID":5,"=OPENED":"Y","@ID":[1,2]}""").RootElement;
        var parameters = new Dictionary<string, object?> { ["filter"] = filter };

        Assert.Equal("filter%5B%3EID%5D=5&filter%5B%3DOPENED%5D=Y&filter%5B%40ID%5D%5B0%5D=1&filter%5B%40ID%5D%5B1%5D=2", Bitrix24Parameters.ToPhpQuery(parameters));
        Assert.Equal("""{"filter":{">ID":5,"=OPENED":"Y","@ID":[1,2]}}""", Encoding.UTF8.GetString(Bitrix24Parameters.ToJson(parameters)));
    }

    [Fact]
    public void FakePortalParsesTheQueryBackToTheSameTree()
    {
        // Guards the test double: what the client encodes, the fake decodes as parse_str would.
        var query = Bitrix24Parameters.ToPhpQuery(new Dictionary<string, object?>
        {
            ["filter"] = new Dictionary<string, object?> { [">ID"] = "$result[c0][49][ID]", ["%TITLE"] = "a+b & c" },
            ["select"] = new[] { "ID", "TITLE" },
        });

        var tree = Support.FakePortal.ParseQuery(query);

        var filter = Assert.IsType<Dictionary<string, object>>(tree["filter"]);
        Assert.Equal("$result[c0][49][ID]", filter[">ID"]);
        Assert.Equal("a+b & c", filter["%TITLE"]);
        Assert.Equal(new Dictionary<string, object> { ["0"] = "ID", ["1"] = "TITLE" }, tree["select"]);
    }
}
