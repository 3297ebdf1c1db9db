using System.Globalization;
using System.Linq.Expressions;
using Loyalty.Core.Data;
using Loyalty.Core.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Nps;

/// <summary>
/// What the dashboard and the answers list look at: a period and, for the answers, a manager, a score group, a pipeline
/// and a template (null: all).
/// </summary>
public sealed record NpsFilter(NpsPeriod Period, long? ManagerId = null, NpsGroup? Group = null, long? PipelineId = null, long? TemplateId = null);

/// <summary>
/// The period's figures. <see cref="Counts"/> and <see cref="Nps"/> are the 0–10 answers given in the period;
/// <see cref="Satisfied"/> of <see cref="SatisfactionAnswered"/> the two-point ones. <see cref="Sent"/> counts the surveys
/// sent in the period, <see cref="SentAnswered"/> those of them answered (by now): the response rate is theirs, so it
/// never passes 100 %.
/// </summary>
public sealed record NpsSummary(NpsCounts Counts, int SatisfactionAnswered, int Satisfied, int Sent, int SentAnswered)
{
    public int? Nps => NpsMath.Score(Counts);

    public int Answered => Counts.Answered + SatisfactionAnswered;

    public int? ResponseRate => NpsMath.ResponseRate(SentAnswered, Sent);

    public int? SatisfiedShare => NpsMath.SatisfiedShare(Satisfied, SatisfactionAnswered);
}

/// <summary>One day of the chart: the 0–10 answers given that day (portal-local) and all answers, two-point ones too.</summary>
public sealed record NpsDay(DateOnly Day, NpsCounts Counts, int Answers)
{
    public int? Nps => NpsMath.Score(Counts);

    /// <summary>Too few answers for the day's NPS to mean a trend.</summary>
    public bool Few => Counts.Answered is > 0 and < NpsMath.FewAnswers;
}

/// <summary>A manager's or pipeline's line: surveys sent in the period, how many of them were answered, and the NPS of the period's answers.</summary>
public sealed record NpsBreakdownRow(long? Id, string Name, int Sent, int SentAnswered, NpsCounts Counts, int SatisfactionAnswered, int Satisfied)
{
    public int? ResponseRate => NpsMath.ResponseRate(SentAnswered, Sent);

    public int? Nps => NpsMath.Score(Counts);

    public int? SatisfiedShare => NpsMath.SatisfiedShare(Satisfied, SatisfactionAnswered);
}

/// <summary>One answer as the list shows it, by name.</summary>
public sealed record NpsAnswerRow(
    long SurveyId, long DealId, string? DealTitle, long? ContactId, string? ContactName, long? ManagerId, string? ManagerName,
    long PipelineId, string? PipelineName, long TemplateId, string? TemplateName, NpsScale Scale,
    DateTime? SentAt, DateTime AnsweredAt, int Score, string? Comment, DateTime? CommentErasedAt)
{
    public NpsGroup Group => NpsMath.Group(Scale, Score);
}

/// <summary>A survey sent and not answered, and what was done about it.</summary>
public sealed record NpsUnansweredRow(
    long SurveyId, long DealId, string? DealTitle, long? ContactId, string? ContactName, long? ManagerId, string? ManagerName,
    DateTime SentAt, string Channels, DateTime? RemindedAt, DateTime? CallTaskQueuedAt);

/// <summary>Where an error-log line comes from.</summary>
public enum NpsErrorSource
{
    /// <summary>The survey's own log (<see cref="NpsError"/>): no contact way, a rejected send, a template that failed.</summary>
    Survey,

    /// <summary>A survey e-mail or SMS the outbox gave up on.</summary>
    Delivery,

    /// <summary>A write-back to Bitrix24 (the score field, the comment, the task) still failing.</summary>
    Bitrix24,
}

/// <summary>One line of the error log. <see cref="Code"/> is the <see cref="NpsErrorKind"/> or the channel, for the reader's words.</summary>
public sealed record NpsErrorRow(DateTime At, NpsErrorSource Source, string Code, long? SurveyId, long? DealId, string? DealTitle, string Message);

/// <summary>A page of a list and the number of rows in all its pages.</summary>
public sealed record NpsPage<T>(IReadOnlyList<T> Items, int Total);

/// <summary>
/// The dashboard's figures (decision 019, "Dashboard and figures"), aggregated in the database on the surveys' time
/// indexes — never by loading answers: counts per group come back as one row, a day, a manager or a pipeline per row.
/// Answers are cut by <see cref="NpsSurvey.AnsweredAt"/>, sends by <see cref="NpsSurvey.SentAt"/>; NPS counts only the
/// 0–10 scale, the two-point scale has its satisfied share.
/// </summary>
public sealed class NpsQueries(IDbContextFactory<LoyaltyDbContext> dbFactory, Portal.PortalClock clock)
{
    public const int MaxPageSize = 200;

    /// <summary>The error log shows at most this many lines of each source, newest first.</summary>
    public const int ErrorLogLimit = 100;

    public async Task<NpsSummary> SummaryAsync(NpsFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var answers = await Answered(db, filter)
            .GroupBy(s => 1)
            .Select(g => new
            {
                Promoters = g.Count(s => s.Scale == NpsScale.ZeroToTen && s.Score >= 9),
                Passives = g.Count(s => s.Scale == NpsScale.ZeroToTen && s.Score >= 7 && s.Score <= 8),
                Detractors = g.Count(s => s.Scale == NpsScale.ZeroToTen && s.Score <= 6),
                Satisfaction = g.Count(s => s.Scale == NpsScale.Satisfaction),
                Satisfied = g.Count(s => s.Scale == NpsScale.Satisfaction && s.Score >= 1),
            })
            .FirstOrDefaultAsync(ct);
        var sent = await Sent(db, filter)
            .GroupBy(s => 1)
            .Select(g => new { Sent = g.Count(), Answered = g.Count(s => s.Score != null) })
            .FirstOrDefaultAsync(ct);
        return new NpsSummary(
            new NpsCounts(answers?.Promoters ?? 0, answers?.Passives ?? 0, answers?.Detractors ?? 0),
            answers?.Satisfaction ?? 0, answers?.Satisfied ?? 0, sent?.Sent ?? 0, sent?.Answered ?? 0);
    }

    /// <summary>
    /// Every day of the period up to today, in the portal's zone; a day without answers is there with no counts (a gap
    /// in the NPS line, not a zero). Local days are cut in SQL: the zone's offset is added to the answer time over each
    /// stretch of the period where it does not change (one for Moscow).
    /// </summary>
    public async Task<IReadOnlyList<NpsDay>> DailyAsync(NpsFilter filter, CancellationToken ct = default)
    {
        var period = filter.Period;
        var zone = clock.Zone;
        var byDay = new Dictionary<DateOnly, (NpsCounts Counts, int Answers)>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        foreach (var (start, end, offset) in NpsPeriods.ConstantOffsets(period, zone))
        {
            var minutes = offset.TotalMinutes;
            var rows = await Answered(db, filter with { Period = period with { StartUtc = start, EndUtc = end } })
                .GroupBy(s => s.AnsweredAt!.Value.AddMinutes(minutes).Date)
                .Select(g => new
                {
                    Day = g.Key,
                    Promoters = g.Count(s => s.Scale == NpsScale.ZeroToTen && s.Score >= 9),
                    Passives = g.Count(s => s.Scale == NpsScale.ZeroToTen && s.Score >= 7 && s.Score <= 8),
                    Detractors = g.Count(s => s.Scale == NpsScale.ZeroToTen && s.Score <= 6),
                    Answers = g.Count(),
                })
                .ToListAsync(ct);
            foreach (var row in rows)
            {
                var day = DateOnly.FromDateTime(row.Day);
                var had = byDay.GetValueOrDefault(day);
                byDay[day] = (had.Counts + new NpsCounts(row.Promoters, row.Passives, row.Detractors), had.Answers + row.Answers);
            }
        }

        var today = NpsPeriods.DayOf(clock.UtcNow, zone);
        return period.EachDay()
            .Where(d => d <= today || byDay.ContainsKey(d))
            .Select(d => byDay.TryGetValue(d, out var x) ? new NpsDay(d, x.Counts, x.Answers) : new NpsDay(d, NpsCounts.None, 0))
            .ToList();
    }

    /// <summary>Per manager (the deal's responsible when the survey was scheduled), by name; surveys without one last.</summary>
    public async Task<IReadOnlyList<NpsBreakdownRow>> PerManagerAsync(NpsFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (sent, answers, ids) = await BreakdownAsync(db, filter, s => s.ManagerId, ct);
        var names = await db.Employees.AsNoTracking().Where(e => ids.Contains(e.Id))
            .Select(e => new { e.Id, e.FirstName, e.LastName }).ToDictionaryAsync(e => e.Id, e => JoinName(e.FirstName, e.LastName), ct);
        return Join(sent, answers, id => id is { } m ? names.GetValueOrDefault(m) ?? "" : "");
    }

    /// <summary>Per pipeline of the surveyed deals, by name.</summary>
    public async Task<IReadOnlyList<NpsBreakdownRow>> PerPipelineAsync(NpsFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (sent, answers, ids) = await BreakdownAsync(db, filter, s => (long?)s.PipelineId, ct);
        var names = await db.Pipelines.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        return Join(sent, answers, id => id is { } p ? names.GetValueOrDefault(p) ?? "" : "");
    }

    /// <summary>Sends and answers of the filter grouped by one key (a manager, a pipeline), in SQL, and the keys met.</summary>
    private static async Task<(List<SentGroup> Sent, List<AnswerGroup> Answers, List<long> Ids)> BreakdownAsync(
        LoyaltyDbContext db, NpsFilter filter, Expression<Func<NpsSurvey, long?>> key, CancellationToken ct)
    {
        var sent = await Sent(db, filter).GroupBy(key)
            .Select(g => new SentGroup(g.Key, g.Count(), g.Count(s => s.Score != null))).ToListAsync(ct);
        var answers = await Answered(db, filter).GroupBy(key)
            .Select(g => new AnswerGroup(
                g.Key,
                g.Count(s => s.Scale == NpsScale.ZeroToTen && s.Score >= 9),
                g.Count(s => s.Scale == NpsScale.ZeroToTen && s.Score >= 7 && s.Score <= 8),
                g.Count(s => s.Scale == NpsScale.ZeroToTen && s.Score <= 6),
                g.Count(s => s.Scale == NpsScale.Satisfaction),
                g.Count(s => s.Scale == NpsScale.Satisfaction && s.Score >= 1)))
            .ToListAsync(ct);
        return (sent, answers, sent.Select(s => s.Id).Concat(answers.Select(a => a.Id)).OfType<long>().Distinct().ToList());
    }

    /// <summary>The answers of the filter, newest first, one page (paged in SQL), with names looked up for that page only.</summary>
    public async Task<NpsPage<NpsAnswerRow>> AnswersAsync(NpsFilter filter, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var answers = Answered(db, filter);
        var total = await answers.CountAsync(ct);
        var page = await Rows(db, answers.OrderByDescending(s => s.AnsweredAt).ThenByDescending(s => s.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, MaxPageSize))).ToListAsync(ct);
        return new NpsPage<NpsAnswerRow>(page, total);
    }

    /// <summary>How many answers the filter holds (what an Excel file of it would list).</summary>
    public async Task<int> CountAnswersAsync(NpsFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Answered(db, filter).CountAsync(ct);
    }

    /// <summary>
    /// Every answer of the filter in the list's order, read in chunks (for the Excel file): a year of a million surveys
    /// is never held at once by the query, only by the caller's file.
    /// </summary>
    public async IAsyncEnumerable<NpsAnswerRow> AllAnswersAsync(NpsFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        const int chunk = 2000;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        DateTime? lastAt = null;
        long lastId = 0;
        while (true)
        {
            var answers = Answered(db, filter);
            if (lastAt is { } at)
            {
                answers = answers.Where(s => s.AnsweredAt < at || (s.AnsweredAt == at && s.Id < lastId));
            }

            var rows = await Rows(db, answers.OrderByDescending(s => s.AnsweredAt).ThenByDescending(s => s.Id).Take(chunk)).ToListAsync(ct);
            foreach (var row in rows)
            {
                yield return row;
            }

            if (rows.Count < chunk)
            {
                yield break;
            }

            (lastAt, lastId) = (rows[^1].AnsweredAt, rows[^1].SurveyId);
        }
    }

    /// <summary>Surveys sent in the period (and matching the filter's manager and pipeline) with no answer yet, newest first.</summary>
    public async Task<NpsPage<NpsUnansweredRow>> UnansweredAsync(NpsFilter filter, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var surveys = Sent(db, filter).Where(s => s.Status == NpsSurveyStatus.Sent && s.Score == null);
        var total = await surveys.CountAsync(ct);
        var page = await surveys.OrderByDescending(s => s.SentAt).ThenByDescending(s => s.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, MaxPageSize))
            .Select(s => new NpsUnansweredRow(
                s.Id, s.DealId, db.Deals.Where(d => d.Id == s.DealId).Select(d => d.Title).FirstOrDefault(),
                s.ContactId, db.Contacts.Where(c => c.Id == s.ContactId).Select(c => (c.FirstName + " " + c.LastName).Trim()).FirstOrDefault(),
                s.ManagerId, db.Employees.Where(e => e.Id == s.ManagerId).Select(e => (e.FirstName + " " + e.LastName).Trim()).FirstOrDefault(),
                s.SentAt!.Value, s.Channels, s.RemindedAt, s.CallTaskQueuedAt))
            .ToListAsync(ct);
        return new NpsPage<NpsUnansweredRow>(page, total);
    }

    /// <summary>
    /// The error log of the period, newest first: the surveys' own errors, survey notices the outbox gave up on, and
    /// write-backs to Bitrix24 (keys <c>nps:{survey}:…</c>) that are still failing. At most <see cref="ErrorLogLimit"/> of each.
    /// </summary>
    public async Task<IReadOnlyList<NpsErrorRow>> ErrorsAsync(NpsPeriod period, CancellationToken ct = default)
    {
        var (start, end) = (period.StartUtc, period.EndUtc);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var own = await db.NpsErrors.AsNoTracking().Where(e => e.At >= start && e.At < end)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(ErrorLogLimit)
            .Select(e => new { e.At, e.Kind, e.SurveyId, e.DealId, e.Message }).ToListAsync(ct);
        var notices = await db.Notifications.AsNoTracking()
            .Where(n => n.Kind == NotificationKind.NpsSurvey && n.Status == NotificationStatus.Failed && n.FailedAt >= start && n.FailedAt < end)
            .OrderByDescending(n => n.FailedAt).ThenByDescending(n => n.Id).Take(ErrorLogLimit)
            .Select(n => new { n.FailedAt, n.Channel, n.DedupeKey, n.FailureCode, n.LastError }).ToListAsync(ct);
        var writeBacks = await db.CrmWriteBacks.AsNoTracking()
            .Where(w => w.Key.StartsWith("nps:") && w.SentAt == null && w.LastError != null && w.CreatedAt >= start && w.CreatedAt < end)
            .OrderByDescending(w => w.CreatedAt).Take(ErrorLogLimit)
            .Select(w => new { w.CreatedAt, w.Key, w.Method, w.LastError }).ToListAsync(ct);

        var rows = new List<NpsErrorRow>();
        rows.AddRange(own.Select(e => new NpsErrorRow(e.At, NpsErrorSource.Survey, e.Kind.ToString(), e.SurveyId, e.DealId, null, e.Message)));
        rows.AddRange(notices.Select(n => new NpsErrorRow(
            n.FailedAt!.Value, NpsErrorSource.Delivery, n.Channel.ToString(), SurveyIdOf(n.DedupeKey), null, null, n.LastError ?? n.FailureCode ?? "")));
        rows.AddRange(writeBacks.Select(w => new NpsErrorRow(w.CreatedAt, NpsErrorSource.Bitrix24, w.Method, SurveyIdOf(w.Key), null, null, w.LastError ?? "")));

        // The deal of each line, by name: from the survey when the line names only the survey.
        var surveyIds = rows.Where(r => r.DealId is null && r.SurveyId is not null).Select(r => r.SurveyId!.Value).Distinct().ToList();
        var dealOfSurvey = await db.NpsSurveys.AsNoTracking().Where(s => surveyIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.DealId, ct);
        rows = rows.Select(r => r.DealId is null && r.SurveyId is { } s && dealOfSurvey.TryGetValue(s, out var deal) ? r with { DealId = deal } : r).ToList();
        var dealIds = rows.Where(r => r.DealId is not null).Select(r => r.DealId!.Value).Distinct().ToList();
        var titles = await db.Deals.AsNoTracking().Where(d => dealIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Title, ct);
        return rows.Select(r => r.DealId is { } d && titles.TryGetValue(d, out var title) ? r with { DealTitle = title } : r)
            .OrderByDescending(r => r.At).ToList();
    }

    /// <summary>The managers and pipelines surveys name, and the templates, for the answers list's filters, by name.</summary>
    public async Task<NpsFilterChoices> ChoicesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var managerIds = db.NpsSurveys.Where(s => s.ManagerId != null).Select(s => s.ManagerId!.Value).Distinct();
        var managers = (await db.Employees.AsNoTracking().Where(e => managerIds.Contains(e.Id) || (e.DeletedAt == null && e.Active))
                .Select(e => new { e.Id, e.FirstName, e.LastName }).ToListAsync(ct))
            .Select(e => new NpsChoice(e.Id, JoinName(e.FirstName, e.LastName))).OrderBy(c => c.Name, StringComparer.CurrentCulture).ToList();
        var pipelines = await db.Pipelines.AsNoTracking().OrderBy(p => p.Sort).ThenBy(p => p.Id).Select(p => new NpsChoice(p.Id, p.Name)).ToListAsync(ct);
        var templates = await db.NpsTemplates.AsNoTracking().OrderBy(t => t.Name).Select(t => new NpsChoice(t.Id, t.Name)).ToListAsync(ct);
        var twoPoint = await db.NpsTemplates.AnyAsync(t => t.Scale == NpsScale.Satisfaction && t.DeletedAt == null, ct)
            || await db.NpsSurveys.AnyAsync(s => s.Scale == NpsScale.Satisfaction, ct);
        return new NpsFilterChoices(managers, pipelines, templates, twoPoint);
    }

    private static IQueryable<NpsSurvey> Answered(LoyaltyDbContext db, NpsFilter filter)
    {
        var (start, end) = (filter.Period.StartUtc, filter.Period.EndUtc);
        var surveys = db.NpsSurveys.AsNoTracking().Where(s => s.Score != null && s.AnsweredAt >= start && s.AnsweredAt < end);
        surveys = Narrow(surveys, filter);
        if (filter.Group is { } group)
        {
            var (min, max) = NpsMath.Range(group);
            var two = group switch { NpsGroup.Promoter => 1, NpsGroup.Detractor => 0, _ => -1 };
            surveys = surveys.Where(s => (s.Scale == NpsScale.ZeroToTen && s.Score >= min && s.Score <= max) || (s.Scale == NpsScale.Satisfaction && s.Score == two));
        }

        return surveys;
    }

    private static IQueryable<NpsSurvey> Sent(LoyaltyDbContext db, NpsFilter filter)
    {
        var (start, end) = (filter.Period.StartUtc, filter.Period.EndUtc);
        return Narrow(db.NpsSurveys.AsNoTracking().Where(s => s.SentAt >= start && s.SentAt < end), filter);
    }

    private static IQueryable<NpsSurvey> Narrow(IQueryable<NpsSurvey> surveys, NpsFilter filter)
    {
        if (filter.ManagerId is { } manager)
        {
            surveys = surveys.Where(s => s.ManagerId == manager);
        }

        if (filter.PipelineId is { } pipeline)
        {
            surveys = surveys.Where(s => s.PipelineId == pipeline);
        }

        if (filter.TemplateId is { } template)
        {
            surveys = surveys.Where(s => s.TemplateId == template);
        }

        return surveys;
    }

    private static IQueryable<NpsAnswerRow> Rows(LoyaltyDbContext db, IQueryable<NpsSurvey> surveys) => surveys.Select(s => new NpsAnswerRow(
        s.Id, s.DealId, db.Deals.Where(d => d.Id == s.DealId).Select(d => d.Title).FirstOrDefault(),
        s.ContactId, db.Contacts.Where(c => c.Id == s.ContactId).Select(c => (c.FirstName + " " + c.LastName).Trim()).FirstOrDefault(),
        s.ManagerId, db.Employees.Where(e => e.Id == s.ManagerId).Select(e => (e.FirstName + " " + e.LastName).Trim()).FirstOrDefault(),
        s.PipelineId, db.Pipelines.Where(p => p.Id == s.PipelineId).Select(p => p.Name).FirstOrDefault(),
        s.TemplateId, db.NpsTemplates.Where(t => t.Id == s.TemplateId).Select(t => t.Name).FirstOrDefault(),
        s.Scale, s.SentAt, s.AnsweredAt!.Value, s.Score!.Value, s.Comment, s.CommentErasedAt));

    private static List<NpsBreakdownRow> Join(List<SentGroup> sent, List<AnswerGroup> answers, Func<long?, string> name)
    {
        var bySent = sent.ToDictionary(s => s.Id ?? -1);
        var byAnswers = answers.ToDictionary(a => a.Id ?? -1);
        return bySent.Keys.Union(byAnswers.Keys)
            .Select(key =>
            {
                var s = bySent.GetValueOrDefault(key);
                var a = byAnswers.GetValueOrDefault(key);
                long? id = key == -1 ? null : key;
                return new NpsBreakdownRow(id, name(id), s?.Sent ?? 0, s?.Answered ?? 0,
                    new NpsCounts(a?.Promoters ?? 0, a?.Passives ?? 0, a?.Detractors ?? 0), a?.Satisfaction ?? 0, a?.Satisfied ?? 0);
            })
            .OrderBy(r => r.Id is null).ThenBy(r => r.Name, StringComparer.CurrentCulture).ThenBy(r => r.Id)
            .ToList();
    }

    private static long? SurveyIdOf(string key)
    {
        // nps:{surveyId}:…
        var parts = key.Split(':');
        return parts.Length >= 2 && parts[0] == "nps" && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    private static string JoinName(string first, string last) => string.Join(' ', new[] { first, last }.Where(s => s.Length > 0));

    private sealed record SentGroup(long? Id, int Sent, int Answered);

    private sealed record AnswerGroup(long? Id, int Promoters, int Passives, int Detractors, int Satisfaction, int Satisfied);
}

/// <summary>A manager, pipeline or template to filter by.</summary>
public sealed record NpsChoice(long Id, string Name);

/// <summary>The answers list's filter choices, and whether two-point templates exist (the dashboard then shows the satisfied share).</summary>
public sealed record NpsFilterChoices(IReadOnlyList<NpsChoice> Managers, IReadOnlyList<NpsChoice> Pipelines, IReadOnlyList<NpsChoice> Templates, bool TwoPoint);
