using Loyalty.Core.Bitrix24;
using Loyalty.Core.Bitrix24.UserFields;
using Loyalty.Core.Bonuses;
using Loyalty.Core.Cabinet;
using Loyalty.Core.Ledger;
using Loyalty.Core.Crm;
using Loyalty.Core.Gamification;
using Loyalty.Core.Sync;
using Loyalty.Core.WriteBack;
using Loyalty.Core.Data;
using Loyalty.Core.Identity;
using Loyalty.Core.Notifications;
using Loyalty.Core.Portal;
using Loyalty.Core.Nps;
using Loyalty.Core.Promoters;
using Loyalty.Core.Reports;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Loyalty.Core;

public static class DependencyInjection
{
    /// <summary>Everything Core registers: settings, the database, identity stores and the core services.</summary>
    public static IHostApplicationBuilder AddLoyaltyCore(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<DatabaseOptions>(builder.Configuration.GetSection(DatabaseOptions.Section));
        services.Configure<Bitrix24Options>(builder.Configuration.GetSection(Bitrix24Options.Section));
        services.Configure<PortalOptions>(builder.Configuration.GetSection(PortalOptions.Section));
        services.Configure<AccountLockoutOptions>(builder.Configuration.GetSection(AccountLockoutOptions.Section));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<PortalClock>();
        services.AddSingleton<WorkerStatus>();
        // The last line of defence: every worker's loop survives its own failures (ResilientWorker); should one
        // still end with an exception, it is logged and the portal goes on serving instead of stopping.
        services.Configure<HostOptions>(o => o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore);

        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = SqliteConnectionString(database.ResolveSqlitePath(builder.Environment.ContentRootPath));
        services.AddDbContextFactory<LoyaltyDbContext>(options => options.UseSqlite(connectionString));
        // Identity's stores want a scoped context; it comes from the same factory.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContext());

        services.AddIdentityCore<AppUser>(options =>
            {
                options.SignIn.RequireConfirmedAccount = false;
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = AccountLimits.PasswordMinLength;
                // Lockout stays enabled for administrators' locks; failed passwords are counted per account and
                // client address by SignInThrottle instead of Identity's per-account counter.
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<LoyaltyDbContext>()
            .AddSignInManager()
            .AddPasswordValidator<MaxLengthPasswordValidator>()
            .AddClaimsPrincipalFactory<AppUserClaimsFactory>()
            .AddDefaultTokenProviders();

        services.Configure<SyncOptions>(builder.Configuration.GetSection(SyncOptions.Section));
        services.AddSingleton<ConnectionSettings>();
        // The portal registers its mode and that mode's endpoint first (AddPortalMode); these only serve a host without it.
        services.TryAddSingleton(PortalMode.Of(builder));
        services.TryAddSingleton<IBitrix24Endpoint, ConfiguredEndpoint>();
        services.AddBitrix24Client();
        services.AddSingleton<ConnectionTester>();
        services.AddSingleton<SyncMonitor>();
        services.AddSingleton<CrmSync>();
        services.AddSingleton<SyncQueries>();
        services.AddSingleton<EventInbox>();
        services.AddSingleton<CrmOverview>();
        services.AddSingleton<BaseCurrency>();
        services.AddSingleton<ICrmAddress, CrmAddress>();
        services.AddSingleton<CrmNames>();
        services.AddHostedService<RefetchWorker>();

        services.AddSingleton<LedgerService>();
        services.AddSingleton<LedgerCheck>();
        services.AddSingleton<LedgerQueries>();
        services.AddSingleton<BonusSettingsStore>();
        services.AddSingleton<BonusCustomers>();
        services.AddSingleton<BonusProcessor>();
        services.AddSingleton<BonusRedemptions>();
        services.AddSingleton<BonusCustomerQueries>();
        services.AddSingleton<BonusReports>();
        services.AddSingleton<PromoterReports>();
        services.AddSingleton<BonusRecalculations>();
        services.AddSingleton<CrmWriteBackOutbox>();
        services.AddHostedService<BonusWorker>();
        services.AddSingleton<UserFieldProvisioner>();
        services.AddSingleton<PortalFieldStatus>();
        services.AddHostedService<UserFieldWorker>();

        services.Configure<GamificationOptions>(builder.Configuration.GetSection(GamificationOptions.Section));
        services.AddSingleton<PointRuleStore>();
        services.AddSingleton<PointsProcessor>();
        services.AddSingleton<LeaderboardHub>();
        services.AddSingleton<RatingCalculator>();
        services.AddSingleton<GamificationNotices>();
        services.AddSingleton<NoticeSubjects>();
        services.AddSingleton<BadgeEvaluator>();
        services.AddSingleton<GamificationPipeline>();
        services.AddSingleton<GamificationQueries>();
        services.AddSingleton<BadgeStore>();
        services.AddSingleton<BadgeGallery>();
        services.AddSingleton<EmployeeProfiles>();
        services.AddHostedService<GamificationWorker>();

        services.AddNotifications(builder.Configuration);
        services.AddSingleton<PublicAddress>();
        services.AddSingleton<PromoterLinks>();
        services.AddSingleton<PromoterSettingsStore>();
        services.AddSingleton<PromoterRegistry>();
        services.AddSingleton<PromoterCommissions>();
        services.AddSingleton<PromoterNotices>();
        services.AddSingleton<PromoterPayouts>();
        services.AddSingleton<PayoutQueries>();
        services.AddSingleton<PromoterQueries>();
        services.AddSingleton<PromoterReviewQueries>();
        services.AddHostedService<PromoterWorker>();
        services.AddReferrals(builder.Configuration);
        services.AddPromoterCabinet(builder.Configuration);
        services.AddNps();
        services.AddNpsDashboard();
        services.AddNpsAnswers(builder.Configuration);

        services.AddScoped<DatabaseInitializer>();
        services.AddSingleton<UserAdministration>();
        services.AddSingleton<SignInThrottle>();
        services.AddScoped<PasswordSignIn>();
        services.AddHealthChecks().AddDbContextCheck<LoyaltyDbContext>("database");
        return builder;
    }

    private static string SqliteConnectionString(string path) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = path,
            // Writers wait for each other instead of failing with "database is locked".
            DefaultTimeout = 30,
            Pooling = true,
        }.ToString();
}
