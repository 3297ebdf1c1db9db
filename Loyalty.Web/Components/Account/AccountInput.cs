using System.ComponentModel.DataAnnotations;

namespace Loyalty.Web.Components.Account;

internal static class AccountInput
{
    private static readonly EmailAddressAttribute Email = new();

    public static bool IsEmail(string value) => Email.IsValid(value.Trim()) && value.Trim().Contains('.', StringComparison.Ordinal);
}
