using System.Globalization;
using Loyalty.Core.Data;
using Loyalty.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Core.Cabinet;

/// <summary>
/// Each promoter that signs in to the cabinet has a real Identity user: no password, role <see cref="Roles.Promoter"/>,
/// linked by <see cref="AppUser.PromoterId"/> (and the claim <see cref="UserClaims.PromoterIdType"/>), so the cookie,
/// the security-stamp check and sign-out work as for staff. Its e-mail is a reserved, undeliverable
/// <c>promoter-{id}@cabinet.invalid</c>: Identity wants a unique one, and a promoter's real address may be a staff user's.
/// Staff pages never list these users (<see cref="UserAdministration"/>).
/// </summary>
public sealed class CabinetAccounts(IServiceScopeFactory scopes, TimeProvider time)
{
    private static readonly SemaphoreSlim CreateLock = new(1, 1);

    public static string AccountEmail(long promoterId) => string.Create(CultureInfo.InvariantCulture, $"promoter-{promoterId}@cabinet.invalid");

    /// <summary>The promoter's cabinet user, made on its first sign-in; its display name follows the contact's.</summary>
    public async Task<AppUser> EnsureUserAsync(long promoterId, CancellationToken ct = default)
    {
        await CreateLock.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LoyaltyDbContext>();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var name = await (from p in db.Promoters
                              join c in db.Contacts on p.ContactId equals c.Id into contacts
                              from c in contacts.DefaultIfEmpty()
                              where p.Id == promoterId
                              select c == null ? null : (c.FirstName + " " + c.LastName).Trim()).FirstOrDefaultAsync(ct);
            var displayName = string.IsNullOrWhiteSpace(name) ? AccountEmail(promoterId) : name;
            displayName = displayName.Length > AccountLimits.DisplayNameMaxLength ? displayName[..AccountLimits.DisplayNameMaxLength] : displayName;
            var user = await db.Users.FirstOrDefaultAsync(u => u.PromoterId == promoterId, ct);
            if (user is null)
            {
                user = new AppUser
                {
                    UserName = AccountEmail(promoterId),
                    Email = AccountEmail(promoterId),
                    EmailConfirmed = true,
                    DisplayName = displayName,
                    PromoterId = promoterId,
                    CreatedAtUtc = time.GetUtcNow().UtcDateTime,
                };
                Check(await users.CreateAsync(user));
                Check(await users.AddToRoleAsync(user, Roles.Promoter));
            }
            else if (user.DisplayName != displayName)
            {
                user = await users.FindByIdAsync(user.Id) ?? user;
                user.DisplayName = displayName;
                Check(await users.UpdateAsync(user));
            }

            return user;
        }
        finally
        {
            CreateLock.Release();
        }
    }

    /// <summary>Ends the promoter's open cabinet sessions (at their next stamp check): used when it is switched off.</summary>
    public async Task EndSessionsAsync(long promoterId, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoyaltyDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await db.Users.AsNoTracking().Where(u => u.PromoterId == promoterId).Select(u => u.Id).FirstOrDefaultAsync(ct) is { } id
            && await users.FindByIdAsync(id) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("The promoter's cabinet account could not be saved: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
