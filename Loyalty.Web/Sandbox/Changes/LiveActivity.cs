using System.Globalization;
using System.Text.Json.Nodes;
using Loyalty.Core.Portal;
using Loyalty.Web.Sandbox.Data;
using Loyalty.Web.Sandbox.Generation;

namespace Loyalty.Web.Sandbox.Changes;

/// <summary>
/// Live mode: every few seconds the demo company does what a sales floor does — leads come in and get converted,
/// calls are logged, deals move through their pipeline and are won (several a minute, across managers, so the
/// leaderboards move) or lost; the promoter program is acted out by <see cref="LivePromoters"/>, the survey customers by <see cref="LiveNps"/>. Every change goes
/// through <see cref="SandboxCrm"/>, so it is persisted and sends its event.
/// </summary>
internal sealed class LiveActivity(SandboxStore store, SandboxCrm crm, SandboxOptions options, LivePromoters promoters, LiveNps surveys, WorkerStatus status, TimeProvider clock, ILogger<LiveActivity> logger)
    : ResilientWorker(status, clock, logger)
{
    private const int RecentWindow = 500;

    // Live activity is not part of the reproducible demo company, so it may differ from run to run.
    private readonly SandboxRandom _random = new(options.Seed ^ clock.GetUtcNow().ToUnixTimeMilliseconds());

    private readonly PeriodicTimer _timer = new(TimeSpan.FromSeconds(Math.Max(0.05, options.Live.IntervalSeconds)), clock);

    protected override async Task<bool> RunOnceAsync(CancellationToken stoppingToken)
    {
        if (!await _timer.WaitForNextTickAsync(stoppingToken))
        {
            return false;
        }

        try
        {
            store.Write(() =>
            {
                Tick(_random);
                return 0;
            });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One odd row must not silence the demo company: skip the beat, go on with the next.
            logger.LogWarning(e, "Bitrix24 sandbox live mode skipped a beat");
        }

        // Referral visitors talk to the portal over HTTP, outside the store's lock (the portal's lead outbox calls back in).
        for (var visitors = promoters.VisitorsThisBeat(_random); visitors > 0; visitors--)
        {
            var links = store.Write(promoters.Links);
            if (links.Count > 0)
            {
                await promoters.VisitAsync(_random.Pick(links), _random, stoppingToken);
            }
        }

        // Survey customers answer over HTTP too (the portal's own page), outside the lock.
        await surveys.AnswerDueAsync(stoppingToken);

        return true;
    }

    public override void Dispose()
    {
        _timer.Dispose();
        base.Dispose();
    }

    private void Tick(SandboxRandom random)
    {
        var managers = store.Users.Rows.Where(u => u["ACTIVE"] is true && u.Id != 1).Select(u => u.Id).ToList();
        if (managers.Count == 0)
        {
            managers.Add(1);
        }

        if (random.Chance(0.6))
        {
            NewLead(random, random.Pick(managers));
        }

        promoters.Tick(random, managers);

        if (random.Chance(0.3))
        {
            ConvertLead(random);
        }

        for (var calls = random.Next(1, 3); calls > 0; calls--)
        {
            if (PickOpenDeal(random) is { } deal)
            {
                var phone = ContactPhone(deal) ?? Phone(random);
                crm.AddCall(2, deal.Id, (long)deal["ASSIGNED_BY_ID"]!, phone, random.Chance(0.4), TimeSpan.FromSeconds(random.Next(30, 600)));
            }
        }

        if (PickOpenDeal(random) is { } moving)
        {
            var pipeline = Reference.PipelineById((long)moving["CATEGORY_ID"]!)!;
            var progress = pipeline.Progress;
            var index = progress.ToList().FindIndex(s => s.StatusId == (string?)moving["STAGE_ID"]);
            var next = index + 1 < progress.Count ? progress[index + 1] : pipeline.Won;
            Move(moving, next.StatusId);
        }

        if (random.Chance(0.45) && PickOpenDeal(random) is { } winning)
        {
            Move(winning, Reference.PipelineById((long)winning["CATEGORY_ID"]!)!.Won.StatusId);
        }

        if (random.Chance(0.15) && PickOpenDeal(random) is { } losing)
        {
            Move(losing, Reference.PipelineById((long)losing["CATEGORY_ID"]!)!.Lost[0].StatusId);
        }

        if (random.Chance(0.3) && store.Contacts.Count > 0)
        {
            var contact = store.Contacts.Rows[random.Next(Math.Max(0, store.Contacts.Count - RecentWindow), store.Contacts.Count)];
            NewDeal(random, contact, null);
        }

        if (random.Chance(0.25))
        {
            var open = Recent(store.Tasks, t => t["REAL_STATUS"] is 2L or 3L);
            if (open.Count > 0)
            {
                var task = random.Pick(open);
                crm.CompleteTask(task, (long)task["RESPONSIBLE_ID"]!);
            }
        }
    }

    private void NewLead(SandboxRandom random, long manager)
    {
        var (first, last) = Name(random);
        var source = random.Pick(Reference.Sources).StatusId;
        crm.Add(store.Leads, new JsonObject
        {
            ["TITLE"] = $"Заявка — {first} {last}",
            ["NAME"] = first,
            ["LAST_NAME"] = last,
            ["SOURCE_ID"] = source,
            ["ASSIGNED_BY_ID"] = manager.ToString(CultureInfo.InvariantCulture),
            ["PHONE"] = new JsonArray(new JsonObject { ["VALUE"] = Phone(random), ["VALUE_TYPE"] = "MOBILE" }),
        }, manager);
    }

    private void ConvertLead(SandboxRandom random)
    {
        var open = Recent(store.Leads, l => l["STATUS_SEMANTIC_ID"] is "P");
        if (open.Count == 0)
        {
            return;
        }

        var lead = random.Pick(open);
        var manager = (long)lead["ASSIGNED_BY_ID"]!;
        var fields = new JsonObject
        {
            ["NAME"] = (string?)lead["NAME"],
            ["LAST_NAME"] = (string?)lead["LAST_NAME"],
            ["SOURCE_ID"] = (string?)lead["SOURCE_ID"],
            ["LEAD_ID"] = lead.Id.ToString(CultureInfo.InvariantCulture),
            ["ASSIGNED_BY_ID"] = manager.ToString(CultureInfo.InvariantCulture),
        };
        if (lead["PHONE"] is MultiValue[] { Length: > 0 } phones)
        {
            fields["PHONE"] = new JsonArray(new JsonObject { ["VALUE"] = phones[0].Value, ["VALUE_TYPE"] = phones[0].ValueType });
        }

        var contactId = crm.Add(store.Contacts, fields, manager);
        NewDeal(random, store.Contacts.Find(contactId)!, lead);
        crm.Update(store.Leads, lead, new JsonObject { ["STATUS_ID"] = "CONVERTED", ["CONTACT_ID"] = contactId.ToString(CultureInfo.InvariantCulture) }, manager);
    }

    private void NewDeal(SandboxRandom random, Row contact, Row? lead)
    {
        var manager = (long)contact["ASSIGNED_BY_ID"]!;
        var category = random.Weighted([0.6, 0.25, 0.15]);
        var amount = Math.Round(random.Next(10, 3000) * 500m + (random.Chance(0.15) ? random.Next(1, 100) / 100m : 0m), 2);
        crm.Add(store.Deals, new JsonObject
        {
            ["TITLE"] = $"{random.Pick(RussianData.Products)} — {contact["NAME"]} {contact["LAST_NAME"]}",
            ["CATEGORY_ID"] = category.ToString(CultureInfo.InvariantCulture),
            ["CONTACT_ID"] = contact.Id.ToString(CultureInfo.InvariantCulture),
            ["LEAD_ID"] = lead?.Id.ToString(CultureInfo.InvariantCulture),
            ["OPPORTUNITY"] = amount.ToString(CultureInfo.InvariantCulture),
            ["CURRENCY_ID"] = "RUB",
            ["SOURCE_ID"] = (string?)(lead ?? contact)["SOURCE_ID"],
            ["ASSIGNED_BY_ID"] = manager.ToString(CultureInfo.InvariantCulture),
        }, manager);
    }

    private void Move(Row deal, string stageId) =>
        crm.Update(store.Deals, deal, new JsonObject { ["STAGE_ID"] = stageId }, (long)deal["ASSIGNED_BY_ID"]!);

    private Row? PickOpenDeal(SandboxRandom random)
    {
        var open = Recent(store.Deals, d => d["CLOSED"] is "N");
        return open.Count == 0 ? null : random.Pick(open);
    }

    /// <summary>Matching rows among the newest ones: open records cluster at the recent end, and this stays cheap at 100,000 rows.</summary>
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

    private string? ContactPhone(Row deal) =>
        deal["CONTACT_ID"] is long contactId && store.Contacts.Find(contactId)?["PHONE"] is MultiValue[] { Length: > 0 } phones ? phones[0].Value : null;

    internal static (string First, string Last) Name(SandboxRandom random)
    {
        var female = random.Chance(0.45);
        var last = random.Pick(RussianData.LastNames);
        return (random.Pick(female ? RussianData.FemaleNames : RussianData.MaleNames), female ? RussianData.FemaleLastName(last) : last);
    }

    internal static string Phone(SandboxRandom random) =>
        string.Create(CultureInfo.InvariantCulture, $"+79{random.Next(0, 100):D2}{random.Next(0, 10_000_000):D7}");
}
