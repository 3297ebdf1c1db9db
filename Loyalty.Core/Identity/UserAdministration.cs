using Loyalty.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Core.Identity;

public sealed record UserRow(
    string Id, string Email, string DisplayName, IReadOnlyList<string> Roles,
    bool IsLockedOut, DateTime? LockoutEndUtc, DateTime CreatedAtUtc, DateTime? LastSignInAtUtc);

public enum UserSort
{
    Email,
    DisplayName,
    CreatedAt,
    LastSignIn,
}

public sealed record UserQuery(
    string? Search = null, string? Role = null, UserSort Sort = UserSort.Email, bool Descending = false, int Skip = 0, int Take = 25);

public sealed record UserPage(IReadOnlyList<UserRow> Rows, int Total);

public sealed record UserCounts(int Total, int Locked, IReadOnlyDictionary<string, int> PerRole);

public sealed record NewUser(string Email, string DisplayName, string Password, IReadOnlyCollection<string> Roles);

/// <summary>
/// What administrators do to accounts (and what the first-run setup does). Every operation runs in a
/// scope of its own, so a Blazor circuit never holds a DbContext or a UserManager for its lifetime.
/// Errors come back as <see cref="IdentityError"/> codes the UI translates.
/// </summary>
public sealed class UserAdministration(IServiceScopeFactory scopes, TimeProvider time)
{
    public const string LastAdministrator = nameof(LastAdministrator);
    public const string CannotLockYourself = nameof(CannotLockYourself);
    public const string UserNotFound = nameof(UserNotFound);
    public const string SetupAlreadyDone = nameof(SetupAlreadyDone);
    public const string UnknownRole = nameof(UnknownRole);
    public const string NoRole = nameof(NoRole);

    private static readonly SemaphoreSlim SetupLock = new(1, 1);

    public async Task<bool> AnyUserAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LoyaltyDbContext>().Users.AnyAsync(u => u.PromoterId == null, ct);
    }

    public async Task<bool> PrefersDarkThemeAsync(string userId, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoyaltyDbContext>();
        return await db.Users.Where(u => u.Id == userId).Select(u => u.PrefersDarkTheme).FirstOrDefaultAsync(ct);
    }

    public async Task SetDarkThemeAsync(string userId, bool dark, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoyaltyDbContext>();
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.PrefersDarkTheme, dark), ct);
    }

    public async Task RecordSignInAsync(string userId, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoyaltyDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(
            u => u.SetProperty(x => x.PreviousSignInAtUtc, x => x.LastSignInAtUtc).SetProperty(x => x.LastSignInAtUtc, now), ct);
    }

    public async Task<DateTime?> PreviousSignInAsync(string userId, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoyaltyDbContext>();
        return await db.Users.Where(u => u.Id == userId).Select(u => u.PreviousSignInAtUtc).FirstOrDefaultAsync(ct);
    }

    /// <summary>Counts for the dashboard: users per role and how many are locked.</summary>
    public async Task<UserCounts> CountAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoyaltyDbContext>();
        var now = time.GetUtcNow();
        var staff = db.Users.Where(u => u.PromoterId == null);
        var total = await staff.CountAsync(ct);
        // SQLite cannot compare DateTimeOffset in SQL: lockout ends are few, so they are compared here.
        var lockoutEnds = await staff.Where(u => u.LockoutEnd != null).Select(u => u.LockoutEnd!.Value).ToListAsync(ct);
        var perRole = await db.UserRoles.Join(db.Roles.Where(r => r.Name != Roles.Promoter), ur => ur.RoleId, r => r.Id, (_, r) => r.Name!)
            .GroupBy(name => name).Select(g => new { Role = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Role, g => g.Count, ct);
        return new UserCounts(total, lockoutEnds.Count(end => end > now), perRole);
    }

    public async Task<UserPage> ListAsync(UserQuery query, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoyaltyDbContext>();

        // Promoters' cabinet accounts are no staff users: never listed, never administered here.
        var users = db.Users.AsNoTracking().Where(u => u.PromoterId == null);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = $"%{query.Search.Trim().ToUpperInvariant()}%";
            users = users.Where(u => EF.Functions.Like(u.NormalizedEmail!, pattern) || EF.Functions.Like(u.NormalizedDisplayName, pattern));
        }

        if (!string.IsNullOrEmpty(query.Role))
        {
            users = users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == query.Role)));
        }

        var total = await users.CountAsync(ct);
        IOrderedQueryable<AppUser> ordered = (query.Sort, query.Descending) switch
        {
            (UserSort.DisplayName, false) => users.OrderBy(u => u.NormalizedDisplayName),
            (UserSort.DisplayName, true) => users.OrderByDescending(u => u.NormalizedDisplayName),
            (UserSort.CreatedAt, false) => users.OrderBy(u => u.CreatedAtUtc),
            (UserSort.CreatedAt, true) => users.OrderByDescending(u => u.CreatedAtUtc),
            (UserSort.LastSignIn, false) => users.OrderBy(u => u.LastSignInAtUtc),
            (UserSort.LastSignIn, true) => users.OrderByDescending(u => u.LastSignInAtUtc),
            (_, false) => users.OrderBy(u => u.NormalizedEmail),
            (_, true) => users.OrderByDescending(u => u.NormalizedEmail),
        };

        var page = await ordered.ThenBy(u => u.Id).Skip(query.Skip).Take(query.Take)
            .Select(u => new
            {
                u.Id, u.Email, u.DisplayName, u.LockoutEnd, u.CreatedAtUtc, u.LastSignInAtUtc,
                Roles = db.UserRoles.Where(ur => ur.UserId == u.Id)
                    .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToList(),
            })
            .ToListAsync(ct);

        var now = time.GetUtcNow();
        var rows = page.Select(u => new UserRow(
            u.Id, u.Email ?? "", u.DisplayName, u.Roles.Order().ToList(),
            u.LockoutEnd > now, u.LockoutEnd?.UtcDateTime, u.CreatedAtUtc, u.LastSignInAtUtc)).ToList();
        return new UserPage(rows, total);
    }

    public async Task<IdentityResult> CreateAsync(NewUser user, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await CreateInScopeAsync(scope.ServiceProvider, user);
    }

    /// <summary>Creates the first administrator; refused once any account exists, even under concurrent requests.</summary>
    public async Task<IdentityResult> CreateFirstAdministratorAsync(string email, string displayName, string password, CancellationToken ct = default)
    {
        await SetupLock.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<LoyaltyDbContext>().Users.AnyAsync(u => u.PromoterId == null, ct))
            {
                return Failed(SetupAlreadyDone, "The first administrator already exists.");
            }

            return await CreateInScopeAsync(scope.ServiceProvider, new NewUser(email, displayName, password, [Roles.Administrator]));
        }
        finally
        {
            SetupLock.Release();
        }
    }

    public async Task<IdentityResult> SetRolesAsync(string userId, IReadOnlyCollection<string> roles, CancellationToken ct = default)
    {
        if (roles.Count == 0)
        {
            return Failed(NoRole, "A user needs at least one role.");
        }

        if (roles.Except(Roles.All).Any())
        {
            return Failed(UnknownRole, $"Unknown role: {string.Join(", ", roles.Except(Roles.All))}.");
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByIdAsync(userId) is not { PromoterId: null } user)
        {
            return Failed(UserNotFound, "The user no longer exists.");
        }

        var current = await users.GetRolesAsync(user);
        if (current.Contains(Roles.Administrator) && !roles.Contains(Roles.Administrator)
            && await OtherActiveAdministratorsAsync(users, user) == 0)
        {
            return Failed(LastAdministrator, "The last active administrator cannot lose that role.");
        }

        var removed = await users.RemoveFromRolesAsync(user, current.Except(roles));
        if (!removed.Succeeded)
        {
            return removed;
        }

        var added = await users.AddToRolesAsync(user, roles.Except(current));
        // A changed role takes effect in open sessions at their next revalidation.
        return added.Succeeded ? await users.UpdateSecurityStampAsync(user) : added;
    }

    public async Task<IdentityResult> SetLockedAsync(string userId, bool locked, string actingUserId, CancellationToken ct = default)
    {
        if (locked && userId == actingUserId)
        {
            return Failed(CannotLockYourself, "You cannot lock your own account.");
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByIdAsync(userId) is not { PromoterId: null } user)
        {
            return Failed(UserNotFound, "The user no longer exists.");
        }

        if (locked && await users.IsInRoleAsync(user, Roles.Administrator) && await OtherActiveAdministratorsAsync(users, user) == 0)
        {
            return Failed(LastAdministrator, "The last active administrator cannot be locked.");
        }

        var result = await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null);
        if (result.Succeeded && !locked)
        {
            result = await users.ResetAccessFailedCountAsync(user);
        }

        // Locking signs the user out of open sessions at their next revalidation.
        return result.Succeeded && locked ? await users.UpdateSecurityStampAsync(user) : result;
    }

    public async Task<IdentityResult> ResetPasswordAsync(string userId, string newPassword, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByIdAsync(userId) is not { PromoterId: null } user)
        {
            return Failed(UserNotFound, "The user no longer exists.");
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, newPassword);
        if (result.Succeeded && user.LockoutEnd is { } end && end != DateTimeOffset.MaxValue)
        {
            // A reset clears a lockout caused by failed sign-ins, not one set by an administrator.
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
        }

        return result;
    }

    private async Task<IdentityResult> CreateInScopeAsync(IServiceProvider services, NewUser input)
    {
        if (input.Roles.Count == 0)
        {
            return Failed(NoRole, "A user needs at least one role.");
        }

        if (input.Roles.Except(Roles.All).Any())
        {
            return Failed(UnknownRole, $"Unknown role: {string.Join(", ", input.Roles.Except(Roles.All))}.");
        }

        var email = input.Email.Trim();
        if (email.Length > AccountLimits.EmailMaxLength)
        {
            return Failed(AccountLimits.EmailTooLong, $"An e-mail address has at most {AccountLimits.EmailMaxLength} characters.");
        }

        if (input.DisplayName.Trim().Length > AccountLimits.DisplayNameMaxLength)
        {
            return Failed(AccountLimits.DisplayNameTooLong, $"A name has at most {AccountLimits.DisplayNameMaxLength} characters.");
        }

        var users = services.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = string.IsNullOrWhiteSpace(input.DisplayName) ? email : input.DisplayName.Trim(),
            CreatedAtUtc = time.GetUtcNow().UtcDateTime,
        };

        var created = await users.CreateAsync(user, input.Password);
        return created.Succeeded ? await users.AddToRolesAsync(user, input.Roles) : created;
    }

    private async Task<int> OtherActiveAdministratorsAsync(UserManager<AppUser> users, AppUser except)
    {
        var now = time.GetUtcNow();
        var admins = await users.GetUsersInRoleAsync(Roles.Administrator);
        return admins.Count(a => a.Id != except.Id && !(a.LockoutEnd > now));
    }

    private static IdentityResult Failed(string code, string description) =>
        IdentityResult.Failed(new IdentityError { Code = code, Description = description });
}
