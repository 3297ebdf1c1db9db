using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Loyalty.Web.Sandbox.Data;
using Loyalty.Web.Sandbox.Generation;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Loyalty.Web.Sandbox.Changes;

/// <summary>
/// Live mode's promoter program (seed 002), acted out as people would: once the portal has created the contact field
/// <c>UF_CRM_LOY_PROMOTER</c>, a CRM user ticks it on a few demo contacts (a contact update with its event, as in the
/// contact's card); visitors open the referral links the portal wrote back into <c>UF_CRM_LOY_PR_LINK</c> and send the
/// form like a browser (GET the page with its cookies and hidden fields, POST it); managers convert some of the leads
/// that carry <c>UF_CRM_LOY_PR_ID</c> and win some of their deals. All at a few per hour by default
/// (<see cref="SandboxLivePromoterOptions"/>), so the registry and payouts fill up from a fresh start.
/// </summary>
internal sealed partial class LivePromoters(SandboxStore store, SandboxCrm crm, SandboxOptions options, IServer server, ILogger<LivePromoters> logger)
{
    public const string FlagField = "UF_CRM_LOY_PROMOTER";
    public const string LinkField = "UF_CRM_LOY_PR_LINK";
    public const string PromoterIdField = "UF_CRM_LOY_PR_ID";
    private const int RecentWindow = 500;

    private int _visits;

    private bool _started;

    private SandboxLivePromoterOptions Settings => options.Live.Promoters;

    /// <summary>The CRM users' part of a beat (inside the store's write lock): mark promoters, convert referred leads, win their deals.</summary>
    public void Tick(SandboxRandom random, IReadOnlyList<long> managers)
    {
        if (!Settings.Enabled || store.Contacts.FindUserField(FlagField) is null)
        {
            return;
        }

        // The first promoter comes as soon as the field exists, so a fresh start has one to look at within a beat.
        var first = !_started && !store.Contacts.Rows.Any(Promoter);
        _started = true;
        for (var n = Times(random, Settings.PromotersPerHour) + (first ? 1 : 0); n > 0; n--)
        {
            MarkPromoter(random, managers);
        }

        for (var n = Times(random, Settings.ConversionsPerHour); n > 0; n--)
        {
            var open = Recent(store.Leads, l => l["STATUS_SEMANTIC_ID"] is "P" && Referred(l));
            if (open.Count > 0)
            {
                var lead = random.Pick(open);
                crm.ConvertLead(lead, lead["ASSIGNED_BY_ID"] as long? ?? random.Pick(managers));
            }
        }

        for (var n = Times(random, Settings.WinsPerHour); n > 0; n--)
        {
            var open = Recent(store.Deals, d => d["CLOSED"] is "N" && (Referred(d) || (d["LEAD_ID"] is long leadId && store.Leads.Find(leadId) is { } lead && Referred(lead))));
            if (open.Count > 0)
            {
                var deal = random.Pick(open);
                var pipeline = Reference.PipelineById((long)deal["CATEGORY_ID"]!) ?? Reference.Pipelines[0];
                var fields = new JsonObject { ["STAGE_ID"] = pipeline.Won.StatusId };
                if (deal["OPPORTUNITY"] is not decimal amount || amount <= 0)
                {
                    // A lead from the form carries no amount; the manager fills it in when the sale closes.
                    fields["OPPORTUNITY"] = (random.Next(10, 600) * 500m).ToString(CultureInfo.InvariantCulture);
                }

                crm.Update(store.Deals, deal, fields, (long)deal["ASSIGNED_BY_ID"]!);
            }
        }
    }

    /// <summary>How many visitors come this beat (outside the lock: they talk to the portal over HTTP).</summary>
    public int VisitorsThisBeat(SandboxRandom random) =>
        Settings.Enabled && store.Contacts.FindUserField(FlagField) is not null ? Times(random, Settings.VisitsPerHour) : 0;

    /// <summary>The referral links the portal wrote back to promoter contacts (read under the store's lock).</summary>
    public List<string> Links() =>
        [.. store.Contacts.Rows.Where(c => Promoter(c) && Text(c, LinkField) is { Length: > 0 }).Select(c => Text(c, LinkField)!)];

    /// <summary>
    /// One visitor: opens a promoter's link on this app's own address (the link's host is the portal's public name,
    /// which may not be reachable from inside), takes the form's hidden fields (anti-forgery token, form token) with its
    /// cookies, and sends a name, a phone, sometimes an e-mail and the consent. Returns whether the portal thanked it.
    /// </summary>
    public async Task<bool> VisitAsync(string link, SandboxRandom random, CancellationToken ct)
    {
        if (!Uri.TryCreate(link, UriKind.Absolute, out var uri) || OwnAddress() is not { } own)
        {
            return false;
        }

        var target = new Uri(new Uri(own + "/"), uri.PathAndQuery.TrimStart('/'));
        using var handler = new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        if (Settings.ClientAddressHeader is { Length: > 0 } header)
        {
            var n = Interlocked.Increment(ref _visits);
            http.DefaultRequestHeaders.Add(header, $"198.18.{(n >> 8) & 255}.{n & 255}");
        }

        try
        {
            var page = await http.GetAsync(target, ct);
            if (page.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }

            var form = HiddenInput().Matches(await page.Content.ReadAsStringAsync(ct))
                .ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
            if (!form.ContainsKey("Input.FormToken"))
            {
                // A revoked code or a switched-off promoter: the page has no form.
                return false;
            }

            var (first, last) = LiveActivity.Name(random);
            form["Input.Name"] = $"{first} {last}";
            form["Input.Phone"] = LiveActivity.Phone(random);
            if (random.Chance(0.4))
            {
                form["Input.Email"] = string.Create(CultureInfo.InvariantCulture, $"visitor{random.Next(1000, 99999)}@example.ru");
            }

            form["Input.Consent"] = "true";
            var answer = await http.PostAsync(target, new FormUrlEncodedContent(form), ct);
            var thanked = answer.StatusCode == HttpStatusCode.OK && (await answer.Content.ReadAsStringAsync(ct)).Contains("referral-thanks", StringComparison.Ordinal);
            logger.LogDebug("Sandbox live visitor sent the referral form at {Path}: {Outcome}", uri.AbsolutePath, thanked ? "thanked" : answer.StatusCode.ToString());
            return thanked;
        }
        catch (HttpRequestException e)
        {
            logger.LogDebug(e, "Sandbox live visitor could not reach {Path}", uri.AbsolutePath);
            return false;
        }
    }

    private void MarkPromoter(SandboxRandom random, IReadOnlyList<long> managers)
    {
        var promoters = store.Contacts.Rows.Count(Promoter);
        if (promoters >= Settings.Promoters || store.Contacts.Count == 0)
        {
            return;
        }

        for (var attempt = 0; attempt < 20; attempt++)
        {
            var contact = store.Contacts.Rows[random.Next(0, store.Contacts.Count)];
            if (!Promoter(contact) && contact["PHONE"] is MultiValue[] { Length: > 0 })
            {
                crm.Update(store.Contacts, contact, new JsonObject { [FlagField] = "1" }, contact["ASSIGNED_BY_ID"] as long? ?? random.Pick(managers));
                logger.LogInformation("Sandbox live mode made contact {Contact} a promoter", contact.Id);
                return;
            }
        }
    }

    /// <summary>A whole number of events this beat for a rate per hour: the expected count, its fraction by chance.</summary>
    private int Times(SandboxRandom random, double perHour)
    {
        var expected = Math.Max(0, perHour) * Math.Max(0.05, options.Live.IntervalSeconds) / 3600;
        var whole = (int)Math.Min(expected, 50);
        return whole + (random.Chance(expected - Math.Floor(expected)) ? 1 : 0);
    }

    private static bool Promoter(Row contact) => Text(contact, FlagField) == "1";

    private static bool Referred(Row row) => Text(row, PromoterIdField) is { Length: > 0 } id && id != "0";

    private static string? Text(Row row, string field) =>
        row.Custom is { } custom && custom.TryGetValue(field, out var value) && value is not null ? value.ToString() : null;

    private static List<Row> Recent(EntityTable table, Func<Row, bool> match)
    {
        var result = new List<Row>();
        for (var i = table.Count - 1; i >= 0 && i >= table.Count - (RecentWindow * 4) && result.Count < RecentWindow; i--)
        {
            if (match(table.Rows[i]))
            {
                result.Add(table.Rows[i]);
            }
        }

        return result;
    }

    /// <summary>The app's first listening address, with a wildcard host made reachable (as the event sender finds it).</summary>
    private string? OwnAddress()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        return address?.Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://[::]", "://localhost", StringComparison.Ordinal)
            .TrimEnd('/');
    }

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)"\s*/?>""")]
    private static partial Regex HiddenInput();
}
