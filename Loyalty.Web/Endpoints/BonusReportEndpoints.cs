using System.Globalization;
using Loyalty.Core.Identity;
using Loyalty.Core.Reports;
using Loyalty.Web.Components.Shared;
using Loyalty.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Endpoints;

/// <summary>The bonus program's Excel files, for administrators and accountants; the workbooks are built by Core.</summary>
internal static class BonusReportEndpoints
{
    public const string BalancesPath = "/reports/bonuses/balances";
    public const string AccrualsPath = "/reports/bonuses/accruals";

    /// <summary>The register's address for a period: <c>/reports/bonuses/accruals?from=2026-11-01&amp;to=2026-11-30</c>.</summary>
    public static string AccrualsUrl(DateOnly from, DateOnly to) =>
        $"{AccrualsPath}?from={from.ToString(DateFormat, CultureInfo.InvariantCulture)}&to={to.ToString(DateFormat, CultureInfo.InvariantCulture)}";

    private const string DateFormat = "yyyy-MM-dd";

    public static WebApplication MapBonusReports(this WebApplication app)
    {
        var reports = app.MapGroup("/reports/bonuses").RequireAuthorization(Policies.Finance);

        reports.MapGet("/balances", async (BonusReports bonusReports, CancellationToken ct) =>
        {
            var bytes = await bonusReports.BalancesAsync(CultureInfo.CurrentUICulture, ct);
            return TypedResults.File(bytes, BonusReports.ContentType, BonusReports.BalancesFileName(bonusReports.Today));
        });

        reports.MapGet("/accruals", async Task<IResult> (string? from, string? to, BonusReports bonusReports, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            if (!TryReadDay(from, out var first) || !TryReadDay(to, out var last))
            {
                var bad = TryReadDay(from, out _) ? to : from;
                return TypedResults.Problem(l["Reports_PeriodUnreadable", bad ?? ""], statusCode: StatusCodes.Status400BadRequest, title: l["Reports_PeriodTitle"]);
            }

            if (first > last)
            {
                return TypedResults.Problem(
                    l["Reports_PeriodReversed", first.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture), last.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)],
                    statusCode: StatusCodes.Status400BadRequest, title: l["Reports_PeriodTitle"]);
            }

            var bytes = await bonusReports.AccrualsAsync(first, last, CultureInfo.CurrentUICulture, ct);
            return TypedResults.File(bytes, BonusReports.ContentType, BonusReports.AccrualsFileName(first, last));
        });

        return app;
    }

    /// <summary>A day of the years the portal works with (<see cref="QueryValues.FirstDay"/>…<see cref="QueryValues.LastDay"/>): 9999-12-31 has no next day to end the period at.</summary>
    private static bool TryReadDay(string? text, out DateOnly day)
    {
        day = QueryValues.Day(text) ?? default;
        return day != default;
    }
}
