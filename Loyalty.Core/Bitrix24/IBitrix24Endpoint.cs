namespace Loyalty.Core.Bitrix24;

/// <summary>
/// Where the portal's REST API is: the incoming webhook base URL, ending with '/', to which method names are
/// appended (<c>https://example.bitrix24.ru/rest/1/abc123/</c> + <c>crm.deal.list.json</c>). In sandbox mode the
/// web app supplies its own address (<c>http://127.0.0.1:port/sandbox/rest/1/secret/</c>) once it listens.
/// </summary>
public interface IBitrix24Endpoint
{
    Task<Uri> GetWebhookUrlAsync(CancellationToken ct = default);
}
