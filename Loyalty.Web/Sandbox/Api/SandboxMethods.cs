using System.Text.Json.Nodes;
using Loyalty.Web.Sandbox.Changes;
using Loyalty.Web.Sandbox.Data;

namespace Loyalty.Web.Sandbox.Api;

/// <summary>One call of a method: its parameters, the webhook's user, and the moment it runs.</summary>
internal sealed record MethodCall(JsonObject Parameters, long UserId, DateTimeOffset Now);

/// <summary>A method's answer: <c>result</c>, and for lists the top-level <c>total</c> and <c>next</c> (§2.2).</summary>
internal sealed record MethodResult(JsonNode? Result, long? Total = null, long? Next = null);

/// <summary>The emulated portal's method table. Method names are matched without regard to case, as the portal does.</summary>
internal sealed class SandboxMethods
{
    public const string Batch = "batch";

    private readonly Dictionary<string, (Func<MethodCall, MethodResult> Handler, bool Writes)> _methods = new(StringComparer.OrdinalIgnoreCase);
    private readonly SandboxStore _store;

    public SandboxMethods(SandboxStore store, SandboxCrm crm, SandboxOptions options, TimeProvider clock)
    {
        _store = store;
        new CrmMethods(store, crm).Register(this);
        new UserFieldMethods(store, options).Register(this);
        new PeopleMethods(store).Register(this);
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
}
