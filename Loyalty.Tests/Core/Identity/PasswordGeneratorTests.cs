using Loyalty.Core;
using Loyalty.Core.Identity;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Loyalty.Tests.Core.Identity;

public sealed class PasswordGeneratorTests
{
    private const int Count = 200;

    [Theory]
    [InlineData(8)]
    [InlineData(14)]
    public async Task GeneratedPasswordsPassThePortalsIdentityPasswordRules(int length)
    {
        await using var services = PortalIdentityServices();
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var rules = users.Options.Password;
        Assert.Equal(8, rules.RequiredLength);
        Assert.True(rules.RequireDigit && rules.RequireLowercase && rules.RequireUppercase && rules.RequireNonAlphanumeric);

        var validator = new PasswordValidator<AppUser>();
        Assert.False((await validator.ValidateAsync(users, new AppUser(), "password1")).Succeeded, "the validator is live: a weak password fails");
        for (var i = 0; i < Count; i++)
        {
            var password = PasswordGenerator.Generate(length);
            var result = await validator.ValidateAsync(users, new AppUser(), password);
            Assert.True(result.Succeeded, $"\"{password}\": {string.Join("; ", result.Errors.Select(e => e.Code))}");
        }
    }

    [Fact]
    public void GeneratedPasswordsAreAllDifferent()
    {
        var passwords = Enumerable.Range(0, Count).Select(_ => PasswordGenerator.Generate()).ToList();

        Assert.Equal(Count, passwords.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void DefaultLengthIsFourteen()
    {
        Assert.Equal(14, PasswordGenerator.Generate().Length);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(32)]
    [InlineData(64)]
    public void RequestedLengthIsHonoured(int length)
    {
        Assert.All(Enumerable.Range(0, Count), _ => Assert.Equal(length, PasswordGenerator.Generate(length).Length));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(0)]
    [InlineData(-1)]
    public void LengthBelowEightIsRefused(int length)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PasswordGenerator.Generate(length));
    }

    /// <summary>
    /// Identity exactly as the portal registers it (<see cref="DependencyInjection.AddLoyaltyCore"/>), so the
    /// password options are the portal's own. The database file is never opened. Data protection,
    /// which the web app adds for the token providers, is ephemeral here.
    /// </summary>
    private static ServiceProvider PortalIdentityServices()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Path"] = Path.Combine(Path.GetTempPath(), $"loyalty-unused-{Guid.NewGuid():N}.db"),
        });
        builder.AddLoyaltyCore();
        builder.Services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        return builder.Services.BuildServiceProvider();
    }
}
