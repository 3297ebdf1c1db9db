using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Shared;
using Loyalty.Web.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Loyalty.Tests.Web.Components.Shared;

/// <summary>Who did something, as histories show it: a person's name or a word for the portal, never a key or an e-mail beside the name.</summary>
public sealed class ActorDisplayTests
{
    private static readonly IStringLocalizer<SharedResource> L = new StringLocalizer<SharedResource>(
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));

    [Theory]
    [InlineData("ru", "system:bonuses", "Система (бонусы)")]
    [InlineData("ru", "system:gamification", "Система (очки)")]
    [InlineData("ru", "system:unknown", "Система")]
    [InlineData("ru", "system", "Система")]
    [InlineData("ru", "schedule", "По расписанию")]
    [InlineData("ru", null, "По расписанию")]
    [InlineData("ru", "Анна Администратор (admin@demo.loyalty)", "Анна Администратор")]
    [InlineData("ru", "Анна Администратор", "Анна Администратор")]
    [InlineData("ru", "ООО «Ромашка» (Москва)", "ООО «Ромашка» (Москва)")]
    [InlineData("en", "system:bonuses", "System (bonuses)")]
    [InlineData("en", "schedule", "Schedule")]
    public void AnActorIsShownAsAPersonOrAWordForThePortal(string language, string? actor, string expected)
    {
        using var culture = new CultureScope(language);

        Assert.Equal(expected, ActorDisplay.Text(L, actor));
    }

    [Fact]
    public void ABareEmailIsLeftToBeLookedUpAmongTheAccounts()
    {
        Assert.Null(ActorDisplay.Text(L, "head@demo.loyalty"));
        Assert.Equal("head@demo.loyalty", ActorDisplay.Email("head@demo.loyalty"));
        Assert.Equal("admin@demo.loyalty", ActorDisplay.Email("Анна Администратор (admin@demo.loyalty)"));
        Assert.Null(ActorDisplay.Email("system:bonuses"));
    }
}
