using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Core.Nps;

public static class NpsAnswersRegistration
{
    /// <summary>The public survey page's side: answers, comments, the tasks and write-backs they queue.</summary>
    public static IServiceCollection AddNpsAnswers(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<NpsPageOptions>(configuration.GetSection(NpsPageOptions.Section));
        services.AddSingleton<NpsAnswers>();
        services.AddSingleton<NpsTasks>();
        return services;
    }
}
