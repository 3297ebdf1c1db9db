using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Loyalty.Core.Data;
using Loyalty.Core.Nps;
using Loyalty.Web.Sandbox.Generation;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Sandbox.Changes;

/// <summary>What a demo customer does with one survey: whether and when they answer, the score and the comment.</summary>
internal sealed record LiveNpsAnswer(bool Answers, TimeSpan After, int Score, string? Comment);

/// <summary>
/// Live mode's survey customers (issue 16): a share of the surveys the portal sent (<see cref="SandboxLiveNpsOptions"/>,
/// about 60 %) is answered some minutes after sending, as a person would — the score link of the e-mail opened
/// (a GET that records nothing), the score confirmed by the page's own form (its hidden fields and cookies), and for
/// most low scores a Russian comment sent by the reply's form. The mix is about 55 % 9–10, 25 % 7–8, 20 % 0–6. Each
/// survey's fate is drawn from a generator seeded by the survey's token, so a rerun over the same data answers the
/// same surveys the same way. The surveys are read from the portal's own database: the customers stand for the
/// mailbox's readers, who hold the links.
/// </summary>
internal sealed partial class LiveNps(
    IDbContextFactory<LoyaltyDbContext> dbFactory, SandboxOptions options, IServer server, TimeProvider time, ILogger<LiveNps> logger)
{
    /// <summary>Only surveys sent within this many days are looked at (older ones were decided long ago).</summary>
    private const int RecentDays = 3;

    private static readonly string[] DetractorComments =
    [
        "Доставку переносили дважды, и никто не предупредил заранее.",
        "Менеджер долго не отвечал на звонки, пришлось писать несколько раз.",
        "Итоговая цена оказалась выше, чем обещали в начале.",
        "Товар пришёл с повреждённой упаковкой, замену ждали неделю.",
        "Пришлось самому напоминать о заказе, сроки сорвали.",
        "Документы прислали с ошибками, исправляли несколько дней.",
        "Монтаж затянулся на три дня вместо одного.",
        "Обещали перезвонить и не перезвонили.",
        "Качество не соответствует цене, ожидал большего.",
        "Консультация была формальной, на вопросы толком не ответили.",
    ];

    private readonly HashSet<long> _done = [];

    private int _visits;

    private SandboxLiveNpsOptions Settings => options.Live.Nps;

    /// <summary>
    /// The fate of the survey with <paramref name="token"/>: drawn from a generator seeded by the token (and the
    /// sandbox's seed), so it is the same on every run.
    /// </summary>
    public LiveNpsAnswer Decide(string token, NpsScale scale)
    {
        var random = new SandboxRandom(Seed(token) ^ options.Seed);
        var answers = random.Chance(Math.Clamp(Settings.AnswerShare, 0, 1));
        var min = Math.Max(0, Settings.MinDelayMinutes);
        var max = Math.Max(min, Settings.MaxDelayMinutes);
        var after = TimeSpan.FromMinutes(min + (random.NextDouble() * (max - min)));
        var mix = random.NextDouble();
        int score;
        if (scale == NpsScale.Satisfaction)
        {
            score = mix < 0.8 ? 1 : 0;
        }
        else
        {
            score = mix < 0.55 ? (random.Chance(0.6) ? 10 : 9) : mix < 0.80 ? (random.Chance(0.5) ? 8 : 7) : random.Next(0, 7);
        }

        var low = NpsMath.Group(scale, score) == NpsGroup.Detractor;
        var comment = low && random.Chance(Math.Clamp(Settings.DetractorCommentShare, 0, 1)) ? random.Pick(DetractorComments) : null;
        return new LiveNpsAnswer(answers, after, score, comment);
    }

    /// <summary>
    /// One beat: every sent, unanswered survey whose customer answers and whose moment has come is answered over
    /// HTTP. Returns how many were answered. A survey whose page could not be reached is tried again next beat.
    /// </summary>
    public async Task<int> AnswerDueAsync(CancellationToken ct)
    {
        if (!Settings.Enabled || OwnAddress() is not { } own)
        {
            return 0;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var since = now.AddDays(-RecentDays);
        List<(long Id, string Token, NpsScale Scale, DateTime SentAt)> sent;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            sent = (await db.NpsSurveys.AsNoTracking()
                    // The newest first: the surveys a customer never answers stay unanswered, and oldest-first they would fill the 500 and hide every new one.
                    .Where(s => s.Status == NpsSurveyStatus.Sent && s.Score == null && s.SentAt != null && s.SentAt >= since)
                    .OrderByDescending(s => s.SentAt).Take(500)
                    .Select(s => new { s.Id, s.Token, s.Scale, SentAt = s.SentAt!.Value })
                    .ToListAsync(ct))
                .Select(s => (s.Id, s.Token, s.Scale, s.SentAt)).ToList();
        }

        var answered = 0;
        foreach (var survey in sent)
        {
            if (_done.Contains(survey.Id))
            {
                continue;
            }

            var fate = Decide(survey.Token, survey.Scale);
            if (!fate.Answers)
            {
                _done.Add(survey.Id);
                continue;
            }

            if (survey.SentAt + fate.After > now)
            {
                continue;
            }

            if (await AnswerAsync(own, survey.Token, fate, ct))
            {
                _done.Add(survey.Id);
                answered++;
            }
        }

        return answered;
    }

    /// <summary>Opens the score link, confirms the score with the page's form, and sends the comment when there is one.</summary>
    private async Task<bool> AnswerAsync(string own, string token, LiveNpsAnswer fate, CancellationToken ct)
    {
        var page = new Uri(new Uri(own + "/"), $"s/{Uri.EscapeDataString(token)}");
        using var handler = new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        if (Settings.ClientAddressHeader is { Length: > 0 } header)
        {
            var n = Interlocked.Increment(ref _visits);
            http.DefaultRequestHeaders.Add(header, $"198.19.{(n >> 8) & 255}.{n & 255}");
        }

        try
        {
            var link = await http.GetAsync(new Uri(page + "?score=" + fate.Score.ToString(CultureInfo.InvariantCulture)), ct);
            if (link.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }

            var form = Hidden(await link.Content.ReadAsStringAsync(ct));
            if (!form.ContainsKey("_handler"))
            {
                // Closed or gone: nothing to answer any more.
                return true;
            }

            form["ScoreInput.Value"] = fate.Score.ToString(CultureInfo.InvariantCulture);
            var reply = await http.PostAsync(page, new FormUrlEncodedContent(form), ct);
            var html = await reply.Content.ReadAsStringAsync(ct);
            if (reply.StatusCode != HttpStatusCode.OK || !html.Contains("data-testid=\"nps-your-score\"", StringComparison.Ordinal))
            {
                return false;
            }

            if (fate.Comment is { } comment && html.Contains("data-testid=\"nps-comment-form\"", StringComparison.Ordinal))
            {
                var commentForm = Hidden(html);
                commentForm["CommentInput.Text"] = comment;
                var thanked = await http.PostAsync(page, new FormUrlEncodedContent(commentForm), ct);
                logger.LogDebug("Sandbox live customer commented survey {Token}: {Status}", token, thanked.StatusCode);
            }

            logger.LogDebug("Sandbox live customer answered a survey with {Score}", fate.Score);
            return true;
        }
        catch (HttpRequestException e)
        {
            logger.LogDebug(e, "Sandbox live customer could not reach the survey page");
            return false;
        }
    }

    private static Dictionary<string, string> Hidden(string html)
    {
        var fields = new Dictionary<string, string>();
        foreach (Match m in HiddenInput().Matches(html))
        {
            fields[WebUtility.HtmlDecode(m.Groups["name"].Value)] = WebUtility.HtmlDecode(m.Groups["value"].Value);
        }

        return fields;
    }

    /// <summary>FNV-1a over the token: stable across processes (string hash codes are not).</summary>
    private static long Seed(string token)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in token)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return (long)hash;
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
