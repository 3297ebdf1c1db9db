using Loyalty.Core.Crm;

namespace Loyalty.Tests.Core.Crm;

/// <summary>Links into Bitrix24: the portal's address (scheme and host of the webhook, or the sandbox) and the record's path.</summary>
public sealed class CrmLinksTests
{
    private const string Portal = "https://loyalty-demo.bitrix24.ru";

    [Theory]
    [InlineData(CrmKind.Deal, 12, null, null, "https://loyalty-demo.bitrix24.ru/crm/deal/details/12/")]
    [InlineData(CrmKind.Lead, 6769, null, null, "https://loyalty-demo.bitrix24.ru/crm/lead/details/6769/")]
    [InlineData(CrmKind.Contact, 5, null, null, "https://loyalty-demo.bitrix24.ru/crm/contact/details/5/")]
    [InlineData(CrmKind.Company, 7, null, null, "https://loyalty-demo.bitrix24.ru/crm/company/details/7/")]
    [InlineData(CrmKind.Employee, 3, null, null, "https://loyalty-demo.bitrix24.ru/company/personal/user/3/")]
    [InlineData(CrmKind.Task, 3968, CrmKind.Employee, 3L, "https://loyalty-demo.bitrix24.ru/company/personal/user/3/tasks/task/view/3968/")]
    [InlineData(CrmKind.Activity, 20058, CrmKind.Lead, 6769L, "https://loyalty-demo.bitrix24.ru/crm/lead/details/6769/")]
    [InlineData(CrmKind.Activity, 20059, CrmKind.Deal, 12L, "https://loyalty-demo.bitrix24.ru/crm/deal/details/12/")]
    public void ARecordOpensAtItsPathOnTheRealPortal(CrmKind kind, long id, CrmKind? parentKind, long? parentId, string expected) =>
        Assert.Equal(expected, CrmLinks.Url(Portal, kind, id, parentKind, parentId));

    [Theory]
    [InlineData(CrmKind.Deal, 12, null, null, "/sandbox/crm/deal/details/12/")]
    [InlineData(CrmKind.Lead, 6769, null, null, "/sandbox/crm/lead/details/6769/")]
    [InlineData(CrmKind.Contact, 5, null, null, "/sandbox/crm/contact/details/5/")]
    [InlineData(CrmKind.Employee, 3, null, null, "/sandbox/company/personal/user/3/")]
    [InlineData(CrmKind.Task, 3968, CrmKind.Employee, 3L, "/sandbox/company/personal/user/3/tasks/task/view/3968/")]
    [InlineData(CrmKind.Activity, 20058, CrmKind.Contact, 5L, "/sandbox/crm/contact/details/5/")]
    public void InSandboxModeARecordOpensOnTheSandboxsOwnCard(CrmKind kind, long id, CrmKind? parentKind, long? parentId, string expected) =>
        Assert.Equal(expected, CrmLinks.Url(CrmAddress.SandboxAddress, kind, id, parentKind, parentId));

    [Theory]
    [InlineData(CrmKind.Task, null, null)]
    [InlineData(CrmKind.Activity, null, null)]
    [InlineData(CrmKind.Activity, CrmKind.Task, 1L)]
    public void ARecordWithoutWhatItsLinkNeedsHasNoLink(CrmKind kind, CrmKind? parentKind, long? parentId) =>
        Assert.Null(CrmLinks.Url(Portal, kind, 1, parentKind, parentId));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void WithoutAPortalThereIsNoLink(string? address) => Assert.Null(CrmLinks.Url(address, CrmKind.Deal, 1));

    [Theory]
    [InlineData("https://loyalty-demo.bitrix24.ru/rest/1/abc123/", "https://loyalty-demo.bitrix24.ru")]
    [InlineData("https://crm.example.com:8443/rest/7/secret/", "https://crm.example.com:8443")]
    [InlineData("http://bitrix.local/sub/rest/1/x/", "http://bitrix.local")]
    public void ThePortalsAddressIsTheWebhooksSchemeAndHost(string webhook, string expected)
    {
        Assert.Equal(expected, CrmLinks.AddressOf(new Uri(webhook)));
        Assert.Equal(expected + "/crm/deal/details/1/", CrmLinks.Url(CrmLinks.AddressOf(new Uri(webhook)), CrmKind.Deal, 1));
    }

    [Theory]
    [InlineData(1, CrmKind.Lead)]
    [InlineData(2, CrmKind.Deal)]
    [InlineData(3, CrmKind.Contact)]
    [InlineData(4, CrmKind.Company)]
    [InlineData(7, null)]
    public void AnActivitysOwnerTypeNamesTheCardItOpensOn(int ownerTypeId, CrmKind? expected) => Assert.Equal(expected, CrmLinks.OwnerKind(ownerTypeId));
}
