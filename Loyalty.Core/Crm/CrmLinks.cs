using Loyalty.Core.Bitrix24;

namespace Loyalty.Core.Crm;

/// <summary>What a CRM reference points at: a record of the CRM or a person of the portal.</summary>
public enum CrmKind
{
    Deal,
    Lead,
    Contact,
    Company,

    /// <summary>A call, meeting, e-mail…: it has no page of its own and opens on its owner's card.</summary>
    Activity,
    Task,
    Employee,
}

/// <summary>
/// A CRM record as people see it: its name, and what its link needs besides the id: for an activity the owner
/// record (<see cref="ParentKind"/>, <see cref="ParentId"/>), for a task the responsible employee (<see cref="ParentId"/>).
/// </summary>
public sealed record CrmRef(CrmKind Kind, long Id, string Name, CrmKind? ParentKind = null, long? ParentId = null);

/// <summary>
/// Links that open a record in Bitrix24: the portal's address (scheme and host of the webhook, or
/// <see cref="CrmAddress.SandboxAddress"/>) followed by the record's path as the portal itself uses it.
/// </summary>
public static class CrmLinks
{
    /// <summary>The activity owner types of crm.activity.* (OWNER_TYPE_ID): 1 lead, 2 deal, 3 contact, 4 company.</summary>
    public static CrmKind? OwnerKind(int ownerTypeId) => ownerTypeId switch
    {
        1 => CrmKind.Lead,
        2 => CrmKind.Deal,
        3 => CrmKind.Contact,
        4 => CrmKind.Company,
        _ => null,
    };

    /// <summary>"deal", "lead", "contact", "company", "activity", "task", "employee"/"user" (fact and ledger source keys) → the kind.</summary>
    public static CrmKind? KindOf(string? type) => type switch
    {
        "deal" => CrmKind.Deal,
        "lead" => CrmKind.Lead,
        "contact" => CrmKind.Contact,
        "company" => CrmKind.Company,
        "activity" => CrmKind.Activity,
        "task" => CrmKind.Task,
        "employee" or "user" => CrmKind.Employee,
        _ => null,
    };

    /// <summary>The record's path on the portal; null when it cannot be opened (an activity of an unknown owner, a task without a responsible).</summary>
    public static string? PathOf(CrmKind kind, long id, CrmKind? parentKind = null, long? parentId = null) => kind switch
    {
        CrmKind.Deal => $"/crm/deal/details/{id}/",
        CrmKind.Lead => $"/crm/lead/details/{id}/",
        CrmKind.Contact => $"/crm/contact/details/{id}/",
        CrmKind.Company => $"/crm/company/details/{id}/",
        CrmKind.Employee => $"/company/personal/user/{id}/",
        CrmKind.Task when parentId is { } responsible => $"/company/personal/user/{responsible}/tasks/task/view/{id}/",
        CrmKind.Activity when parentKind is { } owner and not CrmKind.Activity and not CrmKind.Task && parentId is { } ownerId => PathOf(owner, ownerId),
        _ => null,
    };

    /// <summary>The full link: <paramref name="portalAddress"/> ("https://x.bitrix24.ru" or "/sandbox") + the path; null when either is missing.</summary>
    public static string? Url(string? portalAddress, CrmKind kind, long id, CrmKind? parentKind = null, long? parentId = null) =>
        string.IsNullOrEmpty(portalAddress) || PathOf(kind, id, parentKind, parentId) is not { } path
            ? null
            : portalAddress.TrimEnd('/') + path;

    public static string? Url(string? portalAddress, CrmRef item) => Url(portalAddress, item.Kind, item.Id, item.ParentKind, item.ParentId);

    /// <summary>"https://x.bitrix24.ru/rest/1/secret/" → "https://x.bitrix24.ru": where the portal's pages are.</summary>
    public static string? AddressOf(Uri? webhook) => webhook is { IsAbsoluteUri: true } ? webhook.GetLeftPart(UriPartial.Authority) : null;
}

/// <summary>Where CRM links point; an interface so that components can be tested without a connection.</summary>
public interface ICrmAddress
{
    /// <summary>"https://x.bitrix24.ru", "/sandbox", or null when no portal is connected (names show without links).</summary>
    Task<string?> GetAsync(CancellationToken ct = default);
}

/// <summary>
/// The real portal's address from the webhook; in sandbox mode the sandbox's own record pages on this server.
/// The mode is the host's one decision (<see cref="PortalMode"/>, decision 011), never read again here.
/// </summary>
public sealed class CrmAddress(ConnectionSettings settings, PortalMode mode) : ICrmAddress
{
    /// <summary>The sandbox serves its records under the same paths as Bitrix24, below <c>/sandbox</c>.</summary>
    public const string SandboxAddress = "/sandbox";

    public async Task<string?> GetAsync(CancellationToken ct = default) =>
        mode.IsSandbox ? SandboxAddress : CrmLinks.AddressOf(await settings.WebhookUrlAsync(ct));
}
