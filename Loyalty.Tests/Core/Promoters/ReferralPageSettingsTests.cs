using Loyalty.Core.Promoters;
using Loyalty.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Core.Promoters;

/// <summary>The referral page's settings on a real SQLite file: defaults until saved, a changed policy text is a new version, the old text kept.</summary>
public sealed class ReferralPageSettingsTests
{
    [Fact]
    public async Task AChangedPolicyBecomesANewVersionAndTheOldTextStays()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = new ReferralPageSettings(database, TimeProvider.System);

        var first = await settings.GetAsync();
        Assert.Equal(1, first.PolicyVersion);
        Assert.Equal(ReferralPageSettings.DefaultCompanyName, first.CompanyName);
        Assert.Equal(ReferralPageSettings.Hash(ReferralPageSettings.DefaultPolicyText), first.PolicyHash);

        Assert.Empty(await settings.SaveAsync("ПромоФикс", "Пропуска для грузовиков", ReferralPageSettings.DefaultPolicyText, "admin@demo.loyalty"));
        var sameText = await settings.GetAsync();
        Assert.Equal(("ПромоФикс", 1), (sameText.CompanyName, sameText.PolicyVersion));

        Assert.Empty(await settings.SaveAsync("ПромоФикс", "Пропуска для грузовиков", "Новая политика.", "admin@demo.loyalty"));
        var second = await settings.GetAsync();
        Assert.Equal(2, second.PolicyVersion);
        Assert.Equal("Новая политика.", second.PolicyText);
        Assert.Equal(ReferralPageSettings.DefaultPolicyText, (await settings.PolicyAsync(1))!.Text);

        var refused = await settings.SaveAsync(" ", new string('x', ReferralLimits.PageText + 1), "", null);
        Assert.Equal(["companyName", "pageText", "policyText"], refused.Select(e => e.Field).Order());
        await using var db = database.CreateDbContext();
        Assert.Equal(2, await db.Set<ReferralPolicyVersion>().CountAsync());
    }
}
