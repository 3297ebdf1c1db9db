using Microsoft.AspNetCore.Identity;

namespace Loyalty.Core.Identity;

/// <summary>
/// Lengths every account form shows and Core enforces. A password is capped because hashing a megabyte
/// costs a core; an e-mail at 256 is Identity's own column; a display name must fit a table cell.
/// </summary>
public static class AccountLimits
{
    public const int PasswordMinLength = 8;
    public const int PasswordMaxLength = 128;
    public const int EmailMaxLength = 256;
    public const int DisplayNameMaxLength = 100;

    public const string PasswordTooLong = nameof(PasswordTooLong);
    public const string EmailTooLong = nameof(EmailTooLong);
    public const string DisplayNameTooLong = nameof(DisplayNameTooLong);
}

/// <summary>Refuses passwords longer than <see cref="AccountLimits.PasswordMaxLength"/> wherever Identity sets one.</summary>
internal sealed class MaxLengthPasswordValidator : IPasswordValidator<AppUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password) =>
        Task.FromResult(password is { Length: > AccountLimits.PasswordMaxLength }
            ? IdentityResult.Failed(new IdentityError
            {
                Code = AccountLimits.PasswordTooLong,
                Description = $"A password has at most {AccountLimits.PasswordMaxLength} characters.",
            })
            : IdentityResult.Success);
}
