using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Loyalty.Core.Data;
using Loyalty.Core.Notifications;
using Loyalty.Core.Portal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Loyalty.Core.Cabinet;

public enum CabinetRequestOutcome
{
    /// <summary>The neutral answer: "if this address belongs to a promoter, we sent a code". Said for known and unknown addresses alike.</summary>
    Answered,

    /// <summary>Neither an e-mail address nor a phone number: said as such (it reveals nothing about who is a promoter).</summary>
    NotAnAddress,

    /// <summary>Too many requests for this address lately, whether or not it is a promoter's.</summary>
    TooManyRequests,
}

/// <summary>
/// What a request did. <see cref="Sent"/> is for the log and the tests only: the page says the same for both.
/// </summary>
public sealed record CabinetRequestResult(CabinetRequestOutcome Outcome, string? Address, bool Sent);

public enum CabinetCodeOutcome
{
    Succeeded,

    /// <summary>Wrong, expired, used, or no request for the address: one answer for all.</summary>
    Invalid,

    /// <summary>The last allowed wrong code: the request is void now and a new code must be asked for.</summary>
    Voided,
}

public sealed record CabinetCodeResult(CabinetCodeOutcome Outcome, long? PromoterId);

/// <summary>
/// The promoter cabinet's password-less sign-in (decision 017, "Cabinet"). A promoter types an e-mail or a phone that
/// is on its Bitrix24 contact; if an active promoter's contact has it, a 6-digit code and a one-time link go to that
/// address through the notifications outbox. The answer is the same whatever the address, and the work done is the
/// same up to the insert and the notice. Codes and links are cryptographically random, stored hashed, valid
/// <see cref="CabinetOptions.CodeMinutes"/>, used once; <see cref="CabinetOptions.MaxCodeAttempts"/> wrong codes void
/// the request. A newer request for an address voids the older one.
/// </summary>
public sealed class CabinetSignIn(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    NotificationOutbox outbox,
    PublicAddress publicAddress,
    PortalClock clock,
    IOptions<CabinetOptions> options,
    ILogger<CabinetSignIn> logger)
{
    /// <summary>The page a link opens (with <c>?token=</c>).</summary>
    public const string LinkPath = "cabinet/sign-in/link";

    private readonly AddressWindow _requests = new();

    private CabinetOptions Options => options.Value;

    /// <summary>Asks for a code: sends one when <paramref name="input"/> is an address of an active promoter's contact.</summary>
    public async Task<CabinetRequestResult> RequestAsync(string? input, string client, CultureInfo language, CancellationToken ct = default)
    {
        if (Parse(input) is not { } target)
        {
            return new(CabinetRequestOutcome.NotAnAddress, null, false);
        }

        var now = clock.UtcNow;
        if (!_requests.TryTake(target.Address, now, TimeSpan.FromMinutes(Options.CodeMinutes), Options.RequestsPerAddress))
        {
            return new(CabinetRequestOutcome.TooManyRequests, target.Address, false);
        }

        // The same work for every address: the lookup, a code, a token and their hashes.
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var salt = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var row = new CabinetSignInCode
        {
            Channel = target.Channel,
            Address = target.Address,
            CodeSalt = salt,
            CodeHash = HashCode(salt, code),
            TokenHash = HashToken(token),
            CreatedAt = now,
            ExpiresAt = now.AddMinutes(Options.CodeMinutes),
            ClientAddress = client.Length > 64 ? client[..64] : client,
        };

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var promoter = await FindPromoterAsync(db, target, ct);
        if (promoter is null)
        {
            return new(CabinetRequestOutcome.Answered, target.Address, false);
        }

        row.PromoterId = promoter.Value.Id;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Only the newest request of an address is alive.
        await db.Set<CabinetSignInCode>()
            .Where(c => c.Address == target.Address && c.UsedAt == null && c.VoidedAt == null)
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.VoidedAt, now), ct);
        db.Add(row);
        var link = publicAddress.Of($"{LinkPath}?token={token}");
        var minutes = Options.CodeMinutes;
        var name = promoter.Value.FirstName;
        var content = target.Channel == NotificationChannel.Email
            ? new RenderedNotice(
                CabinetText.Get("Code_Subject", language, code),
                null,
                CabinetText.Get("Code_Text", language, name, code, link, minutes))
            : new RenderedNotice(null, null, CabinetText.Get("Code_Sms", language, code, link, minutes));
        var queued = await outbox.EnqueueAsync(
            db,
            new NoticeRequest(target.Channel, NotificationKind.SignInCode, target.Address, content, $"cabinet:sign-in:{row.TokenHash[..32]}") { RecipientName = promoter.Value.Name },
            ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        outbox.Wake();
        logger.LogInformation("Cabinet sign-in code for promoter {PromoterId} queued by {Channel}: {Outcome}", promoter.Value.Id, target.Channel, queued.Outcome);
        return new(CabinetRequestOutcome.Answered, target.Address, queued.Accepted);
    }

    /// <summary>Checks a typed code against the address's live request; a match uses it up.</summary>
    public async Task<CabinetCodeResult> VerifyCodeAsync(string? input, string? code, CancellationToken ct = default)
    {
        var typed = new string((code ?? "").Where(char.IsAsciiDigit).ToArray());
        if (Parse(input) is not { } target || typed.Length != 6)
        {
            return new(CabinetCodeOutcome.Invalid, null);
        }

        var now = clock.UtcNow;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var max = Options.MaxCodeAttempts;
        var row = await db.Set<CabinetSignInCode>().AsNoTracking()
            .Where(c => c.Address == target.Address && c.UsedAt == null && c.VoidedAt == null && c.FailedAttempts < max)
            .OrderByDescending(c => c.Id).FirstOrDefaultAsync(ct);
        if (row is null || row.ExpiresAt <= now)
        {
            // The same hash as a real check, against nothing.
            _ = HashCode("00000000000000000000000000000000", typed);
            return new(CabinetCodeOutcome.Invalid, null);
        }

        var set = db.Set<CabinetSignInCode>().Where(c => c.Id == row.Id && c.UsedAt == null && c.VoidedAt == null && c.FailedAttempts < max);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashCode(row.CodeSalt, typed)), Encoding.ASCII.GetBytes(row.CodeHash)))
        {
            // Counted in the database, so parallel guesses are counted too; the last allowed one voids the request.
            await set.ExecuteUpdateAsync(c => c.SetProperty(x => x.FailedAttempts, x => x.FailedAttempts + 1), ct);
            var voided = await db.Set<CabinetSignInCode>().Where(c => c.Id == row.Id && c.FailedAttempts >= max && c.VoidedAt == null)
                .ExecuteUpdateAsync(c => c.SetProperty(x => x.VoidedAt, now), ct);
            return new(voided > 0 ? CabinetCodeOutcome.Voided : CabinetCodeOutcome.Invalid, null);
        }

        return await UseAsync(db, set, row.PromoterId, now, ct);
    }

    /// <summary>Signs in by a link's token: valid, unused, not void and its promoter still active.</summary>
    public async Task<CabinetCodeResult> UseLinkAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return new(CabinetCodeOutcome.Invalid, null);
        }

        var now = clock.UtcNow;
        var hash = HashToken(token.Trim());
        var max = Options.MaxCodeAttempts;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Set<CabinetSignInCode>().AsNoTracking().FirstOrDefaultAsync(c => c.TokenHash == hash, ct);
        if (row is null || row.ExpiresAt <= now)
        {
            return new(CabinetCodeOutcome.Invalid, null);
        }

        var set = db.Set<CabinetSignInCode>().Where(c => c.Id == row.Id && c.UsedAt == null && c.VoidedAt == null && c.FailedAttempts < max);
        return await UseAsync(db, set, row.PromoterId, now, ct);
    }

    /// <summary>Whether the link's token is one that would sign in now (the link page offers its button only then).</summary>
    public async Task<bool> IsLiveLinkAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return false;
        }

        var hash = HashToken(token.Trim());
        var now = clock.UtcNow;
        var max = Options.MaxCodeAttempts;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<CabinetSignInCode>().AnyAsync(c => c.TokenHash == hash && c.UsedAt == null && c.VoidedAt == null && c.FailedAttempts < max, ct)
            && await db.Set<CabinetSignInCode>().Where(c => c.TokenHash == hash).Select(c => c.ExpiresAt).FirstAsync(ct) > now;
    }

    /// <summary>An e-mail address (lower case) or a phone (E.164), or null for anything else.</summary>
    public static (NotificationChannel Channel, string Address)? Parse(string? input)
    {
        var text = input?.Trim() ?? "";
        if (text.Length is 0 or > NotificationLimits.Recipient)
        {
            return null;
        }

        if (text.Contains('@'))
        {
            return NotificationAddresses.Email(text) is { IsValid: true } email ? (NotificationChannel.Email, email.Address!) : null;
        }

        return PhoneNumbers.Normalize(text) is { IsValid: true } phone ? (NotificationChannel.Sms, phone.E164!) : null;
    }

    private async Task<CabinetCodeResult> UseAsync(LoyaltyDbContext db, IQueryable<CabinetSignInCode> live, long promoterId, DateTime now, CancellationToken ct)
    {
        // One update decides: of two uses at once, only one finds the row unused.
        if (await live.ExecuteUpdateAsync(c => c.SetProperty(x => x.UsedAt, now), ct) == 0)
        {
            return new(CabinetCodeOutcome.Invalid, null);
        }

        // A promoter switched off since the code was sent cannot sign in.
        return await db.Promoters.AnyAsync(p => p.Id == promoterId && p.Active, ct)
            ? new(CabinetCodeOutcome.Succeeded, promoterId)
            : new(CabinetCodeOutcome.Invalid, null);
    }

    /// <summary>
    /// The active promoter whose contact has the address among its e-mails or phones; with several (a shared phone), the
    /// oldest promoter. Programs count promoters in hundreds: their contacts are matched here, not in SQL.
    /// </summary>
    private static async Task<(long Id, string FirstName, string Name)?> FindPromoterAsync(LoyaltyDbContext db, (NotificationChannel Channel, string Address) target, CancellationToken ct)
    {
        var rows = await (from p in db.Promoters.AsNoTracking()
                          join c in db.Contacts.AsNoTracking() on p.ContactId equals c.Id
                          where p.Active && c.DeletedAt == null
                          orderby p.Id
                          select new { p.Id, c.FirstName, c.LastName, c.Emails, c.Phones }).ToListAsync(ct);
        foreach (var row in rows)
        {
            var values = target.Channel == NotificationChannel.Email ? row.Emails : row.Phones;
            var matches = Split(values).Any(value => Parse(value) is { } own && own.Channel == target.Channel && own.Address == target.Address);
            if (matches)
            {
                var name = string.Join(' ', new[] { row.FirstName, row.LastName }.Where(s => !string.IsNullOrWhiteSpace(s)));
                return (row.Id, string.IsNullOrWhiteSpace(row.FirstName) ? name : row.FirstName.Trim(), name);
            }
        }

        return null;
    }

    private static IEnumerable<string> Split(string? values) =>
        (values ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    internal static string HashToken(string token) => Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(token)));

    private static string HashCode(string salt, string code) => Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(salt + ":" + code)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Requests per address in a sliding window, in memory (one node; a restart forgets, like the sign-in throttle).</summary>
    private sealed class AddressWindow
    {
        private const int Capacity = 50_000;
        private readonly Dictionary<string, List<DateTime>> _seen = new(StringComparer.Ordinal);
        private readonly Lock _lock = new();

        public bool TryTake(string address, DateTime now, TimeSpan window, int limit)
        {
            lock (_lock)
            {
                if (_seen.Count >= Capacity)
                {
                    foreach (var stale in _seen.Where(p => p.Value.All(t => t <= now - window)).Select(p => p.Key).ToList())
                    {
                        _seen.Remove(stale);
                    }

                    if (_seen.Count >= Capacity)
                    {
                        _seen.Clear();
                    }
                }

                var times = _seen.TryGetValue(address, out var list) ? list : _seen[address] = [];
                times.RemoveAll(t => t <= now - window);
                if (times.Count >= Math.Max(1, limit))
                {
                    return false;
                }

                times.Add(now);
                return true;
            }
        }
    }
}
