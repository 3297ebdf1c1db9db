using System.Text;
using System.Text.Json.Nodes;
using Loyalty.Web.Sandbox.Api;

namespace Loyalty.Tests.Web.Sandbox;

/// <summary>The sandbox's PHP-style parameter parser: PHP's bracket rules, and the limits that refuse a body before working on it.</summary>
public sealed class PhpParamsTests
{
    [Theory]
    [InlineData("select[]=ID&select[]=TITLE", """{"select":["ID","TITLE"]}""")]
    [InlineData("order[DATE_MODIFY]=ASC&order[ID]=DESC", """{"order":{"DATE_MODIFY":"ASC","ID":"DESC"}}""")]
    [InlineData("filter%5B%3E%3DID%5D=10&start=-1", """{"filter":{">=ID":"10"},"start":"-1"}""")]
    [InlineData("fields[PHONE][0][VALUE]=%2B7999&fields[PHONE][0][VALUE_TYPE]=WORK", """{"fields":{"PHONE":{"0":{"VALUE":"+7999","VALUE_TYPE":"WORK"}}}}""")]
    [InlineData("x[]=a&x[1]=b&x[0]=c", """{"x":["c","b"]}""")]
    [InlineData("x[]=a&x[k]=1&x[]=b", """{"x":{"0":"a","k":"1","1":"b"}}""")]
    [InlineData("x[5]=a&x[]=b&x[k]=c&x[]=d", """{"x":{"5":"a","6":"b","k":"c","7":"d"}}""")]
    [InlineData("x[k]=a&x[]=b", """{"x":{"k":"a","0":"b"}}""")]
    [InlineData("a=1&a[b]=2&c[d]=3&c=4", """{"a":{"b":"2"},"c":"4"}""")]
    [InlineData("m[][id]=1&m[][id]=2", """{"m":[{"id":"1"},{"id":"2"}]}""")]
    [InlineData("[]=lost&a[b=1&flag&=empty", """{"a":"1","flag":""}""")]
    [InlineData("?&&a=%zz%&b=%E0%A4", """{"a":"%zz%","b":"\uFFFD"}""")]
    public void BracketedKeysBuildPhpArrays(string query, string expected)
    {
        Assert.Equal(JsonNode.Parse(expected)!.ToJsonString(), PhpParams.ParseQuery(query).ToJsonString());
    }

    [Fact]
    public void SixtyFourLevelsAreAcceptedAndSixtyFiveRefused()
    {
        var accepted = PhpParams.ParseQuery("a" + string.Concat(Enumerable.Repeat("[b]", PhpParams.MaxDepth)) + "=1");
        var depth = 0;
        for (JsonNode? node = accepted; node is JsonObject map; node = map.First().Value)
        {
            depth++;
        }

        var refused = Assert.Throws<RestError>(() => PhpParams.ParseQuery("a" + string.Concat(Enumerable.Repeat("[b]", PhpParams.MaxDepth + 1)) + "=1"));

        Assert.Equal(PhpParams.MaxDepth + 1, depth);
        Assert.Equal(400, refused.Status);
        Assert.Contains("max_input_nesting_level", refused.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void AHundredThousandLevelsAreRefusedByTheKeyLengthBeforeAnyBracketIsFollowed()
    {
        var refused = Assert.Throws<RestError>(() => PhpParams.ParseQuery("a" + string.Concat(Enumerable.Repeat("[b]", 100_000)) + "=1"));

        Assert.Equal(400, refused.Status);
        Assert.Contains($"longer than {PhpParams.MaxKeyLength}", refused.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void AThousandPairsAreAcceptedAndTheListTurnedMapKeepsEveryItem()
    {
        var query = new StringBuilder("x[k]=1");
        for (var i = 0; i < PhpParams.MaxVars - 1; i++)
        {
            query.Append("&x[]=").Append(i);
        }

        var x = PhpParams.ParseQuery(query.ToString())["x"]!.AsObject();

        Assert.Equal(PhpParams.MaxVars, x.Count);
        Assert.Equal("998", x["998"]!.GetValue<string>());
    }

    [Fact]
    public void AHundredThousandItemBodyIsRefusedAtTheFirstPairOverTheCount()
    {
        // Pair 1,001 is where the count stops the parser: the over-long key after it is never looked at,
        // so the refusal names the count and not the key.
        var query = new StringBuilder("x[k]=1");
        for (var i = 0; i < 100_000; i++)
        {
            query.Append("&x[]=").Append(i % 2);
            if (i == PhpParams.MaxVars)
            {
                query.Append('&').Append('y', PhpParams.MaxKeyLength + 1).Append("=1");
            }
        }

        var refused = Assert.Throws<RestError>(() => PhpParams.ParseQuery(query.ToString()));

        Assert.Equal(400, refused.Status);
        Assert.Contains("max_input_vars", refused.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void AMultipartFormIsCountedLikeAQueryString()
    {
        var pairs = Enumerable.Range(0, PhpParams.MaxVars + 1).Select(i => KeyValuePair.Create($"f[{i}]", "v"));

        Assert.Equal(PhpParams.MaxVars, PhpParams.FromPairs(pairs.Take(PhpParams.MaxVars))["f"]!.AsObject().Count);
        Assert.Contains("max_input_vars", Assert.Throws<RestError>(() => PhpParams.FromPairs(pairs)).Description, StringComparison.Ordinal);
    }

    [Fact]
    public void TheBodyIsMergedOverTheQueryMapByMap()
    {
        var query = PhpParams.ParseQuery("filter[STAGE_ID]=NEW&select[]=ID&start=0");
        var body = PhpParams.ParseQuery("filter[>ID]=5&select[]=TITLE&start=50");

        PhpParams.Merge(query, body);

        var expected = JsonNode.Parse("""{"filter":{"STAGE_ID":"NEW",">ID":"5"},"select":["TITLE"],"start":"50"}""")!;
        Assert.Equal(expected.ToJsonString(), query.ToJsonString());
    }
}
