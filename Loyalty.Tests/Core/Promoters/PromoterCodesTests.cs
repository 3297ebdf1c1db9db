using Loyalty.Core.Data;
using Loyalty.Core.Promoters;
using Loyalty.Tests.TestSupport;

namespace Loyalty.Tests.Core.Promoters;

/// <summary>Referral codes: their alphabet, that they do not repeat, that none is ever issued twice, and the lookup.</summary>
public sealed class PromoterCodesTests
{
    [Fact]
    public void TheAlphabetHasNoLookAlikes()
    {
        foreach (var c in "01OIL")
        {
            Assert.DoesNotContain(c, PromoterCodes.Alphabet);
        }

        Assert.Equal(PromoterCodes.Alphabet.Length, PromoterCodes.Alphabet.Distinct().Count());
        Assert.Equal(31, PromoterCodes.Alphabet.Length);
    }

    [Fact]
    public void HundredThousandCodesAreOfTheAlphabetAndAllDifferent()
    {
        var seen = new HashSet<string>();
        var counts = new Dictionary<char, int>();
        for (var i = 0; i < 100_000; i++)
        {
            var code = PromoterCodes.Generate();
            Assert.Equal(PromoterCodes.Length, code.Length);
            Assert.All(code, c => Assert.Contains(c, PromoterCodes.Alphabet));
            Assert.True(seen.Add(code), $"{code} drawn twice");
            foreach (var c in code)
            {
                counts[c] = counts.GetValueOrDefault(c) + 1;
            }
        }

        // Every character is used, none strongly favoured (800 000 characters / 31 ≈ 25 806 each).
        Assert.Equal(PromoterCodes.Alphabet.Length, counts.Count);
        Assert.All(counts.Values, n => Assert.InRange(n, 24_000, 27_600));
    }

    [Theory]
    [InlineData(" abcd2345 ", "ABCD2345")]
    [InlineData("ABCD2345", "ABCD2345")]
    [InlineData("abcd234", null)]
    [InlineData("ABCD23450", null)]
    [InlineData("ABCD234O", null)]
    [InlineData("ABCD2341", null)]
    [InlineData("ABCD-345", null)]
    [InlineData("", null)]
    [InlineData("   ", null)]
    [InlineData("АВСД2345", null)]
    [InlineData("'; drop table--", null)]
    [InlineData(null, null)]
    public void InputIsNormalizedOrRefused(string? input, string? expected) =>
        Assert.Equal(expected, PromoterCodes.Normalize(input));

    [Fact]
    public async Task ACodeEverIssuedIsNotDrawnAgainEvenWhenRevoked()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateDbContext();
        var promoter = await AddPromoterAsync(db, contactId: 1, code: "AAAA2222", active: true);
        db.PromoterCodes.Add(new PromoterCode { Code = "BBBB3333", PromoterId = promoter.Id, CreatedAt = DateTime.UtcNow, RevokedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();

        // The generator offers the taken codes first; the draw skips them.
        var offers = new Queue<string>(["AAAA2222", "BBBB3333", "CCCC4444"]);
        var code = await PromoterCodes.NewUniqueAsync(db, CancellationToken.None, offers.Dequeue);

        Assert.Equal("CCCC4444", code);
        Assert.Empty(offers);
    }

    [Fact]
    public async Task OnlyTheCurrentCodeOfAnActivePromoterIsFound()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = database.CreateDbContext())
        {
            var active = await AddPromoterAsync(db, contactId: 10, code: "ACTV2345", active: true);
            db.PromoterCodes.Add(new PromoterCode { Code = "PREV2345", PromoterId = active.Id, CreatedAt = DateTime.UtcNow.AddDays(-1), RevokedAt = DateTime.UtcNow });
            await AddPromoterAsync(db, contactId: 11, code: "DEAD2345", active: false);
            await db.SaveChangesAsync();
        }

        await using var read = database.CreateDbContext();
        var found = await PromoterCodes.FindActiveAsync(read, " actv2345", CancellationToken.None);
        Assert.Equal(10, found?.ContactId);
        Assert.Null(await PromoterCodes.FindActiveAsync(read, "PREV2345", CancellationToken.None));
        Assert.Null(await PromoterCodes.FindActiveAsync(read, "DEAD2345", CancellationToken.None));
        Assert.Null(await PromoterCodes.FindActiveAsync(read, "ZZZZ9999", CancellationToken.None));
        Assert.Null(await PromoterCodes.FindActiveAsync(read, new string('x', 10_000), CancellationToken.None));
        Assert.Null(await PromoterCodes.FindActiveAsync(read, null, CancellationToken.None));
        Assert.Equal(10, (await PromoterCodes.FindAnyAsync(read, "prev2345", CancellationToken.None))?.ContactId);
    }

    private static async Task<Promoter> AddPromoterAsync(LoyaltyDbContext db, long contactId, string code, bool active)
    {
        var promoter = new Promoter { ContactId = contactId, Active = active, ActiveCode = code, SwitchedAt = DateTime.UtcNow, CreatedAt = DateTime.UtcNow };
        db.Promoters.Add(promoter);
        await db.SaveChangesAsync();
        db.PromoterCodes.Add(new PromoterCode { Code = code, PromoterId = promoter.Id, CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
        return promoter;
    }
}
