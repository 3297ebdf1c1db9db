using Loyalty.Core.Nps;
using Loyalty.Tests.Web.Nps;
using Loyalty.Web.Sandbox;
using Loyalty.Web.Sandbox.Changes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Loyalty.Tests.Web.Sandbox;

/// <summary>
/// Live mode's survey customers: a beat answers a due survey over HTTP through the portal's own page (a GET of the
/// score link, the page's form posted, a comment for a low score when drawn), once; each survey's fate is the same on
/// every run, and over many surveys the mix is the one the issue asks for.
/// </summary>
public sealed class SandboxLiveNpsTests(SandboxLiveNpsTests.AnsweringPortal portal) : IClassFixture<SandboxLiveNpsTests.AnsweringPortal>
{
    [Fact]
    public async Task ALiveBeatAnswersADueSurveyOverHttpOnce()
    {
        var survey = await portal.AddSurveyAsync();
        var customers = portal.Services.GetRequiredService<LiveNps>();
        var fate = customers.Decide(survey.Token, survey.Scale);
        Assert.True(fate.Answers);

        var answered = await customers.AnswerDueAsync(CancellationToken.None);

        Assert.Equal(1, answered);
        var stored = await portal.SurveyAsync(survey.Id);
        Assert.Equal(fate.Score, stored.Score);
        Assert.NotNull(stored.FirstAnsweredAt);
        Assert.Equal(fate.Comment, stored.Comment);
        var writes = await portal.WritesAsync(survey.Id);
        Assert.Contains(writes, w => w.Method == "crm.deal.update");
        Assert.Equal(fate.Comment is null ? 0 : 1, writes.Count(w => w.Method == "tasks.task.add"));

        // The next beat has nothing to do.
        Assert.Equal(0, await customers.AnswerDueAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ALowScoreDrawnWithACommentReachesTheCommentForm()
    {
        // Tokens until one draws a low score with a comment: the fate is a function of the token.
        var customers = portal.Services.GetRequiredService<LiveNps>();
        string token;
        do
        {
            token = NpsPortal.NewToken();
        }
        while (customers.Decide(token, NpsScale.ZeroToTen) is not { Score: <= 6, Comment: not null });

        var survey = await portal.AddSurveyAsync(token: token);
        await customers.AnswerDueAsync(CancellationToken.None);

        var stored = await portal.SurveyAsync(survey.Id);
        Assert.InRange(stored.Score!.Value, 0, 6);
        Assert.NotNull(stored.Comment);
        Assert.Matches("[а-яА-Я]", stored.Comment);
        Assert.NotNull(stored.TaskQueuedAt);
    }

    [Fact]
    public void EachSurveysFateIsStableAndTheMixIsRealistic()
    {
        var customers = new LiveNps(null!, new SandboxOptions(), null!, TimeProvider.System, NullLogger<LiveNps>.Instance);
        var tokens = Enumerable.Range(0, 4000).Select(i => $"token-{i:D6}-abcdefghijk").ToList();

        var fates = tokens.Select(t => customers.Decide(t, NpsScale.ZeroToTen)).ToList();

        Assert.Equal(fates, tokens.Select(t => customers.Decide(t, NpsScale.ZeroToTen)));
        var answered = fates.Where(f => f.Answers).ToList();
        Assert.InRange(answered.Count / (double)fates.Count, 0.55, 0.65);
        Assert.InRange(answered.Count(f => f.Score >= 9) / (double)answered.Count, 0.50, 0.60);
        Assert.InRange(answered.Count(f => f.Score is 7 or 8) / (double)answered.Count, 0.20, 0.30);
        var low = answered.Where(f => f.Score <= 6).ToList();
        Assert.InRange(low.Count / (double)answered.Count, 0.16, 0.24);
        Assert.InRange(low.Count(f => f.Comment is not null) / (double)low.Count, 0.7, 0.9);
        Assert.All(answered.Where(f => f.Score > 6), f => Assert.Null(f.Comment));
        Assert.All(answered, f => Assert.InRange(f.After, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(20)));
    }

    /// <summary>The survey portal with every survey answered at once (live mode's beat is called by the test).</summary>
    public sealed class AnsweringPortal() : NpsPortal(new Dictionary<string, string?>
    {
        ["Sandbox:Live:Nps:AnswerShare"] = "1",
        ["Sandbox:Live:Nps:MinDelayMinutes"] = "0",
        ["Sandbox:Live:Nps:MaxDelayMinutes"] = "0",
        ["Sandbox:Live:Nps:ClientAddressHeader"] = Loyalty.Tests.TestSupport.ClientAddresses.Header,
    });
}
