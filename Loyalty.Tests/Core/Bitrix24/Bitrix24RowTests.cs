using System.Text.Json;
using Loyalty.Core.Bitrix24;
using Loyalty.Tests.TestSupport;

namespace Loyalty.Tests.Core.Bitrix24;

public sealed class Bitrix24RowTests
{
    [Theory]
    [InlineData("\"37\"")]
    [InlineData("37")]
    [InlineData("\"37.00\"")]
    [InlineData("37.0")]
    public void WholeNumbersReadFromStringsNumbersAndZeroDecimals(string json) =>
        Assert.Equal(37L, Row($$"""{"ID":{{json}}}""").Long("ID"));

    [Fact]
    public void MoneyReadsAsAnExactDecimalInAnyCulture()
    {
        using var culture = new CultureScope("ru-RU");
        var row = Row("""{"OPPORTUNITY":"1500.00","TAX_VALUE":"0.00","SUM":19999.99}""");

        Assert.Equal(1500.00m, row.Decimal("OPPORTUNITY"));
        Assert.Equal(0m, row.Decimal("TAX_VALUE"));
        Assert.Equal(19999.99m, row.Decimal("SUM"));
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{}")]
    public void EmptyStringNullAndEmptyPhpArraysReadAsNothing(string json)
    {
        var row = Row($$"""{"LEAD_ID":{{json}}}""");

        Assert.Null(row.String("LEAD_ID"));
        Assert.Null(row.Long("LEAD_ID"));
        Assert.Null(row.Decimal("LEAD_ID"));
        Assert.Null(row.Bool("LEAD_ID"));
        Assert.Null(row.Utc("LEAD_ID"));
    }

    [Fact]
    public void MissingFieldsReadAsNothing()
    {
        var row = Row("""{"ID":"1"}""");

        Assert.Null(row.String("TITLE"));
        Assert.Null(row.Long("COMPANY_ID"));
        Assert.Empty(row.LongList("UF_DEPARTMENT"));
        Assert.Empty(row.Multi("PHONE"));
    }

    [Theory]
    [InlineData("\"Y\"", true)]
    [InlineData("\"N\"", false)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("\"1\"", true)]
    [InlineData("0", false)]
    [InlineData("\"TRUE\"", true)]
    public void FlagsReadFromYNAndJsonBooleans(string json, bool expected) =>
        Assert.Equal(expected, Row($$"""{"ACTIVE":{{json}}}""").Bool("ACTIVE"));

    [Theory]
    [InlineData("2024-09-02T18:37:18+03:00", "2024-09-02T15:37:18Z")]
    [InlineData("2024-09-02T18:37:18+02:00", "2024-09-02T16:37:18Z")]
    [InlineData("2024-09-02T18:37:18+00:00", "2024-09-02T18:37:18Z")]
    [InlineData("2024-09-02T18:37:18Z", "2024-09-02T18:37:18Z")]
    [InlineData("2024-09-09T00:00:00-05:00", "2024-09-09T05:00:00Z")]
    public void DatesWithAnOffsetAreConvertedToUtc(string value, string utc)
    {
        var read = Row($$"""{"DATE_MODIFY":"{{value}}"}""").Utc("DATE_MODIFY");

        Assert.Equal(DateTime.Parse(utc, null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal), read);
        Assert.Equal(DateTimeKind.Utc, read!.Value.Kind);
    }

    [Theory]
    [InlineData("2024-09-02T18:37:18")]
    [InlineData("24.08.2023 13:19:39")]
    [InlineData("2024-09-02")]
    [InlineData("yesterday")]
    public void DatesWithoutAnOffsetAreRefusedNamingTheField(string value)
    {
        var error = Assert.Throws<Bitrix24FormatException>(() => Row($$"""{"TIMESTAMP_X":"{{value}}"}""").Utc("TIMESTAMP_X"));

        Assert.Equal("TIMESTAMP_X", error.Field);
        Assert.Equal(value, error.Value);
    }

    [Fact]
    public void MultifieldsReadValueAndTypeSkippingEmptyEntries()
    {
        var row = Row("""
            {"PHONE":[{"ID":"222","VALUE_TYPE":"WORK","VALUE":"+7 999 000-00-00","TYPE_ID":"PHONE"},{"ID":"223","VALUE_TYPE":"HOME","VALUE":""}],
             "fm":[{"id":1,"typeId":"EMAIL","valueType":"WORK","value":"a@example.com"}]}
            """);

        Assert.Equal([new Bitrix24MultiField("+7 999 000-00-00", "WORK")], row.Multi("PHONE"));
        Assert.Equal([new Bitrix24MultiField("a@example.com", "WORK")], row.Multi("fm"));
    }

    [Theory]
    [InlineData("[1,5]")]
    [InlineData("[\"1\",\"5\"]")]
    [InlineData("[1,null,\"\",5]")]
    [InlineData("{\"0\":1,\"3\":5}")]
    public void DepartmentListsReadFromIntArraysStringArraysAndPhpKeyedArrays(string json) =>
        Assert.Equal([1L, 5L], Row($$"""{"UF_DEPARTMENT":{{json}}}""").LongList("UF_DEPARTMENT"));

    [Theory]
    [InlineData("7", new long[] { 7 })]
    [InlineData("\"7\"", new long[] { 7 })]
    [InlineData("false", new long[0])]
    [InlineData("\"\"", new long[0])]
    [InlineData("[]", new long[0])]
    public void DepartmentListTakesASingleValueOrNothing(string json, long[] expected) =>
        Assert.Equal(expected, Row($$"""{"UF_DEPARTMENT":{{json}}}""").LongList("UF_DEPARTMENT"));

    [Theory]
    [InlineData("OPPORTUNITY", "\"abc\"")]
    [InlineData("OPPORTUNITY", "\"1,500.00\"")]
    [InlineData("OPPORTUNITY", "\"1,5\"")]
    public void BadNumbersThrowNamingTheField(string field, string json)
    {
        var error = Assert.Throws<Bitrix24FormatException>(() => Row($$"""{"{{field}}":{{json}}}""").Decimal(field));

        Assert.Equal(field, error.Field);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"37.5\"")]
    [InlineData("\"x37\"")]
    [InlineData("\"99999999999999999999999\"")]
    public void BadWholeNumbersThrowNamingTheField(string json)
    {
        var error = Assert.Throws<Bitrix24FormatException>(() => Row($$"""{"ASSIGNED_BY_ID":{{json}}}""").Long("ASSIGNED_BY_ID"));

        Assert.Equal("ASSIGNED_BY_ID", error.Field);
    }

    [Fact]
    public void BadEntryInAnIdListThrowsNamingTheField()
    {
        var error = Assert.Throws<Bitrix24FormatException>(() => Row("""{"UF_DEPARTMENT":[1,"two"]}""").LongList("UF_DEPARTMENT"));

        Assert.Equal("UF_DEPARTMENT", error.Field);
    }

    [Fact]
    public void BadFlagThrowsNamingTheField() =>
        Assert.Equal("CLOSED", Assert.Throws<Bitrix24FormatException>(() => Row("""{"CLOSED":"maybe"}""").Bool("CLOSED")).Field);

    [Fact]
    public void AListWhereOneValueBelongsIsTheWrongShape()
    {
        var error = Assert.Throws<Bitrix24FormatException>(() => Row("""{"ASSIGNED_BY_ID":[1,2]}""").Long("ASSIGNED_BY_ID"));

        Assert.Equal("ASSIGNED_BY_ID", error.Field);
    }

    [Fact]
    public void NumbersReadAsTextKeepTheirDigitsAndFlagsReadAsYN()
    {
        var row = Row("""{"SORT":500,"ACTIVE":true,"TITLE":"Deal"}""");

        Assert.Equal("500", row.String("SORT"));
        Assert.Equal("Y", row.String("ACTIVE"));
        Assert.Equal("Deal", row.String("TITLE"));
    }

    private static Bitrix24Row Row(string json) => new(JsonDocument.Parse(json).RootElement);
}
