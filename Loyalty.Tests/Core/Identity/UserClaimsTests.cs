using System.Security.Claims;
using Loyalty.Core.Identity;

namespace Loyalty.Tests.Core.Identity;

public sealed class UserClaimsTests
{
    [Theory]
    [InlineData("Анна Администратор", "АА")]
    [InlineData("анна администратор", "АА")]
    [InlineData("Анна Мария Иванова", "АМ")]
    [InlineData("admin@demo.loyalty", "AD")]
    [InlineData("Анна", "А")]
    [InlineData("", "")]
    [InlineData("   ", "")]
    public void InitialsAreTheCapitalisedFirstLettersOfUpToTwoWords(string name, string expected)
    {
        Assert.Equal(expected, UserClaims.Initials(name));
    }

    [Fact]
    public void InitialsOfAUserComeFromTheDisplayNameClaim()
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "admin@demo.loyalty"), new Claim(UserClaims.DisplayNameType, "Борис Продажин")],
            "Test"));

        Assert.Equal("БП", UserClaims.Initials(user));
    }

    [Fact]
    public void InitialsOfAUserWithoutDisplayNameComeFromTheUserName()
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "sales@demo.loyalty")], "Test"));

        Assert.Equal("SD", UserClaims.Initials(user));
    }
}
