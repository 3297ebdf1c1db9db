using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Core.Cabinet;

public static class CabinetRegistration
{
    /// <summary>The promoter cabinet: password-less sign-in, its accounts and its query.</summary>
    public static IServiceCollection AddPromoterCabinet(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<CabinetOptions>(configuration.GetSection(CabinetOptions.Section));
        services.AddSingleton<CabinetSignIn>();
        services.AddSingleton<CabinetAccounts>();
        services.AddSingleton<CabinetQueries>();
        return services;
    }
}
