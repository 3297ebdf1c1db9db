using Loyalty.Core.Promoters;

namespace Loyalty.Tests.Core.Promoters;

/// <summary>Reading the portal's user fields out of a mirror row's JSON as Bitrix24 sends them, and never throwing on garbage.</summary>
public sealed class CrmFieldValuesTests
{
    [Theory]
    [InlineData("""{"F":"1"}""", true)]
    [InlineData("""{"F":"Y"}""", true)]
    [InlineData("""{"F":1}""", true)]
    [InlineData("""{"F":true}""", true)]
    [InlineData("""{"F":"0"}""", false)]
    [InlineData("""{"F":"N"}""", false)]
    [InlineData("""{"F":""}""", false)]
    [InlineData("""{"F":null}""", false)]
    [InlineData("""{"F":0}""", false)]
    [InlineData("""{"G":"1"}""", null)]
    [InlineData("""{"F":"maybe"}""", null)]
    [InlineData("""[1,2]""", null)]
    [InlineData("""{"F":""", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void ABooleanIsReadTolerantly(string? json, bool? expected) => Assert.Equal(expected, CrmFieldValues.Boolean(json, "F"));

    [Theory]
    [InlineData("""{"F":"123"}""", 123L)]
    [InlineData("""{"F":123}""", 123L)]
    [InlineData("""{"F":"123.0"}""", 123L)]
    [InlineData("""{"F":["77"]}""", 77L)]
    [InlineData("""{"F":""}""", null)]
    [InlineData("""{"F":"0"}""", null)]
    [InlineData("""{"F":"-5"}""", null)]
    [InlineData("""{"F":"12.5"}""", null)]
    [InlineData("""{"F":"abc"}""", null)]
    [InlineData("""{"F":"99999999999999999999999"}""", null)]
    [InlineData("""{"F":{"x":1}}""", null)]
    [InlineData("not json", null)]
    public void AnIdIsAPositiveWholeNumberOrNothing(string? json, long? expected) => Assert.Equal(expected, CrmFieldValues.Id(json, "F"));

    [Fact]
    public void TextIsReadAsSent()
    {
        Assert.Equal(" abcd2345 ", CrmFieldValues.Text("""{"F":" abcd2345 "}""", "F"));
        Assert.Null(CrmFieldValues.Text("""{"F":false}""", "F"));
        Assert.Null(CrmFieldValues.Text("""{}""", "F"));
    }
}
