namespace Loyalty.Web.Sandbox.Api;

/// <summary>An error the emulated portal answers with: <c>{"error": code, "error_description": description}</c> and a status (§2.3, §4.3).</summary>
internal sealed class RestError(int status, string code, string description) : Exception(description)
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    public string Description { get; } = description;

    /// <summary>Classic CRM methods answer errors with an empty code and HTTP 400 (§2.3).</summary>
    public static RestError Classic(string description) => new(StatusCodes.Status400BadRequest, "", description);

    public static RestError NotFound() => Classic("Not found");

    public static RestError InvalidId() => Classic("ID is not defined or invalid.");

    public static RestError MethodNotFound() => new(StatusCodes.Status404NotFound, "ERROR_METHOD_NOT_FOUND", "Method not found!");
}
