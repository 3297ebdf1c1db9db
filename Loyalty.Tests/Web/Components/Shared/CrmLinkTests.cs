using Bunit;
using Loyalty.Core.Crm;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Web.Components.Shared;

/// <summary>A CRM record by name, opening in Bitrix24 in a new tab; the name alone when no portal is connected.</summary>
public sealed class CrmLinkTests : IDisposable
{
    private readonly BunitContext _ctx = new();

    public void Dispose() => _ctx.Dispose();

    [Fact]
    public void ARecordShowsItsNameLinkedToItsCardInANewTab()
    {
        _ctx.AddPortalServices();

        var cut = _ctx.Render<CrmLink>(p => p.Add(c => c.Kind, CrmKind.Lead).Add(c => c.Id, 6769).Add(c => c.Name, "Заявка с сайта"));

        var link = cut.Find("a[data-testid=crm-link]");
        Assert.Equal("Заявка с сайта", link.TextContent.Trim());
        Assert.Equal(PortalBunit.FixedCrmAddress.Portal + "/crm/lead/details/6769/", link.GetAttribute("href"));
        Assert.Equal("_blank", link.GetAttribute("target"));
        Assert.Equal("noopener", link.GetAttribute("rel"));
        Assert.NotNull(link.QuerySelector("svg"));
    }

    [Fact]
    public void AnActivityOpensOnItsOwnersCardUnderItsSubject()
    {
        _ctx.AddPortalServices();

        var cut = _ctx.Render<CrmLink>(p => p.Add(c => c.Kind, CrmKind.Activity).Add(c => c.Id, 20058).Add(c => c.Name, "Звонок клиенту")
            .Add(c => c.ParentKind, CrmKind.Deal).Add(c => c.ParentId, 12));

        var link = cut.Find("a[data-testid=crm-link]");
        Assert.Equal("Звонок клиенту", link.TextContent.Trim());
        Assert.Equal(PortalBunit.FixedCrmAddress.Portal + "/crm/deal/details/12/", link.GetAttribute("href"));
    }

    [Fact]
    public void WithoutAConnectedPortalTheNameShowsWithoutALink()
    {
        _ctx.Services.AddSingleton<ICrmAddress>(new PortalBunit.FixedCrmAddress(null));
        _ctx.AddPortalServices();

        var cut = _ctx.Render<CrmLink>(p => p.Add(c => c.Kind, CrmKind.Deal).Add(c => c.Id, 12).Add(c => c.Name, "Абонемент на год"));

        Assert.Empty(cut.FindAll("a"));
        Assert.Equal("Абонемент на год", cut.Find("[data-testid=crm-name]").TextContent.Trim());
    }

    [Theory]
    [InlineData("ru", "Задача №3968")]
    [InlineData("en", "Task #3968")]
    public void ARecordWithoutANameIsNamedByItsKindInTheReadersLanguage(string language, string expected)
    {
        using var culture = new CultureScope(language);
        _ctx.AddPortalServices();

        var cut = _ctx.Render<CrmLink>(p => p.Add(c => c.Kind, CrmKind.Task).Add(c => c.Id, 3968).Add(c => c.ParentKind, CrmKind.Employee).Add(c => c.ParentId, 3));

        Assert.Equal(expected, cut.Find("a[data-testid=crm-link]").TextContent.Trim());
        Assert.DoesNotContain("(task", cut.Markup, StringComparison.Ordinal);
    }
}
