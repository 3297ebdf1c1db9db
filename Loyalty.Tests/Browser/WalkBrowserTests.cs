using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Loyalty.Core.Bonuses;
using Loyalty.Core.Gamification;
using Loyalty.Core.Identity;
using Loyalty.Core.Promoters;
using Loyalty.Core.Sync;
using Loyalty.Tests.Core.Sync;
using Loyalty.Tests.TestSupport;
using Loyalty.Tests.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Localization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.Tests.Browser;

/// <summary>
/// Issue 12's walk: every page each role can open (the menu's and the detail pages behind them), in Russian and in
/// English, on a desktop and on a phone. Each page is saved as a screenshot under <see cref="Folder"/> and read for
/// sideways scrolling, raw keys, words of the other language and links that lead nowhere. Minutes long, so it has its
/// own category (<c>Category=Walk</c>), left out of a plain <c>dotnet test</c>; the 390 px Russian administrator's
/// round stays in the default run (LayoutBrowserTests).
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
[Walk]
public sealed partial class WalkBrowserTests(BrowserPortal browser)
{
    /// <summary>Where the screenshots and the report go.</summary>
    public static readonly string Folder = Environment.GetEnvironmentVariable("LOYALTY_WALK") is { Length: > 0 } folder ? folder : "/tmp/walk";

    private static readonly (string Name, int Width, int Height)[] Screens = [("desktop", 1366, 768), ("phone", 390, 844)];

    private static readonly Dictionary<string, string> Languages = new() { ["ru"] = "ru-RU", ["en"] = "en-GB" };

    /// <summary>
    /// Latin words a Russian page may show besides CRM data: names of products and formats, abbreviations. Any case: a button's
    /// text is read as shown, and buttons show it in capitals («ВЫПИСКА ЗА МЕСЯЦ (EXCEL)»).
    /// </summary>
    private static readonly HashSet<string> LatinOnRussianPages = new(ResourceLanguageTests.LatinInRussian, StringComparer.OrdinalIgnoreCase)
    {
        "Loyalty", // the portal's name (Portal:Name), data
        "Europe", "Moscow", // the portal's time zone as configured (Portal:TimeZone), as the dashboard and the connection page name it
        "English", "RU", "EN", // the language switch: each language named in itself, or by its code
    };

    /// <summary>Cyrillic an English page may show besides CRM data: the language switch's «Русский».</summary>
    private static readonly HashSet<string> CyrillicOnEnglishPages = new(StringComparer.Ordinal) { "Русский" };

    /// <summary>Codes one page names as the reader must type or find them (decided in ResourceLanguageTests too).</summary>
    private static readonly Dictionary<string, string[]> CodesOnPage = new(StringComparer.Ordinal)
    {
        ["admin/connection"] = ["crm", "user", "department", "task", "im", "Sandbox", "Webhook"],
    };

    /// <summary>Pages where an e-mail is the thing shown (a person's account, a customer's contact details).</summary>
    private static readonly string[] EmailPages = ["admin/users", "bonuses/customers/", "promoters/", "Account/Manage", "admin/connection"];

    [BrowserFact]
    public async Task EveryPageAsEveryRoleInBothLanguagesOnADesktopAndAPhoneFitsReadsInOneLanguageAndLeadsSomewhere()
    {
        await using var crm = new SyncPortal();
        crm.Start();
        var ids = await PrepareAsync(crm);
        var dataWords = DataWords(crm.DatabasePath);
        var pages = Pages(ids);
        // LOYALTY_WALK_PAGES (comma-separated path prefixes, e.g. "bonuses/settings,badges/") walks only those pages: for checking one fix.
        if (Environment.GetEnvironmentVariable("LOYALTY_WALK_PAGES") is { Length: > 0 } only)
        {
            var prefixes = only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            pages = pages.Where(p => prefixes.Any(prefix => p.Path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))).ToList();
        }

        Directory.CreateDirectory(Folder);
        var problems = new List<string>();
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        var visits = 0;

        foreach (var account in DemoAccounts.All)
        {
            var allowed = pages.Where(p => Policies.RolesByPolicy[p.Policy].Contains(account.Role)).ToList();
            foreach (var (language, culture) in Languages)
            {
                foreach (var screen in Screens)
                {
                    await browser.RunAsync($"walk-{language}-{account.Role}-{screen.Name}", crm.BaseAddress, async page =>
                    {
                        await page.Context.AddCookiesAsync([new Cookie
                        {
                            Name = CookieRequestCultureProvider.DefaultCookieName,
                            Value = CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture, language)),
                            Url = crm.BaseAddress.ToString(),
                        }]);
                        await page.SignInAsync(account);
                        await page.SetViewportSizeAsync(screen.Width, screen.Height);
                        foreach (var target in allowed)
                        {
                            var where = $"{language} {account.Role} {screen.Name} /{target.Path}";
                            await OpenAsync(page, target);
                            visits++;
                            await page.ScreenshotAsync(new PageScreenshotOptions
                            {
                                Path = Path.Combine(Folder, $"{language}-{account.Role}-{screen.Name}-{Slug(target.Path)}.png"),
                                FullPage = true,
                            });
                            problems.AddRange((await ReadAsync(page, target, language, dataWords)).Select(p => $"{where}: {p}"));
                            foreach (var href in await page.Locator("a[href]").EvaluateAllAsync<string[]>("all => all.map(a => a.href)"))
                            {
                                if (href.StartsWith(crm.BaseAddress.ToString(), StringComparison.Ordinal))
                                {
                                    links.TryAdd(href, where);
                                }
                            }
                        }

                        problems.AddRange(await DeadEndsAsync(page, links, crm.BaseAddress));
                        links.Clear();
                    });
                }
            }
        }

        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"{pages.Count} pages; {DemoAccounts.All.Count} roles × {Languages.Count} languages × {Screens.Length} screens; {visits} visits; {problems.Count} problems")
            .AppendJoin(Environment.NewLine, problems).ToString();
        await File.WriteAllTextAsync(Path.Combine(Folder, "report.txt"), report);
        Console.WriteLine(report);
        Assert.True(problems.Count == 0, report);
    }

    /// <summary>A page to visit: its address and the policy of its component.</summary>
    private sealed record Target(string Path, string Policy, bool StaticRendering = false);

    private sealed record Ids(long Rating, long Badge, long Employee, long Contact, long Promoter, long NpsTemplate);

    /// <summary>Who did what in the prepared portal, as the editors store a person ("Name (e-mail)").</summary>
    private const string Administrator = "Анна Администратор (admin@demo.loyalty)";

    /// <summary>A synced CRM, its ratings and badges computed, the bonus program on with a recalculation applied (ledger entries with reasons).</summary>
    private static async Task<Ids> PrepareAsync(SyncPortal crm)
    {
        await crm.Sync.RunAsync(SyncKind.Incremental, null, Administrator);
        var store = crm.Services.GetRequiredService<BonusSettingsStore>();
        await store.SaveAsync(store.Default.Settings with { Enabled = true }, Administrator);
        await crm.Services.GetRequiredService<BonusProcessor>().ProcessAsync();
        var recalculations = crm.Services.GetRequiredService<BonusRecalculations>();
        var preview = await recalculations.StartPreviewAsync(null, Administrator);
        await recalculations.RunAsync(preview.Recalculation!.Id);
        await recalculations.ApplyAsync(preview.Recalculation.Id, Administrator);
        await recalculations.RunAsync(preview.Recalculation.Id);
        await crm.Services.GetRequiredService<GamificationPipeline>().RunFullAsync();

        await crm.Services.GetRequiredService<Loyalty.Core.Nps.NpsTemplateStore>().EnsureDefaultAsync();
        await using var db = await SyncOverSandboxTests.DbAsync(crm);
        // A promoter: a customer's contact switched on, so the registry and a card have someone to show.
        var promoterContact = await db.Contacts.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        var promoter = await crm.Services.GetRequiredService<PromoterRegistry>().SwitchOnAsync(promoterContact, Administrator);
        return new(
            await db.Ratings.Where(r => r.Active).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync(),
            await db.BadgeAwards.OrderBy(a => a.BadgeId).Select(a => a.BadgeId).FirstOrDefaultAsync() is var awarded and > 0 ? awarded : await db.Badges.OrderBy(b => b.Id).Select(b => b.Id).FirstAsync(),
            await db.Deals.Where(d => d.AssignedById != null).Select(d => d.AssignedById!.Value).FirstAsync(),
            // The customer with most won deals: a history to show, a tier and its progress.
            await db.BonusCustomers.OrderByDescending(c => c.WonDeals).ThenBy(c => c.ContactId).Select(c => c.ContactId).FirstAsync(),
            promoter.Id,
            await db.NpsTemplates.OrderBy(t => t.Id).Select(t => t.Id).FirstOrDefaultAsync());
    }

    /// <summary>Every routable page of the portal but the anonymous ones, with its IDs filled in; the kiosk besides.</summary>
    private static List<Target> Pages(Ids ids)
    {
        var pages = new List<Target>();
        foreach (var type in typeof(Loyalty.Web.Components.App).Assembly.GetTypes().Where(t => typeof(IComponent).IsAssignableFrom(t)))
        {
            if (type.GetCustomAttribute<AllowAnonymousAttribute>() is not null)
            {
                continue;
            }

            // _Imports gives every page SignedIn; a page's own policy narrows it: the narrowest decides.
            var policy = type.GetCustomAttributes<AuthorizeAttribute>().Select(a => a.Policy ?? Policies.SignedIn)
                .OrderBy(p => Policies.RolesByPolicy[p].Length).FirstOrDefault() ?? Policies.SignedIn;
            foreach (var route in type.GetCustomAttributes<RouteAttribute>())
            {
                // Not pages a signed-in person reads: the error page, the first-run setup, the sign-in form.
                if (route.Template is "/Error" or "/setup" or "/Account/Login")
                {
                    continue;
                }

                var path = RouteValue().Replace(route.Template.TrimStart('/'), m => (m.Groups[1].Value, route.Template) switch
                {
                    ("RatingId", _) => ids.Rating.ToString(CultureInfo.InvariantCulture),
                    ("BadgeId", _) => ids.Badge.ToString(CultureInfo.InvariantCulture),
                    ("EmployeeId", _) => ids.Employee.ToString(CultureInfo.InvariantCulture),
                    ("ContactId", _) => ids.Contact.ToString(CultureInfo.InvariantCulture),
                    ("PromoterId", _) => ids.Promoter.ToString(CultureInfo.InvariantCulture),
                    // The template seeded on a fresh start.
                    ("TemplateId", _) => ids.NpsTemplate.ToString(CultureInfo.InvariantCulture),
                    // No run exists on a fresh start: the run page's "no such run" state is what the walk sees.
                    ("RunId", _) => "1",
                    ("Id", var t) when t.StartsWith("/gamification/ratings", StringComparison.Ordinal) => ids.Rating.ToString(CultureInfo.InvariantCulture),
                    ("Id", var t) when t.StartsWith("/gamification/badges", StringComparison.Ordinal) => ids.Badge.ToString(CultureInfo.InvariantCulture),
                    var (name, t) => throw new InvalidOperationException($"The walk does not know what to put for {{{name}}} in {t}."),
                });
                pages.Add(new(path, policy, StaticRendering: path.StartsWith("Account/", StringComparison.Ordinal)));
            }
        }

        pages.Add(new($"leaderboards/{ids.Rating}?kiosk=true", Policies.Sales));
        return [.. pages.OrderBy(p => p.Path, StringComparer.Ordinal)];
    }

    private static async Task OpenAsync(IPage page, Target target)
    {
        if (target.StaticRendering)
        {
            await page.GotoAsync(target.Path);
        }
        else
        {
            await page.OpenAsync(target.Path);
        }

        // Loading bars are indeterminate; a determinate one (a tier's progress) is content.
        await Expect(page.Locator(".mud-progress-indeterminate, .mud-progress-circular-indeterminate-child").Filter(new() { Visible = true })).ToHaveCountAsync(0);
    }

    /// <summary>What a reader would stumble on in the page as shown.</summary>
    private static async Task<List<string>> ReadAsync(IPage page, Target target, string language, HashSet<string> dataWords)
    {
        var problems = new List<string>();
        var measured = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        if (measured[0] > measured[1])
        {
            problems.Add($"scrolls sideways ({measured[0]} px on a {measured[1]} px screen)");
        }

        // Data grids scroll inside their card on a phone (app.css); a summary or editor table (MudSimpleTable) is to fit.
        var cut = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('.mud-simple-table .mud-table-container, .mud-simple-table > table')]
                .filter(c => c.offsetParent !== null && !c.closest('.lb-table-wrap') && c.scrollWidth > c.clientWidth + 1)
                .map(c => `${c.querySelector('th')?.innerText ?? 'a table'} (${c.scrollWidth} px in ${c.clientWidth} px)`)
            """);
        problems.AddRange(cut.Select(c => $"a table cut off at the right: {c}"));

        if (await page.Locator("#blazor-error-ui").IsVisibleAsync() || await page.GetByTestId("not-found").CountAsync() > 0)
        {
            problems.Add("an error or not-found page");
        }

        var text = await page.Locator("body").InnerTextAsync();
        if (target.Path == "about")
        {
            // The build's facts (version, runtime and OS, database, licence) are names, not words.
            foreach (var fact in await page.Locator("td").AllInnerTextsAsync())
            {
                text = text.Replace(fact, " ", StringComparison.Ordinal);
            }
        }

        foreach (Match key in RawKey().Matches(text))
        {
            problems.Add($"raw key «{key.Value}»");
        }

        if (!EmailPages.Any(p => target.Path.StartsWith(p, StringComparison.Ordinal)))
        {
            foreach (Match email in Email().Matches(text))
            {
                problems.Add($"an e-mail where a name belongs «{email.Value}»");
            }
        }

        var prose = Address().Replace(text, " ");
        var codes = CodesOnPage.GetValueOrDefault(target.Path, []);
        var foreign = language == "ru"
            ? ResourceLanguageTests.LatinWords(prose).Distinct().Where(w => !LatinOnRussianPages.Contains(w) && !codes.Contains(w) && !dataWords.Contains(w))
            : Word().Matches(Email().Replace(prose, " ")).Select(m => m.Value).Distinct()
                .Where(w => Cyrillic().IsMatch(w) && !CyrillicOnEnglishPages.Contains(w) && !dataWords.Contains(w));
        problems.AddRange(foreign.Select(w => $"a word of the other language «{w}»"));
        return problems;
    }

    /// <summary>Every link the round met, opened once: a 4xx or 5xx answer is a dead end.</summary>
    private static async Task<List<string>> DeadEndsAsync(IPage page, Dictionary<string, string> links, Uri portal)
    {
        var problems = new List<string>();
        // One of each shape of address is enough: /bonuses/customers/12 stands for every customer's card.
        foreach (var (href, where) in links.DistinctBy(l => Regex.Replace(l.Key, @"\d+", "N")))
        {
            if (href.Contains("/Account/Logout", StringComparison.Ordinal) || href.Contains("/culture/", StringComparison.Ordinal))
            {
                continue;
            }

            var response = await page.Context.APIRequest.GetAsync(href);
            if (response.Status >= 400)
            {
                problems.Add($"{where}: the link {href[(portal.ToString().Length - 1)..]} answers {response.Status}");
            }
        }

        return problems;
    }

    /// <summary>The words of the portal's data (CRM mirror, ratings, badges, tiers, users, NPS templates and rules): shown as typed, in any language.</summary>
    private static HashSet<string> DataWords(string databasePath)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND (name LIKE 'Crm%' OR name IN ('Ratings', 'Badges', 'BadgeAwards', 'BonusSettingsVersions', 'AspNetUsers', 'NpsTemplates', 'NpsRules'))";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables.Where(t => t != "CrmWriteBackOutbox"))
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var row = new List<string>();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (reader.GetValue(i) is string value)
                    {
                        // Settings are JSON, which escapes Cyrillic (\u0411…).
                        var plain = value.Contains("\\u", StringComparison.Ordinal) ? Regex.Unescape(value) : value;
                        row.AddRange(Word().Matches(plain).Select(m => m.Value));
                    }
                }

                words.UnionWith(row);
                // Avatars show a person's initials: «Анна Смирнова» → «АС», the names in one column or in two, a middle name between.
                words.UnionWith(row.Zip(row.Skip(1), Initials).Concat(row.Zip(row.Skip(2), Initials)));
            }
        }

        return words;
    }

    private static string Initials(string first, string second) => string.Concat(char.ToUpperInvariant(first[0]), char.ToUpperInvariant(second[0]));

    private static string Slug(string path) => path.Length == 0 ? "dashboard" : Regex.Replace(path, @"[^A-Za-z0-9]+", "-").Trim('-');

    [GeneratedRegex(@"\{(\w+)(:\w+)?\}")]
    private static partial Regex RouteValue();

    /// <summary>Keys a person should never read: period keys, CRM records by type and number, system actors, resource keys.</summary>
    [GeneratedRegex(@"\d{4}-W\d{2}|(?<![\d-])\d{4}-(0[1-9]|1[0-2]|Q[1-4])(?![\d-])|\((activity|lead|task|deal|contact) \d+\)|system:|\b[A-Z][a-z]+[A-Za-z]*_[A-Z][A-Za-z]+\b|\b[A-Z][a-z]+[A-Z][a-z]+\.[A-Z][a-z]+\b")]
    private static partial Regex RawKey();

    [GeneratedRegex(@"[\w.+-]+@[\w-]+(\.[\w-]+)+")]
    private static partial Regex Email();

    // Addresses, and masked secrets ("sa••••": the first two characters of a saved api_id or password).
    [GeneratedRegex(@"https?://\S+|/sandbox\S*|\S*••••")]
    private static partial Regex Address();

    [GeneratedRegex(@"[\p{L}][\p{L}\d]*")]
    private static partial Regex Word();

    [GeneratedRegex(@"[А-Яа-яЁё]")]
    private static partial Regex Cyrillic();
}
