using System.Text;
using System.Text.Json;
using Loyalty.Core.Bitrix24;

namespace Loyalty.Tests.Core.Bitrix24;

public sealed class Bitrix24EnvelopeTests
{
    public static TheoryData<int, string, string, Type> ErrorTable => new()
    {
        // §4.3, row by row.
        { 401, "expired_token", "The access token provided has expired.", typeof(Bitrix24AuthException) },
        { 401, "invalid_token", "Unable to get application by token", typeof(Bitrix24AuthException) },
        { 401, "NO_AUTH_FOUND", "Wrong authorization data", typeof(Bitrix24AuthException) },
        { 401, "INVALID_CREDENTIALS", "Invalid request credentials", typeof(Bitrix24AuthException) },
        { 403, "INVALID_CREDENTIALS", "Invalid request credentials", typeof(Bitrix24AuthException) },
        { 401, "insufficient_scope", "The request requires higher privileges than provided by the webhook token", typeof(Bitrix24AuthException) },
        { 403, "insufficient_scope", "The request requires higher privileges than provided by the webhook token", typeof(Bitrix24AuthException) },
        { 401, "authorization_error", "Unable to authorize user", typeof(Bitrix24AuthException) },
        { 401, "METHOD_CONFIRM_WAITING", "Waiting for confirmation", typeof(Bitrix24AuthException) },
        { 403, "ACCESS_DENIED", "REST is available only on commercial plans.", typeof(Bitrix24AccessException) },
        { 403, "WRONG_AUTH_TYPE", "Current authorization type is denied for this method", typeof(Bitrix24AccessException) },
        { 403, "user_access_error", "The user does not have access to the application.", typeof(Bitrix24AccessException) },
        { 404, "ERROR_METHOD_NOT_FOUND", "Method not found!", typeof(Bitrix24NotFoundException) },
        { 400, "", "Not found", typeof(Bitrix24NotFoundException) },
        { 400, "", "ID is not defined or invalid.", typeof(Bitrix24Exception) },
        { 400, "", "Access denied.", typeof(Bitrix24AccessException) },
        { 400, "", "Parameter 'filter' must be array.", typeof(Bitrix24Exception) },
        { 400, "NOT_FOUND", "Element not found", typeof(Bitrix24NotFoundException) },
        { 400, "ACCESS_DENIED", "Access denied", typeof(Bitrix24AccessException) },
        { 400, "INVALID_ARG_VALUE", "Unknown field", typeof(Bitrix24Exception) },
        { 400, "ERROR_BATCH_LENGTH_EXCEEDED", "Max batch length exceeded", typeof(Bitrix24Exception) },
        { 405, "ERROR_BATCH_METHOD_NOT_ALLOWED", "Method is not allowed for batch usage", typeof(Bitrix24Exception) },
        { 429, "OPERATION_TIME_LIMIT", "Method is blocked due to operation time limit.", typeof(Bitrix24LimitException) },
        { 503, "QUERY_LIMIT_EXCEEDED", "Too many requests", typeof(Bitrix24LimitException) },
        { 503, "OVERLOAD_LIMIT", "REST API is blocked due to overload", typeof(Bitrix24LimitException) },
        { 500, "INTERNAL_SERVER_ERROR", "Internal server error", typeof(Bitrix24Exception) },
        { 500, "ERROR_UNEXPECTED_ANSWER", "Server returned an unexpected response", typeof(Bitrix24Exception) },
        { 403, "PORTAL_DELETED", "Portal was deleted", typeof(Bitrix24AccessException) },
        { 410, "PORTAL_DELETED", "Portal was deleted", typeof(Bitrix24AccessException) },
        { 500, "PORTAL_DELETED", "Portal was deleted", typeof(Bitrix24AccessException) },
        // Codes mix cases; the mapping must not care.
        { 401, "EXPIRED_TOKEN", "The access token provided has expired", typeof(Bitrix24AuthException) },
        { 503, "query_limit_exceeded", "Too many requests", typeof(Bitrix24LimitException) },
        { 404, "error_method_not_found", "Method not found!", typeof(Bitrix24NotFoundException) },
        { 403, "access_denied", "Access denied!", typeof(Bitrix24AccessException) },
    };

    [Theory]
    [MemberData(nameof(ErrorTable))]
    public void EveryErrorCodeMapsToItsExceptionTypeKeepingCodeDescriptionAndStatus(int status, string code, string description, Type expected)
    {
        var body = JsonSerializer.Serialize(new { error = code, error_description = description });

        var error = Assert.ThrowsAny<Bitrix24Exception>(() => Parse(body, status));

        Assert.IsType(expected, error);
        Assert.Equal(code, error.Code);
        Assert.Equal(description, error.Description);
        Assert.Equal(status, error.HttpStatus);
    }

    [Fact]
    public void TotalAndNextAreReadWhetherNumbersOrStrings()
    {
        var numbers = Parse("""{"result":[{"ID":"1"}],"total":120,"next":50,"time":{"start":1721722262.960948}}""");
        var strings = Parse("""{"result":[{"ID":"1"}],"total":"120","next":"50"}""");

        Assert.Equal((120, 50), (numbers.Total, numbers.Next));
        Assert.Equal((120, 50), (strings.Total, strings.Next));
        Assert.Equal(JsonValueKind.Array, numbers.Result.ValueKind);
    }

    [Fact]
    public void NextIsAbsentOnTheLastPageAndTimeWithoutTheLimiterHasNoReset()
    {
        var envelope = Parse("""{"result":[],"total":0,"time":{"start":1.0,"finish":1.1,"duration":0.1,"processing":0.0,"date_start":"2024-07-23T08:11:02+03:00","date_finish":"2024-07-23T08:11:02+03:00"}}""");

        Assert.Null(envelope.Next);
        Assert.Null(envelope.OperatingResetAt);
    }

    [Theory]
    [InlineData("1721722862")]
    [InlineData("1721722862.0")]
    [InlineData("\"1721722862\"")]
    [InlineData("\"2024-07-23T08:21:02+00:00\"")]
    [InlineData("\"2024-07-23T11:21:02+03:00\"")]
    public void OperatingResetAtIsReadAsUnixTimeOrAsDateString(string value)
    {
        var envelope = Parse($$$"""{"result":true,"time":{"operating":12.5,"operating_reset_at":{{{value}}}}}""");

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1721722862), envelope.OperatingResetAt);
    }

    [Fact]
    public void ClassicEmptyErrorCodeWithNotFoundIsNotFound()
    {
        var error = Assert.Throws<Bitrix24NotFoundException>(() => Parse("""{"error":"","error_description":"Not found"}""", 400));

        Assert.Equal(string.Empty, error.Code);
        Assert.Equal("Not found", error.Description);
    }

    [Fact]
    public void RestV3ErrorObjectIsReadForItsCodeAndMessage()
    {
        var body = """{"error":{"code":"BITRIX_REST_V3_EXCEPTION_VALIDATION_REQUESTVALIDATIONEXCEPTION","message":"Validation error","validation":[{"field":"id","message":"Required"}]}}""";

        var error = Assert.ThrowsAny<Bitrix24Exception>(() => Parse(body, 400));

        Assert.IsType<Bitrix24Exception>(error);
        Assert.Equal("BITRIX_REST_V3_EXCEPTION_VALIDATION_REQUESTVALIDATIONEXCEPTION", error.Code);
        Assert.Equal("Validation error", error.Description);
    }

    [Theory]
    [InlineData(502)]
    [InlineData(403)]
    [InlineData(200)]
    public void HtmlFromAProxyIsATransportErrorQuotingTheBody(int status)
    {
        var html = "<html><head><title>502 Bad Gateway</title></head>\n<body>nginx</body></html>";

        var error = Assert.Throws<Bitrix24TransportException>(() => Parse(html, status));

        Assert.Equal(status, error.HttpStatus);
        Assert.Contains("502 Bad Gateway", error.Description, StringComparison.Ordinal);
        Assert.IsAssignableFrom<JsonException>(error.InnerException);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("""{"time":{}}""")]
    public void EmptyBodiesAndJsonThatIsNotAnEnvelopeAreTransportErrors(string body) =>
        Assert.Throws<Bitrix24TransportException>(() => Parse(body, 200));

    [Fact]
    public void AnEmptyErrorNextToAResultIsNotAnError()
    {
        var envelope = Parse("""{"result":5,"error":""}""");

        Assert.Equal(5, envelope.Result.GetInt32());
    }

    private static Bitrix24Envelope Parse(string body, int status = 200) => Bitrix24Envelope.Parse(Encoding.UTF8.GetBytes(body), status);
}
