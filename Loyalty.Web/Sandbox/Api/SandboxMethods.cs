using System.Text.Json.Nodes;
using Loyalty.Web.Sandbox.Changes;
using Loyalty.Web.Sandbox.Data;

namespace Loyalty.Web.Sandbox.Api;

/// <summary>One call of a method: its parameters, the webhook's user, and the moment it runs.</summary>
internal sealed record MethodCall(JsonObject Parameters, long UserId, DateTimeOffset Now);

/// <summary>A method's answer: <c>result</c>, and for lists the top-level <c>total</c> and <c>next</c> (§2.2).</summary>
internal sealed record MethodResult(JsonNode? Result, long? Total = null, long? Next = null);

/// <summary>
/// The emulated portal's method table. Method names are matched without regard to case, as the portal does.
/// Each method belongs to a scope (<see cref="ScopeOf"/>); one of a scope the webhook was not given answers
/// <c>insufficient_scope</c>, inside a batch too (§1.1).
/// </summary>
internal sealed class SandboxMethods
{
    public const string Batch = "batch";

    /// <summary>Every scope this sandbox serves methods of: the default of <see cref="SandboxOptions.Scopes"/>.</summary>
    public static readonly IReadOnlyList<string> ServedScopes = ["crm", "user", "department", "task", "im"];

    private readonly Dictionary<string, (Func<MethodCall, MethodResult> Handler, bool Writes)> _methods = new(StringComparer.OrdinalIgnoreCase);
    private readonly SandboxStore _store;
    private readonly HashSet<string> _scopes;

    public SandboxMethods(SandboxStore store, SandboxCrm crm, SandboxOptions options, TimeProvider clock)
    {
        _store = store;
        _scopes = new HashSet<string>(Scopes(options), StringComparer.OrdinalIgnoreCase);
        new CrmMethods(store, crm).Register(this);
        new UserFieldMethods(store, options).Register(this);
        new FieldsMethods(store).Register(this);
        new ItemMethods(store).Register(this);
        new PeopleMethods(store, options).Register(this);
        new TaskMethods(store, crm).Register(this);
        new WriteBackMethods(store, crm).Register(this);
        new BatchMethod(this, store.Time, clock).Register(this);
    }

    public void Add(string name, Func<MethodCall, MethodResult> handler, bool writes = false) => _methods[name] = (handler, writes);

    public bool Exists(string name) => _methods.ContainsKey(name);

    /// <summary>Runs a method; a successful change is journaled with its parameters and result (GET /sandbox/journal).</summary>
    public MethodResult Invoke(string name, MethodCall call)
    {
        if (!_methods.TryGetValue(name, out var method))
        {
            throw RestError.MethodNotFound();
        }

        if (ScopeOf(name) is { } scope && !_scopes.Contains(scope))
        {
            throw new RestError(StatusCodes.Status401Unauthorized, "insufficient_scope", "The request requires higher privileges than provided by the webhook token");
        }

        var result = method.Handler(call);
        if (method.Writes)
        {
            var parameters = (JsonObject)call.Parameters.DeepClone();
            parameters.Remove("auth");
            _store.Write(() =>
            {
                _store.AppendJournal(call.Now, name.ToLowerInvariant(), parameters, result.Result?.DeepClone());
                return 0;
            });
        }

        return result;
    }

    /// <summary>The webhook's scopes: the configured list, or every scope served when none is configured.</summary>
    public static IReadOnlyList<string> Scopes(SandboxOptions options) =>
        options.Scopes is { Length: > 0 } configured
            ? [.. configured.Select(s => s.Trim().ToLowerInvariant()).Where(s => s.Length > 0).Distinct()]
            : ServedScopes;

    /// <summary>
    /// A method's scope by its name, as Bitrix24 groups them (b24restdocs api-reference/scopes): crm.*, user.*,
    /// department.*, tasks.* (scope "task"), im.*. profile, scope and batch need none.
    /// </summary>
    public static string? ScopeOf(string method)
    {
        var first = method.Split('.')[0].ToLowerInvariant();
        return first switch
        {
            "crm" or "user" or "department" or "im" => first,
            "tasks" or "task" => "task",
            _ => null,
        };
    }
}
