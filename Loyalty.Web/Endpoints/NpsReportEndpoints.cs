using System.Globalization;
using Loyalty.Core.Identity;
using Loyalty.Core.Nps;
using Loyalty.Core.Portal;
using Loyalty.Core.Reports;
using Loyalty.Web.Components.Pages.Nps;
using Loyalty.Web.Components.Shared;
using Loyalty.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Endpoints;

/// <summary>
/// The NPS answers as Excel for sales heads and administrators, with the answers list's filter (period, manager, group,
/// pipeline, template). A bad parameter is a 400 with a sentence, never a stack trace.
/// </summary>
internal static class NpsReportEndpoints
{
    public const string AnswersPath = "/nps/answers.xlsx";

    /// <summary>The most answers one file lists (<c>Nps:ExcelMaxRows</c>).</summary>
    public const int DefaultMaxRows = 100_000;

    public static WebApplication MapNpsReports(this WebApplication app)
    {
        // ClosedXML holds the whole sheet in memory (a month of 57,570 answers: 11 s and ~0.9 GB, docs/performance.md):
        // a file over the limit is refused with a sentence rather than risking the host's memory.
        var maxRows = app.Configuration.GetValue("Nps:ExcelMaxRows", DefaultMaxRows);
        app.MapGet(AnswersPath, async Task<IResult> (HttpContext context, NpsReports reports, NpsQueries queries, PortalClock clock, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            if (ReadFilter(context.Request.Query, clock, l, out var filter) is { } bad)
            {
                return bad;
            }

            if (await queries.CountAnswersAsync(filter, ct) is var count && count > maxRows)
            {
                return TypedResults.Problem(l["NpsDash_ExcelTooMany", Formats.Number(count), Formats.Number(maxRows)], statusCode: StatusCodes.Status400BadRequest, title: l["NpsDash_ExcelTooManyTitle"]);
            }

            var bytes = await reports.AnswersAsync(filter, CultureInfo.CurrentUICulture, ct);
            return TypedResults.File(bytes, NpsReports.ContentType, NpsReports.FileName(filter.Period));
        }).RequireAuthorization(Policies.Sales);
        return app;
    }

    private static IResult? ReadFilter(IQueryCollection query, PortalClock clock, IStringLocalizer<SharedResource> l, out NpsFilter filter)
    {
        filter = null!;
        var (period, problem) = NpsPeriods.Parse(query["period"].ToString(), query["from"].ToString(), query["to"].ToString(), clock.UtcNow, clock.Zone);
        if (problem is not null)
        {
            return TypedResults.Problem(l[problem, NpsPeriods.MaxYears], statusCode: StatusCodes.Status400BadRequest, title: l["NpsDash_FilterTitle"]);
        }

        var ids = new Dictionary<string, long?>();
        foreach (var name in new[] { "manager", "pipeline", "template" })
        {
            var text = query[name].ToString();
            if (string.IsNullOrWhiteSpace(text))
            {
                ids[name] = null;
                continue;
            }

            if (QueryValues.Id(text) is not { } id)
            {
                return TypedResults.Problem(l["NpsDash_FilterUnreadable", name, text], statusCode: StatusCodes.Status400BadRequest, title: l["NpsDash_FilterTitle"]);
            }

            ids[name] = id;
        }

        var groupText = query["group"].ToString();
        var group = NpsAnswersQuery.Group(groupText);
        if (!string.IsNullOrWhiteSpace(groupText) && group is null)
        {
            return TypedResults.Problem(l["NpsDash_FilterUnreadable", "group", groupText], statusCode: StatusCodes.Status400BadRequest, title: l["NpsDash_FilterTitle"]);
        }

        filter = new NpsFilter(period ?? NpsPeriods.Current(NpsPeriodQuery.Default, clock.UtcNow, clock.Zone), ids["manager"], group, ids["pipeline"], ids["template"]);
        return null;
    }
}
