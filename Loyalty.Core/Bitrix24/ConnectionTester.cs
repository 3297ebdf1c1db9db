using System.Text.Json;

namespace Loyalty.Core.Bitrix24;

public sealed record ConnectionTest(bool Ok, string? Portal, string? User, bool? IsAdmin, IReadOnlyList<string> Scopes, string? ErrorCode, string? Error);

/// <summary>"Test connection": who the webhook acts as (<c>profile</c>) and what it may do (<c>scope</c>), or the portal's exact error.</summary>
public sealed class ConnectionTester(IBitrix24Client client, IBitrix24Endpoint endpoint)
{
    public async Task<ConnectionTest> TestAsync(CancellationToken ct = default)
    {
        try
        {
            var webhook = await endpoint.GetWebhookUrlAsync(ct);
            var profile = new Bitrix24Row(await client.CallAsync("profile", null, ct));
            var scope = await client.CallAsync("scope", null, ct);
            var scopes = scope.ValueKind == JsonValueKind.Array
                ? scope.EnumerateArray().Select(s => s.GetString() ?? "").Where(s => s.Length > 0).ToList()
                : [];
            var user = string.Join(' ', new[] { profile.String("NAME"), profile.String("LAST_NAME") }.Where(s => !string.IsNullOrEmpty(s)));
            return new ConnectionTest(true, webhook.Host, $"{user} (ID {profile.String("ID")})", profile.Bool("ADMIN"), scopes, null, null);
        }
        catch (Bitrix24Exception ex)
        {
            return new ConnectionTest(false, null, null, null, [], ex.Code, ex.Description);
        }
    }
}
