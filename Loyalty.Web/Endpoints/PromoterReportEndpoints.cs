using System.Globalization;
using Loyalty.Core.Identity;
using Loyalty.Core.Reports;
using Loyalty.Web.Components.Shared;
using Loyalty.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Endpoints;

/// <summary>
/// The promoter program's files for administrators and accountants (decision 018): the payout report, the register of
/// referred leads and deals, a promoter's statement, a payout run's report (Excel, built by Core) and the run's bank
/// payment registry (CSV). A bad parameter is a 400 with a sentence; an unknown promoter or run a 404.
/// </summary>
internal static class PromoterReportEndpoints
{
    public const string PayoutsPath = "/promoters/reports/payouts.xlsx";
    public const string RegisterPath = "/promoters/reports/register.xlsx";

    public static string StatementPath(long promoterId) => $"/promoters/{promoterId}/statement.xlsx";

    public static string RunReportPath(long runId) => $"/promoters/payouts/{runId}/report.xlsx";

    public static string RegistryPath(long runId) => $"/promoters/payouts/{runId}/registry.csv";

    /// <summary>A report's address with its period and filters (absent ones left out).</summary>
    public static string Url(string path, DateOnly from, DateOnly to, long? promoter = null, long? contact = null, long? deal = null)
    {
        var query = $"?from={Day(from)}&to={Day(to)}";
        query += promoter is { } p ? $"&promoter={p.ToString(CultureInfo.InvariantCulture)}" : "";
        query += contact is { } c ? $"&contact={c.ToString(CultureInfo.InvariantCulture)}" : "";
        query += deal is { } d ? $"&deal={d.ToString(CultureInfo.InvariantCulture)}" : "";
        return path + query;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static WebApplication MapPromoterReports(this WebApplication app)
    {
        var reports = app.MapGroup("/promoters").RequireAuthorization(Policies.Finance);

        reports.MapGet("/reports/payouts.xlsx", async Task<IResult> (HttpContext context, PromoterReports promoterReports, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            if (ReadFilter(context.Request.Query, promoterReports, l, out var filter) is { } bad)
            {
                return bad;
            }

            var bytes = await promoterReports.PayoutsAsync(filter, CultureInfo.CurrentUICulture, ct);
            return TypedResults.File(bytes, PromoterReports.ContentType, PromoterReports.PayoutsFileName(filter.From, filter.To));
        });

        reports.MapGet("/reports/register.xlsx", async Task<IResult> (HttpContext context, PromoterReports promoterReports, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            if (ReadFilter(context.Request.Query, promoterReports, l, out var filter) is { } bad)
            {
                return bad;
            }

            var bytes = await promoterReports.RegisterAsync(filter, CultureInfo.CurrentUICulture, ct);
            return TypedResults.File(bytes, PromoterReports.ContentType, PromoterReports.RegisterFileName(filter.From, filter.To));
        });

        reports.MapGet("/{id:long}/statement.xlsx", async Task<IResult> (long id, HttpContext context, PromoterReports promoterReports, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            if (ReadPeriod(context.Request.Query, promoterReports, l, out var from, out var to) is { } bad)
            {
                return bad;
            }

            var bytes = await promoterReports.StatementAsync(id, from, to, CultureInfo.CurrentUICulture, ct);
            return bytes is null
                ? TypedResults.NotFound()
                : TypedResults.File(bytes, PromoterReports.ContentType, PromoterReports.StatementFileName(id, from, to));
        });

        reports.MapGet("/payouts/{runId:long}/report.xlsx", async Task<IResult> (long runId, PromoterReports promoterReports, CancellationToken ct) =>
        {
            var bytes = await promoterReports.RunAsync(runId, CultureInfo.CurrentUICulture, ct);
            return bytes is null ? TypedResults.NotFound() : TypedResults.File(bytes, PromoterReports.ContentType, PromoterReports.RunFileName(runId));
        });

        reports.MapGet("/payouts/{runId:long}/registry.csv", async Task<IResult> (long runId, PromoterReports promoterReports, CancellationToken ct) =>
        {
            var run = await promoterReports.RunOfAsync(runId, ct);
            return run is null
                ? TypedResults.NotFound()
                : TypedResults.File(PayoutRegistryCsv.Write(run), PayoutRegistryCsv.ContentType + "; charset=utf-8", PayoutRegistryCsv.FileName(runId));
        });

        return app;
    }

    /// <summary>The period (this month when neither day is given) and the filters; a problem to answer with when something is unreadable.</summary>
    private static IResult? ReadFilter(IQueryCollection query, PromoterReports reports, IStringLocalizer<SharedResource> l, out PromoterReportFilter filter)
    {
        filter = null!;
        if (ReadPeriod(query, reports, l, out var from, out var to) is { } bad)
        {
            return bad;
        }

        long? promoter = null, contact = null, deal = null;
        foreach (var (name, set) in new (string, Action<long?>)[] { ("promoter", v => promoter = v), ("contact", v => contact = v), ("deal", v => deal = v) })
        {
            var text = query[name].ToString();
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            if (QueryValues.Id(text) is not { } id)
            {
                return TypedResults.Problem(l["PromoterReport_FilterUnreadable", name, text], statusCode: StatusCodes.Status400BadRequest, title: l["PromoterReport_FilterTitle"]);
            }

            set(id);
        }

        filter = new PromoterReportFilter(from, to, promoter, contact, deal);
        return null;
    }

    private static IResult? ReadPeriod(IQueryCollection query, PromoterReports reports, IStringLocalizer<SharedResource> l, out DateOnly from, out DateOnly to)
    {
        var fromText = query["from"].ToString();
        var toText = query["to"].ToString();
        if (fromText.Length == 0 && toText.Length == 0)
        {
            (from, to) = reports.ThisMonth();
            return null;
        }

        from = QueryValues.Day(fromText) ?? default;
        to = QueryValues.Day(toText) ?? default;
        if (from == default || to == default)
        {
            var bad = from == default ? fromText : toText;
            return TypedResults.Problem(l["Reports_PeriodUnreadable", bad], statusCode: StatusCodes.Status400BadRequest, title: l["Reports_PeriodTitle"]);
        }

        if (from > to)
        {
            return TypedResults.Problem(
                l["Reports_PeriodReversed", from.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture), to.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)],
                statusCode: StatusCodes.Status400BadRequest, title: l["Reports_PeriodTitle"]);
        }

        return null;
    }
}
