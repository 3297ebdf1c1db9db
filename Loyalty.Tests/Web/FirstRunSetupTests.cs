using System.Net;
using Loyalty.Core.Identity;
using Loyalty.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Web;

/// <summary>Against a real portal (Webhook mode) there are no demo accounts: the first visitor creates the administrator.</summary>
public sealed class FirstRunSetupTests
{
    private static PortalFactory RealPortal() => new()
    {
        Settings =
        {
            ["Bitrix24:Mode"] = "Webhook",
            ["Bitrix24:WebhookUrl"] = "https://example.bitrix24.ru/rest/1/abc123/",
        },
    };

    [Fact]
    public async Task WithoutAnyAccountEveryPageLeadsToSetupAndSetupDisappearsAfterwards()
    {
        await using var portal = RealPortal();
        using var client = FormClient.For(portal);

        var home = await client.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/setup", home.Headers.Location?.OriginalString);
        var login = await client.Http.GetAsync("/Account/Login");
        Assert.Equal("/setup", login.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/health")).StatusCode);

        var created = await client.SubmitAsync("/setup", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Мария Первая",
            ["Input.Email"] = "maria@example.ru",
            ["Input.Password"] = "First-Admin-1",
            ["Input.ConfirmPassword"] = "First-Admin-1",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);

        // Signed in as the new administrator, who may open the Users page.
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/admin/users")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/setup")).StatusCode);
        Assert.Null(await FindAsync(portal, DemoAccounts.All[0].Email));
    }

    [Fact]
    public async Task SetupShowsWhatIsWrongAndCreatesNothing()
    {
        await using var portal = RealPortal();
        using var client = FormClient.For(portal);

        var response = await client.SubmitAsync("/setup", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "",
            ["Input.Email"] = "not-an-email",
            ["Input.Password"] = "short",
            ["Input.ConfirmPassword"] = "other",
        });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Введите имя.", html);
        Assert.Contains("Это не адрес электронной почты.", html);
        Assert.Contains("Пароли не совпадают.", html);
        Assert.False(await portal.Services.GetRequiredService<UserAdministration>().AnyUserAsync());

        var weak = await client.SubmitAsync("/setup", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Мария",
            ["Input.Email"] = "maria@example.ru",
            ["Input.Password"] = "short",
            ["Input.ConfirmPassword"] = "short",
        });
        Assert.Contains("Пароль должен быть не короче 8 символов.", await weak.Content.ReadAsStringAsync());
        Assert.False(await portal.Services.GetRequiredService<UserAdministration>().AnyUserAsync());
    }

    [Fact]
    public async Task ConcurrentSetupsCreateExactlyOneAdministrator()
    {
        await using var portal = RealPortal();
        var administration = portal.Services.GetRequiredService<UserAdministration>();

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            administration.CreateFirstAdministratorAsync($"admin{i}@example.ru", $"Admin {i}", "First-Admin-1")));

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(UserAdministration.SetupAlreadyDone, r.Errors.Single().Code));
        var page = await administration.ListAsync(new UserQuery());
        Assert.Equal(1, page.Total);
        Assert.Equal([Roles.Administrator], page.Rows.Single().Roles);
    }

    private static async Task<AppUser?> FindAsync(PortalFactory portal, string email)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>().FindByEmailAsync(email);
    }
}
