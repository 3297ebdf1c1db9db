using Bunit;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Pages.Connection;

namespace Loyalty.Tests.Web.Components.Pages.Connection;

/// <summary>The scopes part of the Connection page: what each feature needs and which of it the webhook lacks.</summary>
public sealed class ScopesPanelTests
{
    [Fact]
    public async Task BeforeTheFirstCheckItSaysSo()
    {
        using var culture = new CultureScope("ru");
        await using var ctx = ConnectionParts.Context();

        var cut = ctx.Render<ScopesPanel>(p => p.Add(c => c.Granted, null));

        Assert.Equal("Права ещё не проверялись.", cut.Find("[data-testid=scopes-not-checked]").TextContent.Trim());
    }

    [Fact]
    public async Task AFeatureWhoseScopeIsMissingSaysWhichOnes()
    {
        using var culture = new CultureScope("ru");
        await using var ctx = ConnectionParts.Context();

        var cut = ctx.Render<ScopesPanel>(p => p.Add(c => c.Granted, ["crm", "user"]));

        Assert.Equal("Выданы: crm, user", cut.Find("[data-testid=scopes-granted]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=scope-Sync] [data-testid=scope-missing]"));
        Assert.Empty(cut.FindAll("[data-testid=scope-Bonuses] [data-testid=scope-missing]"));
        Assert.Contains("Сотрудники и отделы в геймификации", cut.Find("[data-testid=scope-People]").TextContent, StringComparison.Ordinal);
        Assert.Equal("не хватает: department", cut.Find("[data-testid=scope-People] [data-testid=scope-missing]").TextContent.Trim());
        Assert.Equal("не хватает: task", cut.Find("[data-testid=scope-Tasks] [data-testid=scope-missing]").TextContent.Trim());
        Assert.Equal("не хватает: im", cut.Find("[data-testid=scope-Notifications] [data-testid=scope-missing]").TextContent.Trim());
    }

    [Fact]
    public async Task InEnglishEveryFeatureIsGrantedWithAllScopes()
    {
        using var culture = new CultureScope("en");
        await using var ctx = ConnectionParts.Context();

        var cut = ctx.Render<ScopesPanel>(p => p.Add(c => c.Granted, ["crm", "user", "department", "task", "im"]));

        Assert.Empty(cut.FindAll("[data-testid=scope-missing]"));
        Assert.Contains("Task metrics and NPS survey tasks", cut.Find("[data-testid=scope-Tasks]").TextContent, StringComparison.Ordinal);
        Assert.Equal(5, cut.FindAll("tr[data-testid^=scope-]").Count);
    }
}
