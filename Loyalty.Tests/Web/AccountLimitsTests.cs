using System.Net;
using Loyalty.Core.Identity;
using Loyalty.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Web;

/// <summary>The static account forms show their length limits and refuse longer input with a message, whatever a client sends.</summary>
public sealed class AccountLimitsTests
{
    private static readonly string LongPassword = "Aa1!" + new string('x', AccountLimits.PasswordMaxLength - 3);

    [Fact]
    public async Task FirstRunSetupShowsTheLimitsAndRefusesLongerInput()
    {
        await using var portal = new PortalFactory
        {
            Settings = { ["Bitrix24:Mode"] = "Webhook", ["Bitrix24:WebhookUrl"] = "https://example.bitrix24.ru/rest/1/abc123/" },
        };
        using var client = FormClient.For(portal);

        var form = await client.Http.GetStringAsync("/setup");
        Assert.Contains("maxlength=\"100\"", form, StringComparison.Ordinal);
        Assert.Contains("maxlength=\"256\"", form, StringComparison.Ordinal);
        Assert.Contains("maxlength=\"128\"", form, StringComparison.Ordinal);
        Assert.Contains("От 8 до 128 символов", form, StringComparison.Ordinal);

        var response = await client.SubmitAsync("/setup", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = new string('Я', 101),
            ["Input.Email"] = new string('a', 250) + "@example.ru",
            ["Input.Password"] = LongPassword,
            ["Input.ConfirmPassword"] = LongPassword,
        });
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Contains("Имя должно быть не длиннее 100 символов.", html, StringComparison.Ordinal);
        Assert.Contains("Адрес электронной почты должен быть не длиннее 256 символов.", html, StringComparison.Ordinal);
        Assert.Contains("Пароль должен быть не длиннее 128 символов.", html, StringComparison.Ordinal);
        Assert.False(await portal.Services.GetRequiredService<UserAdministration>().AnyUserAsync());
    }

    [Fact]
    public async Task APasswordChangeRefusesALongerPasswordAndTheSignInFormShowsItsLimits()
    {
        await using var portal = new PortalFactory();
        var head = DemoAccounts.All.Single(d => d.Role == Roles.SalesHead);
        using var client = FormClient.For(portal);

        var login = await client.Http.GetStringAsync("/Account/Login");
        Assert.Contains("maxlength=\"256\"", login, StringComparison.Ordinal);
        Assert.Contains("maxlength=\"128\"", login, StringComparison.Ordinal);

        await client.SignInAsync(head.Email, head.Password);
        var response = await client.SubmitAsync("/Account/Manage", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = head.Password,
            ["Input.NewPassword"] = LongPassword,
            ["Input.ConfirmPassword"] = LongPassword,
        });
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Contains("Пароль должен быть не длиннее 128 символов.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"password-changed\"", html, StringComparison.Ordinal);
        using var again = FormClient.For(portal);
        Assert.Equal(HttpStatusCode.Redirect, (await again.SignInAsync(head.Email, head.Password)).StatusCode);
    }
}
