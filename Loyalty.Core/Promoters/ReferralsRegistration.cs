using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Core.Promoters;

public static class ReferralsRegistration
{
    /// <summary>The referral page's settings, form tokens, submissions, the lead outbox and its worker.</summary>
    public static IServiceCollection AddReferrals(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ReferralOptions>(configuration.GetSection(ReferralOptions.Section));
        services.AddSingleton<ReferralPageSettings>();
        services.AddSingleton<ReferralFormTokens>();
        services.AddSingleton<ReferralOutbox>();
        services.AddSingleton<Referrals>();
        services.AddSingleton<ReferralLeadSender>();
        services.AddHostedService<ReferralLeadWorker>();
        return services;
    }
}
