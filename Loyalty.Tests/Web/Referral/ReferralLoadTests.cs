using System.Net;
using Loyalty.Core.Promoters;
using Loyalty.Tests.TestSupport;

namespace Loyalty.Tests.Web.Referral;

/// <summary>
/// 200 visitors from 200 client addresses send the form at once (the per-address limit stays on): 200 submissions and
/// exactly 200 leads in the sandbox, each with its promoter; the same form sent again by each of them adds nothing.
/// </summary>
public sealed class ReferralLoadTests(ReferralPortal portal) : IClassFixture<ReferralPortal>
{
    private const int Visitors = 200;

    [Fact]
    public async Task TwoHundredConcurrentVisitorsMakeExactlyTwoHundredLeads()
    {
        var (promoter, code) = await portal.AddPromoterAsync("Нина", "Волкова");
        var clients = Enumerable.Range(0, Visitors).Select(_ => portal.ClientFrom(ReferralPortal.NewAddress())).ToList();
        try
        {
            // Each visitor opens the page (its own form token), then all post at once, then all post the same form again.
            var forms = await Task.WhenAll(clients.Select(async (client, i) =>
            {
                var page = await client.Http.GetStringAsync($"r/{code}");
                var form = FormFields.Hidden(page);
                form["Input.Name"] = $"Посетитель {i}";
                form["Input.Phone"] = $"+7 916 {i / 100 % 10}{i / 10 % 10}{i % 10}-00-00";
                form["Input.Consent"] = "true";
                return form;
            }));
            using var start = new SemaphoreSlim(0, Visitors);
            var posts = clients.Select(async (client, i) =>
            {
                await start.WaitAsync();
                return await client.Http.PostAsync($"r/{code}", new FormUrlEncodedContent(forms[i]));
            }).ToList();
            start.Release(Visitors);
            var answers = await Task.WhenAll(posts);
            var repeats = await Task.WhenAll(clients.Select((client, i) => client.Http.PostAsync($"r/{code}", new FormUrlEncodedContent(forms[i]))));

            foreach (var answer in answers.Concat(repeats))
            {
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
                Assert.Contains("data-testid=\"referral-thanks\"", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            var sent = await Eventually.MatchAsync(() => portal.SubmissionsAsync(promoter.Id),
                s => s.Count == Visitors && s.All(x => x.Status == ReferralSubmissionStatus.Done), "200 submissions sent", TimeSpan.FromMinutes(3));
            Assert.Equal(Visitors, sent.Select(s => s.LeadId).Distinct().Count());
            Assert.Equal(Visitors, sent.Select(s => s.ClientAddress).Distinct().Count());
            var leads = await portal.GetAsync("crm.lead.list", $"filter[{ReferralLeadSender.LeadPromoterField}]={promoter.ContactId}&select[]=ID&start=-1");
            var total = 0;
            var lastId = 0L;
            while (true)
            {
                var page = await portal.GetAsync("crm.lead.list",
                    $"filter[{ReferralLeadSender.LeadPromoterField}]={promoter.ContactId}&filter[>ID]={lastId}&order[ID]=ASC&select[]=ID&start=-1");
                var rows = page.Result.EnumerateArray().ToList();
                total += rows.Count;
                if (rows.Count < 50)
                {
                    break;
                }

                lastId = long.Parse(rows[^1].GetProperty("ID").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            }

            Assert.Equal(Visitors, total);
            Assert.Equal(HttpStatusCode.OK, leads.Status);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }
}
