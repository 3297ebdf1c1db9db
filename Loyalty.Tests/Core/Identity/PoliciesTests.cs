using System.Security.Claims;
using Loyalty.Core.Identity;
using Loyalty.Tests.TestSupport;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Core.Identity;

/// <summary>The role → policy table, evaluated by the real <see cref="IAuthorizationService"/>.</summary>
public sealed class PoliciesTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddLogging()
        .AddAuthorizationCore(Policies.Register)
        .BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    [Theory]
    [InlineData(Roles.Administrator, Policies.SignedIn, true)]
    [InlineData(Roles.Administrator, Policies.Sales, true)]
    [InlineData(Roles.Administrator, Policies.Finance, true)]
    [InlineData(Roles.Administrator, Policies.Administration, true)]
    [InlineData(Roles.SalesHead, Policies.SignedIn, true)]
    [InlineData(Roles.SalesHead, Policies.Sales, true)]
    [InlineData(Roles.SalesHead, Policies.Finance, false)]
    [InlineData(Roles.SalesHead, Policies.Administration, false)]
    [InlineData(Roles.Accountant, Policies.SignedIn, true)]
    [InlineData(Roles.Accountant, Policies.Sales, false)]
    [InlineData(Roles.Accountant, Policies.Finance, true)]
    [InlineData(Roles.Accountant, Policies.Administration, false)]
    [InlineData(Roles.Administrator, Policies.Promoter, false)]
    [InlineData(Roles.SalesHead, Policies.Promoter, false)]
    [InlineData(Roles.Accountant, Policies.Promoter, false)]
    [InlineData(Roles.Promoter, Policies.Promoter, true)]
    [InlineData(Roles.Promoter, Policies.SignedIn, false)]
    [InlineData(Roles.Promoter, Policies.Sales, false)]
    [InlineData(Roles.Promoter, Policies.Finance, false)]
    [InlineData(Roles.Promoter, Policies.Administration, false)]
    public async Task SignedInRoleIsAdmittedExactlyToItsPolicies(string role, string policy, bool admitted)
    {
        Assert.Equal(admitted, await IsAdmitted(Principals.SignedIn(role), policy));
    }

    [Theory]
    [InlineData(Policies.SignedIn)]
    [InlineData(Policies.Sales)]
    [InlineData(Policies.Finance)]
    [InlineData(Policies.Administration)]
    [InlineData(Policies.Promoter)]
    public async Task UnauthenticatedVisitorIsRefusedEveryPolicy(string policy)
    {
        Assert.False(await IsAdmitted(Principals.Anonymous(), policy));
    }

    [Theory]
    [InlineData(Policies.SignedIn)]
    [InlineData(Policies.Sales)]
    [InlineData(Policies.Finance)]
    [InlineData(Policies.Administration)]
    [InlineData(Policies.Promoter)]
    public async Task UnauthenticatedIdentityIsRefusedEvenWhenItCarriesEveryRole(string policy)
    {
        var visitor = Principals.Anonymous(Roles.Administrator, Roles.SalesHead, Roles.Accountant, Roles.Promoter);

        Assert.False(await IsAdmitted(visitor, policy));
    }

    [Theory]
    [InlineData(Policies.SignedIn)]
    [InlineData(Policies.Sales)]
    [InlineData(Policies.Finance)]
    [InlineData(Policies.Administration)]
    [InlineData(Policies.Promoter)]
    public async Task SignedInUserWithoutRoleIsRefusedEveryPolicy(string policy)
    {
        Assert.False(await IsAdmitted(Principals.SignedIn(), policy));
    }

    [Fact]
    public void TheTableHasExactlyTheFivePoliciesCoveredAbove()
    {
        Assert.Equal(
            ["Administration", "Finance", "Promoter", "Sales", "SignedIn"],
            Policies.RolesByPolicy.Keys.Order(StringComparer.Ordinal));
    }

    private async Task<bool> IsAdmitted(ClaimsPrincipal user, string policy)
    {
        var authorization = _services.GetRequiredService<IAuthorizationService>();
        return (await authorization.AuthorizeAsync(user, policy)).Succeeded;
    }
}
