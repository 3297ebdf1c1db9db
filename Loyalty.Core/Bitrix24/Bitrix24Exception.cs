namespace Loyalty.Core.Bitrix24;

/// <summary>An error the portal answered with: its <c>error</c> code (may be empty for classic CRM errors) and description.</summary>
public class Bitrix24Exception(string code, string description, int httpStatus, Exception? inner = null)
    : Exception($"Bitrix24 error {(code.Length == 0 ? "(no code)" : code)} (HTTP {httpStatus}): {description}", inner)
{
    public string Code { get; } = code;

    public string Description { get; } = description;

    public int HttpStatus { get; } = httpStatus;
}

/// <summary>Credentials or scope refused: expired_token, invalid_token, NO_AUTH_FOUND, INVALID_CREDENTIALS, insufficient_scope, authorization_error, ….</summary>
public sealed class Bitrix24AuthException(string code, string description, int httpStatus)
    : Bitrix24Exception(code, description, httpStatus);

/// <summary>
/// A limit: QUERY_LIMIT_EXCEEDED (thrown once the retries ran out), OPERATION_TIME_LIMIT (thrown at once, with
/// <see cref="RetryAfter"/>: the method stays blocked that long) or OVERLOAD_LIMIT (a manual block, not retried).
/// </summary>
public sealed class Bitrix24LimitException(string code, string description, int httpStatus, TimeSpan? retryAfter = null)
    : Bitrix24Exception(code, description, httpStatus)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>The entity or method does not exist: classic "Not found", NOT_FOUND, ERROR_METHOD_NOT_FOUND.</summary>
public sealed class Bitrix24NotFoundException(string code, string description, int httpStatus)
    : Bitrix24Exception(code, description, httpStatus);

/// <summary>Access refused for the method or the plan: ACCESS_DENIED, WRONG_AUTH_TYPE, user_access_error, PORTAL_DELETED.</summary>
public sealed class Bitrix24AccessException(string code, string description, int httpStatus)
    : Bitrix24Exception(code, description, httpStatus);

/// <summary>
/// The portal could not be reached or answered something that is not the protocol (HTML, a redirect, a time-out);
/// <see cref="Bitrix24Exception.HttpStatus"/> is 0 when no answer came. A 5xx with a JSON error code keeps its code instead.
/// </summary>
public sealed class Bitrix24TransportException(string description, int httpStatus, Exception? inner = null)
    : Bitrix24Exception("TRANSPORT", description, httpStatus, inner);
