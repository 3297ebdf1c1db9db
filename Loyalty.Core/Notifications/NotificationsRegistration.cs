using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Loyalty.Core.Notifications;

public static class NotificationsRegistration
{
    /// <summary>The outbox, its sender and worker, the channels, their settings and the opt-out list.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<NotificationOptions>(configuration.GetSection(NotificationOptions.Section));
        services.AddSingleton<ChannelSettings>();
        services.AddSingleton<UnsubscribeTokens>();
        services.AddSingleton<NotificationOptOuts>();
        services.AddSingleton<IStopReports>(sp => sp.GetRequiredService<NotificationOptOuts>());
        services.AddSingleton<NoticeTemplates>();
        services.AddSingleton<NotificationOutbox>();
        services.AddSingleton<NotificationQueries>();
        services.AddHttpClient(SmsRuProvider.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30));
        services.TryAddSingleton<ISmsProvider, SmsRuProvider>();
        services.AddSingleton<Bitrix24Notifier>();
        services.AddSingleton<ChannelChecks>();
        services.AddSingleton<NotificationSender>();
        services.AddHostedService<NotificationWorker>();
        return services;
    }
}
