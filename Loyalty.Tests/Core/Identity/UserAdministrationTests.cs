using Loyalty.Core.Identity;
using Loyalty.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Core.Identity;

/// <summary>What administrators do to accounts, on a real SQLite database seeded with the three demo accounts.</summary>
public sealed class UserAdministrationTests : IAsyncLifetime
{
    private readonly PortalFactory _portal = new();
    private UserAdministration _users = default!;

    public Task InitializeAsync()
    {
        _users = _portal.Services.GetRequiredService<UserAdministration>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task ANewUserCanSignInWithTheRolesGiven()
    {
        var result = await _users.CreateAsync(new NewUser(" Irina@Example.ru ", "Ирина", "Strong-Pass-1", [Roles.SalesHead, Roles.Accountant]));

        Assert.True(result.Succeeded);
        var row = (await _users.ListAsync(new UserQuery(Search: "irina"))).Rows.Single();
        Assert.Equal("Irina@Example.ru", row.Email);
        Assert.Equal([Roles.Accountant, Roles.SalesHead], row.Roles);
        await using var scope = _portal.Services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.True(await manager.CheckPasswordAsync((await manager.FindByEmailAsync("irina@example.ru"))!, "Strong-Pass-1"));
    }

    [Fact]
    public async Task ASecondAccountWithTheSameEmailIsRefused()
    {
        var result = await _users.CreateAsync(new NewUser("HEAD@demo.loyalty", "Двойник", "Strong-Pass-1", [Roles.SalesHead]));

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Code is "DuplicateEmail" or "DuplicateUserName");
        Assert.Equal(3, (await _users.ListAsync(new UserQuery())).Total);
    }

    [Fact]
    public async Task AUserNeedsAtLeastOneKnownRole()
    {
        Assert.Equal(UserAdministration.NoRole, (await _users.CreateAsync(new NewUser("x@example.ru", "X", "Strong-Pass-1", []))).Errors.Single().Code);
        Assert.Equal(UserAdministration.UnknownRole, (await _users.CreateAsync(new NewUser("x@example.ru", "X", "Strong-Pass-1", ["Root"]))).Errors.Single().Code);
        Assert.Equal(3, (await _users.ListAsync(new UserQuery())).Total);
    }

    [Fact]
    public async Task TheLastActiveAdministratorCannotLoseTheRoleOrBeLocked()
    {
        var admin = await IdAsync("admin@demo.loyalty");
        var head = await IdAsync("head@demo.loyalty");

        Assert.Equal(UserAdministration.LastAdministrator, (await _users.SetRolesAsync(admin, [Roles.SalesHead])).Errors.Single().Code);
        Assert.Equal(UserAdministration.LastAdministrator, (await _users.SetLockedAsync(admin, true, head)).Errors.Single().Code);

        // With a second administrator, the first may step down.
        Assert.True((await _users.SetRolesAsync(head, [Roles.SalesHead, Roles.Administrator])).Succeeded);
        Assert.True((await _users.SetRolesAsync(admin, [Roles.Accountant])).Succeeded);
        Assert.Equal([Roles.Accountant], (await _users.ListAsync(new UserQuery(Search: "admin@demo"))).Rows.Single().Roles);
    }

    [Fact]
    public async Task NobodyLocksTheirOwnAccount()
    {
        var admin = await IdAsync("admin@demo.loyalty");

        Assert.Equal(UserAdministration.CannotLockYourself, (await _users.SetLockedAsync(admin, true, admin)).Errors.Single().Code);
    }

    [Fact]
    public async Task LockingEndsSignInUntilUnlocked()
    {
        var admin = await IdAsync("admin@demo.loyalty");
        var accountant = await IdAsync("accountant@demo.loyalty");

        Assert.True((await _users.SetLockedAsync(accountant, true, admin)).Succeeded);
        Assert.True((await _users.ListAsync(new UserQuery(Search: "accountant"))).Rows.Single().IsLockedOut);
        Assert.Equal(1, (await _users.CountAsync()).Locked);

        Assert.True((await _users.SetLockedAsync(accountant, false, admin)).Succeeded);
        Assert.False((await _users.ListAsync(new UserQuery(Search: "accountant"))).Rows.Single().IsLockedOut);
    }

    [Fact]
    public async Task APasswordResetClearsALockoutFromFailedSignInsButNotOneSetByAnAdministrator()
    {
        var head = await IdAsync("head@demo.loyalty");
        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            var manager = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await manager.FindByIdAsync(head))!;
            await manager.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddMinutes(15));
        }

        Assert.True((await _users.ResetPasswordAsync(head, "Brand-New-Pass-2")).Succeeded);
        Assert.False((await _users.ListAsync(new UserQuery(Search: "head@"))).Rows.Single().IsLockedOut);

        Assert.True((await _users.SetLockedAsync(head, true, await IdAsync("admin@demo.loyalty"))).Succeeded);
        Assert.True((await _users.ResetPasswordAsync(head, "Brand-New-Pass-3")).Succeeded);
        Assert.True((await _users.ListAsync(new UserQuery(Search: "head@"))).Rows.Single().IsLockedOut);
    }

    [Fact]
    public async Task AWeakPasswordIsRefusedWithIdentitysCodes()
    {
        var result = await _users.ResetPasswordAsync(await IdAsync("head@demo.loyalty"), "abc");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Code == "PasswordTooShort");
    }

    [Fact]
    public async Task OverlongPasswordsEmailsAndNamesAreRefusedWithTheirCodes()
    {
        var atLimit = "Aa1!" + new string('x', AccountLimits.PasswordMaxLength - 4);
        var longPassword = atLimit + "x";
        var longEmail = new string('a', AccountLimits.EmailMaxLength - "@example.ru".Length + 1) + "@example.ru";

        Assert.Contains((await _users.ResetPasswordAsync(await IdAsync("head@demo.loyalty"), longPassword)).Errors, e => e.Code == AccountLimits.PasswordTooLong);
        Assert.Contains((await _users.CreateAsync(new NewUser("long@example.ru", "Длинный", longPassword, [Roles.Accountant]))).Errors, e => e.Code == AccountLimits.PasswordTooLong);
        Assert.Equal(AccountLimits.EmailTooLong, (await _users.CreateAsync(new NewUser(longEmail, "Длинный", "Strong-Pass-1", [Roles.Accountant]))).Errors.Single().Code);
        Assert.Equal(AccountLimits.DisplayNameTooLong, (await _users.CreateAsync(new NewUser("name@example.ru", new string('Я', 101), "Strong-Pass-1", [Roles.Accountant]))).Errors.Single().Code);
        Assert.Equal(3, (await _users.ListAsync(new UserQuery())).Total);

        // At the limits exactly, everything is accepted.
        Assert.True((await _users.CreateAsync(new NewUser(longEmail[1..], new string('Я', 100), atLimit, [Roles.Accountant]))).Succeeded);
    }

    [Fact]
    public async Task TheListFiltersByRoleSortsAndPagesInTheDatabase()
    {
        for (var i = 0; i < 12; i++)
        {
            Assert.True((await _users.CreateAsync(new NewUser($"user{i:00}@example.ru", $"Пользователь {i:00}", "Strong-Pass-1", [Roles.Accountant]))).Succeeded);
        }

        var accountants = await _users.ListAsync(new UserQuery(Role: Roles.Accountant, Sort: UserSort.Email, Take: 10));
        Assert.Equal(13, accountants.Total);
        Assert.Equal(10, accountants.Rows.Count);
        Assert.Equal("accountant@demo.loyalty", accountants.Rows[0].Email);

        var lastPage = await _users.ListAsync(new UserQuery(Role: Roles.Accountant, Sort: UserSort.Email, Descending: true, Skip: 12, Take: 10));
        Assert.Equal("accountant@demo.loyalty", lastPage.Rows.Single().Email);

        var byName = await _users.ListAsync(new UserQuery(Search: "пользователь 1", Sort: UserSort.DisplayName));
        Assert.Equal(Enumerable.Range(10, 2).Select(i => $"user{i}@example.ru"), byName.Rows.Select(r => r.Email));

        var counts = await _users.CountAsync();
        Assert.Equal(15, counts.Total);
        Assert.Equal(13, counts.PerRole[Roles.Accountant]);
        Assert.Equal(1, counts.PerRole[Roles.Administrator]);
    }

    private async Task<string> IdAsync(string email) =>
        (await _users.ListAsync(new UserQuery(Search: email))).Rows.Single().Id;
}
