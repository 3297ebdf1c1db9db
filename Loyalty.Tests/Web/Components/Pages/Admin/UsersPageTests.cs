using AngleSharp.Dom;
using Bunit;
using Loyalty.Core.Identity;
using Loyalty.Core.Portal;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Pages.Admin;
using Loyalty.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace Loyalty.Tests.Web.Components.Pages.Admin;

/// <summary>
/// The users page with its dialogs, on the real portal's identity over a temporary SQLite file (the three demo
/// accounts): "add a user" and "reset a password" open their dialogs, complete them, and the account works.
/// </summary>
public sealed class UsersPageTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly PortalFactory _portal = new();
    private BunitContext _ctx = default!;
    private IRenderedComponent<MudDialogProvider> _dialogs = default!;
    private IRenderedComponent<MudPopoverProvider> _popovers = default!;

    public Task InitializeAsync()
    {
        _ctx = new BunitContext();
        _ctx.AddPortalServices();
        _ctx.Services.AddSingleton(_portal.Services.GetRequiredService<UserAdministration>());
        _ctx.Services.AddSingleton(_portal.Services.GetRequiredService<PortalClock>());
        _ctx.Services.AddSingleton(_portal.Services.GetRequiredService<IOptions<IdentityOptions>>());
        _ctx.Services.AddScoped<IdentityErrorText>();
        _dialogs = _ctx.Render<MudDialogProvider>();
        _popovers = _ctx.Render<MudPopoverProvider>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await _portal.DisposeAsync();
    }

    [Fact]
    public async Task AddingAUserOpensTheDialogAndTheNewUserCanSignIn()
    {
        using var culture = new CultureScope("ru");
        var cut = OpenPage();

        // The page's handler waits for the dialog's result, so the click completes only once the dialog closes.
        var adding = cut.Find("[data-testid=users-add]").ClickAsync(new());
        _dialogs.WaitForElement("[data-testid=new-user-dialog]", Deadline);
        Input(_dialogs, "new-user-email").Change("irina@example.ru");
        Input(_dialogs, "new-user-name").Change("Ирина Новикова");
        Input(_dialogs, "role-SalesHead").Change(true);
        Input(_dialogs, "password-field").Change("Strong-Pass-1");
        await _dialogs.Find("[data-testid=new-user-save]").ClickAsync(new());

        _dialogs.WaitForAssertion(() => Assert.Empty(_dialogs.FindAll("[data-testid=new-user-dialog]")), Deadline);
        await adding.WaitAsync(Deadline);
        cut.WaitForAssertion(() => Assert.Contains("irina@example.ru", cut.Markup, StringComparison.Ordinal), Deadline);
        Assert.Contains(_ctx.Services.GetRequiredService<ISnackbar>().ShownSnackbars, s => s.Message?.Contains("irina@example.ru", StringComparison.Ordinal) == true);
        var row = (await Users.ListAsync(new UserQuery(Search: "irina"))).Rows.Single();
        Assert.Equal("Ирина Новикова", row.DisplayName);
        Assert.Equal([Roles.SalesHead], row.Roles);
        Assert.True(await PasswordIsAsync("irina@example.ru", "Strong-Pass-1"));
    }

    [Fact]
    public async Task ResettingAPasswordOpensTheDialogAndTheNewPasswordWorks()
    {
        using var culture = new CultureScope("ru");
        var cut = OpenPage();

        var resetting = await OpenResetDialogAsync(cut, "head@demo.loyalty");
        Assert.Contains("head@demo.loyalty", _dialogs.Find("[data-testid=reset-password-dialog]").TextContent, StringComparison.Ordinal);
        Input(_dialogs, "password-field").Change("Brand-New-Pass-7");
        await _dialogs.Find("[data-testid=reset-password-save]").ClickAsync(new());

        _dialogs.WaitForAssertion(() => Assert.Empty(_dialogs.FindAll("[data-testid=reset-password-dialog]")), Deadline);
        await resetting.WaitAsync(Deadline);
        Assert.Contains(_ctx.Services.GetRequiredService<ISnackbar>().ShownSnackbars, s => s.Message?.Contains("Сергей Руководитель", StringComparison.Ordinal) == true);
        Assert.True(await PasswordIsAsync("head@demo.loyalty", "Brand-New-Pass-7"));
        Assert.False(await PasswordIsAsync("head@demo.loyalty", DemoAccounts.All.Single(d => d.Email == "head@demo.loyalty").Password));
    }

    [Fact]
    public async Task ThePasswordFieldShowsItsLimitAndATooLongPasswordIsRefusedWithAClearMessage()
    {
        using var culture = new CultureScope("ru");
        var cut = OpenPage();
        var resetting = await OpenResetDialogAsync(cut, "head@demo.loyalty");

        var field = Input(_dialogs, "password-field");
        Assert.Equal("128", field.GetAttribute("maxlength"));
        Assert.Equal("new-password", field.GetAttribute("autocomplete"));
        Assert.Contains("От 8 до 128 символов", _dialogs.Find("[data-testid=reset-password-dialog]").TextContent, StringComparison.Ordinal);

        // A browser stops at maxlength; a hand-made request does not, so Core refuses it too.
        field.Change("Aa1!" + new string('x', 125));
        await _dialogs.Find("[data-testid=reset-password-save]").ClickAsync(new());

        _dialogs.WaitForAssertion(
            () => Assert.Contains("Пароль должен быть не длиннее 128 символов.", _dialogs.Find("[data-testid=reset-password-dialog]").TextContent, StringComparison.Ordinal),
            Deadline);
        Assert.True(await PasswordIsAsync("head@demo.loyalty", DemoAccounts.All.Single(d => d.Email == "head@demo.loyalty").Password));
        await CancelAsync(resetting);
    }

    [Fact]
    public async Task TheNewUserDialogShowsTheLimitsAndRefusesATooLongName()
    {
        using var culture = new CultureScope("ru");
        var cut = OpenPage();
        var adding = cut.Find("[data-testid=users-add]").ClickAsync(new());
        _dialogs.WaitForElement("[data-testid=new-user-dialog]", Deadline);

        Assert.Equal("256", Input(_dialogs, "new-user-email").GetAttribute("maxlength"));
        Assert.Equal("100", Input(_dialogs, "new-user-name").GetAttribute("maxlength"));
        Input(_dialogs, "new-user-email").Change("long@example.ru");
        Input(_dialogs, "new-user-name").Change(new string('Я', 101));
        Input(_dialogs, "role-Accountant").Change(true);
        await _dialogs.Find("[data-testid=new-user-save]").ClickAsync(new());

        _dialogs.WaitForAssertion(
            () => Assert.Contains("Имя должно быть не длиннее 100 символов.", _dialogs.Find("[data-testid=new-user-dialog]").TextContent, StringComparison.Ordinal),
            Deadline);
        Assert.Empty((await Users.ListAsync(new UserQuery(Search: "long@"))).Rows);
        await CancelAsync(adding);
    }

    private UserAdministration Users => _portal.Services.GetRequiredService<UserAdministration>();

    private IRenderedComponent<CascadingValue<Task<AuthenticationState>>> OpenPage()
    {
        var cut = _ctx.RenderAs<UsersPage>(Principals.SignedIn(Roles.Administrator));
        cut.WaitForAssertion(() => Assert.Contains("head@demo.loyalty", cut.Markup, StringComparison.Ordinal), Deadline);
        return cut;
    }

    /// <summary>Opens the row's menu and picks "reset password"; the returned click completes when the dialog closes.</summary>
    private async Task<Task> OpenResetDialogAsync<TComponent>(IRenderedComponent<TComponent> cut, string email)
        where TComponent : IComponent
    {
        await cut.Find($"[data-testid='user-actions-{email}'] button").ClickAsync(new());
        _popovers.WaitForElement("[data-testid=user-reset-password]", Deadline);
        var picked = _popovers.Find("[data-testid=user-reset-password]").ClickAsync(new());
        _dialogs.WaitForElement("[data-testid=reset-password-dialog]", Deadline);
        return picked;
    }

    /// <summary>Closes an open dialog with its Cancel button and waits for the click that opened it.</summary>
    private async Task CancelAsync(Task opening)
    {
        await _dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Отмена").ClickAsync(new());
        await opening.WaitAsync(Deadline);
    }

    private async Task<bool> PasswordIsAsync(string email, string password)
    {
        await using var scope = _portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return await users.CheckPasswordAsync((await users.FindByEmailAsync(email))!, password);
    }

    private static IElement Input<TComponent>(IRenderedComponent<TComponent> cut, string testId)
        where TComponent : IComponent =>
        cut.Find($"[data-testid={testId}]") is { TagName: "INPUT" } input ? input : cut.Find($"[data-testid={testId}] input");
}
