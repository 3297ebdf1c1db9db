using System.Net;
using System.Text.RegularExpressions;
using Loyalty.Core.Identity;
using Loyalty.Tests.TestSupport;

namespace Loyalty.Tests.Web;

/// <summary>
/// The Russian pages, as the administrator and the sales head open them over HTTP (prerendered, with badges, awards for
/// periods and points for a call and a lead in the database), show no key meant for machines: no period key
/// (<c>2026-W49</c>, <c>2026-12</c>, <c>2026-Q4</c>) and no "(activity 20058)". The text is what a reader sees: tags,
/// scripts and Blazor's state comments are left out.
/// </summary>
public sealed partial class RawKeyTests : IClassFixture<PortalFactory>
{
    private readonly PortalFactory _portal;

    public RawKeyTests(PortalFactory portal) => _portal = portal;

    [Fact]
    public async Task RussianPagesShowNoRawKeysToTheAdministratorOrTheSalesHead()
    {
        await BadgeGallerySeed.SeedAsync(_portal.Services);
        var pages = new Dictionary<string, string[]>
        {
            [Roles.Administrator] = ["/", "/bonuses/customers", "/admin/ledger", "/admin/jobs", "/leaderboards", "/leaderboards/1", "/leaderboards/2", "/badges",
                "/badges/1", "/badges/3", $"/badges?employee={BadgeGallerySeed.Anna}", $"/employees/{BadgeGallerySeed.Anna}", "/gamification/points", "/gamification/ratings", "/gamification/badges"],
            [Roles.SalesHead] = ["/", "/leaderboards", "/leaderboards/1", "/badges", "/badges/1", $"/employees/{BadgeGallerySeed.Anna}", $"/employees/{BadgeGallerySeed.Boris}"],
        };

        var found = new List<string>();
        foreach (var (role, paths) in pages)
        {
            var demo = DemoAccounts.All.Single(d => d.Role == role);
            using var client = FormClient.For(_portal);
            await client.SignInAsync(demo.Email, demo.Password);
            foreach (var path in paths)
            {
                var response = await client.Http.GetAsync(path);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{role} {path}: {(int)response.StatusCode}");
                var text = VisibleText(await response.Content.ReadAsStringAsync());
                found.AddRange(RawKey().Matches(text).Select(m => $"{role} {path}: «{m.Value}»"));
            }
        }

        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }

    [Theory]
    [InlineData("Период: 2026-W49", true)]
    [InlineData("Лучший менеджер (2026-12)", true)]
    [InlineData("IV квартал 2026 · 2026-Q4", true)]
    [InlineData("Звонок (activity 20058)", true)]
    [InlineData("Новый лид (lead 6769)", true)]
    [InlineData("неделя 30.11–06.12.2026", false)]
    [InlineData("декабрь 2026, 6 декабря 2026", false)]
    [InlineData("1 558 ₽ · 06.12.2026 14:30", false)]
    public void TheScanFindsKeysAndLeavesPeopleTextAlone(string text, bool key)
    {
        Assert.Equal(key, RawKey().IsMatch(VisibleText($"<div title=\"2026-W49\">{text}</div><!--Blazor:{{\"k\":\"2026-12\"}}--><script>var k='2026-W49'</script>")));
    }

    private static string VisibleText(string html)
    {
        var text = Hidden().Replace(html, " ");
        text = Tag().Replace(text, " ");
        return WebUtility.HtmlDecode(text);
    }

    [GeneratedRegex(@"<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Hidden();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    /// <summary>A period key (week, quarter, month, day) standing alone, or a CRM record named by its type and ID.</summary>
    [GeneratedRegex(@"(?<![\d.])\d{4}-(W\d{2}|Q[1-4]|\d{2}(-\d{2})?)(?![\d])|\((activity|lead|task|deal|contact) \d+\)")]
    private static partial Regex RawKey();
}
