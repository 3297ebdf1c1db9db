using Loyalty.Core.Bitrix24;
using Loyalty.Core.Bitrix24.UserFields;
using Loyalty.Core.Bonuses;
using Loyalty.Core.Crm;
using Loyalty.Core.Gamification;
using Loyalty.Core.Identity;
using Loyalty.Core.Ledger;
using Loyalty.Core.Notifications;
using Loyalty.Core.Nps;
using Loyalty.Core.Promoters;
using Loyalty.Core.Sync;
using Loyalty.Core.WriteBack;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Data;

/// <summary>The one database context: identity, the CRM mirror and every program's tables.</summary>
public sealed class LoyaltyDbContext(DbContextOptions<LoyaltyDbContext> options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<Department> Departments => Set<Department>();

    public DbSet<Employee> Employees => Set<Employee>();

    public DbSet<Pipeline> Pipelines => Set<Pipeline>();

    public DbSet<Stage> Stages => Set<Stage>();

    public DbSet<Currency> Currencies => Set<Currency>();

    public DbSet<Contact> Contacts => Set<Contact>();

    public DbSet<Lead> Leads => Set<Lead>();

    public DbSet<Deal> Deals => Set<Deal>();

    public DbSet<Activity> Activities => Set<Activity>();

    public DbSet<CrmTask> CrmTasks => Set<CrmTask>();

    public DbSet<CrmFact> CrmFacts => Set<CrmFact>();

    public DbSet<SyncRun> SyncRuns => Set<SyncRun>();

    public DbSet<SyncCursor> SyncCursors => Set<SyncCursor>();

    public DbSet<SyncIssue> SyncIssues => Set<SyncIssue>();

    public DbSet<PendingRefetch> PendingRefetches => Set<PendingRefetch>();

    public DbSet<PortalSecret> PortalSecrets => Set<PortalSecret>();

    public DbSet<Account> LedgerAccounts => Set<Account>();

    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();

    public DbSet<LedgerAllocation> LedgerAllocations => Set<LedgerAllocation>();

    public DbSet<LedgerCheckRun> LedgerCheckRuns => Set<LedgerCheckRun>();

    public DbSet<BonusSettingsVersion> BonusSettingsVersions => Set<BonusSettingsVersion>();

    public DbSet<BonusCustomer> BonusCustomers => Set<BonusCustomer>();

    public DbSet<BonusSkip> BonusSkips => Set<BonusSkip>();

    public DbSet<ProgramCursor> ProgramCursors => Set<ProgramCursor>();

    public DbSet<BonusRecalculation> BonusRecalculations => Set<BonusRecalculation>();

    public DbSet<BonusRecalculationLine> BonusRecalculationLines => Set<BonusRecalculationLine>();

    public DbSet<BonusDealRedemption> BonusDealRedemptions => Set<BonusDealRedemption>();

    public DbSet<CrmWriteBack> CrmWriteBacks => Set<CrmWriteBack>();

    public DbSet<UserFieldCheck> UserFieldChecks => Set<UserFieldCheck>();

    public DbSet<PortalCheck> PortalChecks => Set<PortalCheck>();

    public DbSet<PointRuleVersion> PointRuleVersions => Set<PointRuleVersion>();

    public DbSet<Rating> Ratings => Set<Rating>();

    public DbSet<RatingPeriod> RatingPeriods => Set<RatingPeriod>();

    public DbSet<RatingResult> RatingResults => Set<RatingResult>();

    public DbSet<RatingDailyScore> RatingDailyScores => Set<RatingDailyScore>();

    public DbSet<Badge> Badges => Set<Badge>();

    public DbSet<BadgeAward> BadgeAwards => Set<BadgeAward>();

    public DbSet<GamificationNotice> GamificationNotices => Set<GamificationNotice>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<NotificationOptOut> NotificationOptOuts => Set<NotificationOptOut>();

    public DbSet<ChannelSettingsRow> ChannelSettings => Set<ChannelSettingsRow>();

    public DbSet<Promoter> Promoters => Set<Promoter>();

    public DbSet<PromoterCode> PromoterCodes => Set<PromoterCode>();

    public DbSet<PromoterSettingsVersion> PromoterSettingsVersions => Set<PromoterSettingsVersion>();

    public DbSet<PromoterCommission> PromoterCommissions => Set<PromoterCommission>();

    public DbSet<PayoutRun> PayoutRuns => Set<PayoutRun>();

    public DbSet<Payout> Payouts => Set<Payout>();

    public DbSet<NpsTemplate> NpsTemplates => Set<NpsTemplate>();

    public DbSet<NpsTemplateRevision> NpsTemplateRevisions => Set<NpsTemplateRevision>();

    public DbSet<NpsRule> NpsRules => Set<NpsRule>();

    public DbSet<NpsSurvey> NpsSurveys => Set<NpsSurvey>();

    public DbSet<NpsError> NpsErrors => Set<NpsError>();

    public DbSet<NpsLogo> NpsLogos => Set<NpsLogo>();

    public DbSet<NpsSettingsRow> NpsSettingsRows => Set<NpsSettingsRow>();

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        NormalizeUsers();
        // Queued notices go in with ON CONFLICT DO NOTHING: a notice queued twice is one row, and the save succeeds.
        return NotificationInserts.HasPending(this)
            ? NotificationInserts.SaveAsync(this, () => base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken), cancellationToken)
            : base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        NormalizeUsers();
        return NotificationInserts.HasPending(this)
            ? NotificationInserts.Save(this, () => base.SaveChanges(acceptAllChangesOnSuccess))
            : base.SaveChanges(acceptAllChangesOnSuccess);
    }

    private void NormalizeUsers()
    {
        foreach (var entry in ChangeTracker.Entries<AppUser>().Where(e => e.State is EntityState.Added or EntityState.Modified))
        {
            entry.Entity.NormalizedDisplayName = entry.Entity.DisplayName.ToUpperInvariant();
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(LoyaltyDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or sort DateTimeOffset or decimal: times are UTC DateTime, money is long kopecks.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<Money>().HaveConversion<MoneyConverter>();
        configurationBuilder.Properties<Money?>().HaveConversion<MoneyConverter>();
        configurationBuilder.Properties<Enum>().HaveConversion<string>();
    }
}
