using System.Security.Claims;
using Bunit;
using Loyalty.Core.Data;
using Loyalty.Core.Gamification;
using Loyalty.Core.Identity;
using Loyalty.Core.Portal;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace Loyalty.Tests.Web.Components.Pages.Gamification;

/// <summary>The gamification settings pages' shared set-up: a real SQLite database, the real Core services, an administrator.</summary>
internal static class GamificationPages
{
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    public static void AddServices(BunitContext ctx, TestDatabase database)
    {
        ctx.AddPortalServices();
        ctx.Services.AddTransient<MudLocalizer, PortalMudLocalizer>();
        ctx.Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        ctx.Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        var time = new ManualTimeProvider(Now);
        ctx.Services.AddSingleton<IDbContextFactory<LoyaltyDbContext>>(database);
        ctx.Services.AddSingleton<TimeProvider>(time);
        ctx.Services.AddSingleton(new PortalClock(Options.Create(new PortalOptions()), time));
        ctx.Services.AddSingleton<PointRuleStore>();
        ctx.Services.AddSingleton<BadgeStore>();
        ctx.Services.AddSingleton<LeaderboardHub>();
        ctx.Services.AddSingleton<RatingCalculator>();
        ctx.Services.AddSingleton<GamificationQueries>();
    }

    /// <summary>Renders a page (with its route parameters) for an administrator, Анна Администратор.</summary>
    public static IRenderedComponent<CascadingValue<Task<AuthenticationState>>> Render<TPage>(BunitContext ctx, Action<ComponentParameterCollectionBuilder<TPage>>? parameters = null)
        where TPage : IComponent
    {
        var administrator = new ClaimsPrincipal(new ClaimsIdentity(
            [new(ClaimTypes.NameIdentifier, "admin-1"), new(ClaimTypes.Name, "admin@demo.loyalty"), new(ClaimTypes.Role, Roles.Administrator), new(UserClaims.DisplayNameType, "Анна Администратор")],
            Principals.AuthenticationType));
        return ctx.Render<CascadingValue<Task<AuthenticationState>>>(p => p
            .Add(c => c.Value, Task.FromResult(new AuthenticationState(administrator)))
            .AddChildContent(parameters ?? (_ => { })));
    }

    public static AngleSharp.Dom.IElement Input<TComponent>(IRenderedComponent<TComponent> cut, string testId)
        where TComponent : IComponent =>
        cut.Find($"[data-testid={testId}]") is { TagName: "INPUT" or "TEXTAREA" } input ? input : cut.Find($"[data-testid={testId}] input, [data-testid={testId}] textarea");

    /// <summary>The text around an input: its label, value and the error shown under it.</summary>
    public static string FieldText<TComponent>(IRenderedComponent<TComponent> cut, string testId)
        where TComponent : IComponent =>
        (cut.Find($"[data-testid={testId}]").Closest(".mud-input-control") ?? cut.Find($"[data-testid={testId}]")).TextContent;
}
