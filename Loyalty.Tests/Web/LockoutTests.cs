using System.Net;
using Loyalty.Core.Identity;
using Loyalty.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Web;

public sealed class LockoutTests
{
    [Fact]
    public async Task RepeatedWrongPasswordsLockTheAccountEvenAgainstTheRightPassword()
    {
        await using var portal = new PortalFactory { Settings = { ["Identity:MaxFailedSignIns"] = "3", ["Identity:LockoutMinutes"] = "10" } };
        var demo = DemoAccounts.All.Single(d => d.Role == Roles.SalesHead);
        using var client = FormClient.For(portal);

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var wrong = await client.SignInAsync(demo.Email, "wrong-password");
            Assert.Contains("Неверный адрес электронной почты или пароль.", await wrong.Content.ReadAsStringAsync());
        }

        var third = await client.SignInAsync(demo.Email, "wrong-password");
        Assert.Contains("Вход заблокирован до", await third.Content.ReadAsStringAsync());

        var right = await client.SignInAsync(demo.Email, demo.Password);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("Вход заблокирован до", await right.Content.ReadAsStringAsync());

        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(demo.Email);
        var end = await users.GetLockoutEndDateAsync(user!);
        Assert.InRange(end!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task AnAccountLockedByAnAdministratorSaysSo()
    {
        await using var portal = new PortalFactory();
        var demo = DemoAccounts.All.Single(d => d.Role == Roles.Accountant);
        var admin = DemoAccounts.All.Single(d => d.Role == Roles.Administrator);
        var administration = portal.Services.GetRequiredService<UserAdministration>();
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var target = await users.FindByEmailAsync(demo.Email);
            var actor = await users.FindByEmailAsync(admin.Email);
            Assert.True((await administration.SetLockedAsync(target!.Id, true, actor!.Id)).Succeeded);
        }

        using var client = FormClient.For(portal);
        var response = await client.SignInAsync(demo.Email, demo.Password);

        Assert.Contains("заблокирована администратором", await response.Content.ReadAsStringAsync());
    }
}
