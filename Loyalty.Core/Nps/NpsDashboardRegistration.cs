using Loyalty.Core.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Core.Nps;

public static class NpsDashboardRegistration
{
    /// <summary>The NPS figures: the dashboard's queries, the answers' Excel file and the comments' retention.</summary>
    public static IServiceCollection AddNpsDashboard(this IServiceCollection services)
    {
        services.AddSingleton<NpsQueries>();
        services.AddSingleton<NpsReports>();
        services.AddSingleton<NpsRetention>();
        return services;
    }
}
