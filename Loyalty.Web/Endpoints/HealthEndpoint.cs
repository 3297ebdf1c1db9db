using System.Text.Json;
using Loyalty.Core.Sync;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Loyalty.Web.Endpoints;

internal static class HealthEndpoint
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary><c>GET /health</c>: 200 with <c>"status": "Healthy"</c> when the database answers, 503 otherwise; JSON with the last successful sync for monitoring.</summary>
    public static WebApplication MapHealthEndpoint(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResponseWriter = async (context, report) =>
            {
                context.Response.ContentType = "application/json; charset=utf-8";
                object? lastSync = null;
                if (report.Entries.TryGetValue("database", out var database) && database.Status == HealthStatus.Healthy)
                {
                    var run = await context.RequestServices.GetRequiredService<SyncQueries>().LastSuccessfulAsync(context.RequestAborted);
                    lastSync = run is null ? null : new
                    {
                        runId = run.Id,
                        kind = run.Kind.ToString(),
                        finishedAt = run.FinishedAt,
                        counts = SyncCounts.Parse(run.Counts).ToDictionary(c => c.Key.ToString(), c => c.Value),
                    };
                }

                var body = new
                {
                    status = report.Status.ToString(),
                    durationMs = (int)report.TotalDuration.TotalMilliseconds,
                    checks = report.Entries.ToDictionary(
                        e => e.Key,
                        e => new { status = e.Value.Status.ToString(), error = e.Value.Exception?.Message ?? e.Value.Description }),
                    lastSuccessfulSync = lastSync,
                };
                await context.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
            },
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).AllowAnonymous();
        return app;
    }
}
