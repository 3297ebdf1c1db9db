using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Core.Nps;

public static class NpsRegistration
{
    /// <summary>The NPS program's core: settings, templates, renderer, rules, surveys and their worker.</summary>
    public static IServiceCollection AddNps(this IServiceCollection services)
    {
        services.AddSingleton<NpsSettingsStore>();
        services.AddSingleton<NpsTemplateStore>();
        services.AddSingleton<NpsRenderer>();
        services.AddSingleton<NpsRuleStore>();
        services.AddSingleton<NpsSurveys>();
        services.AddHostedService<NpsWorker>();
        return services;
    }
}
