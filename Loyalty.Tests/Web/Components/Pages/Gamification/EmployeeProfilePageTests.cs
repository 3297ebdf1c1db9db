using Bunit;
using Loyalty.Core.Crm;
using Loyalty.Core.Gamification;
using Loyalty.Core.Ledger;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Pages.Gamification;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Web.Components.Pages.Gamification;

/// <summary>The points history names the CRM records the points were for (an activity's subject, a lead's or task's title) and links them to Bitrix24.</summary>
public sealed class EmployeeProfilePageTests : IAsyncLifetime
{
    private static readonly DateTime At = new(2026, 12, 5, 10, 0, 0, DateTimeKind.Utc);

    private TestDatabase _database = default!;
    private BunitContext _ctx = default!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _ctx = new BunitContext();
        _ctx.AddPortalServices();
        _ctx.Services.AddBadgeGalleryServices(_database);

        await using (var db = _database.CreateDbContext())
        {
            db.Employees.Add(new Employee { Id = 7, FirstName = "Жанна", LastName = "Климова", Active = true, SyncedAt = At });
            db.Activities.Add(new Activity { Id = 20058, Subject = "Звонок: уточнить заказ", OwnerTypeId = 1, OwnerId = 6769, Kind = ActivityKind.Call, SyncedAt = At });
            db.Leads.Add(new Lead { Id = 6769, Title = "Заявка с сайта", SyncedAt = At });
            db.CrmTasks.Add(new CrmTask { Id = 3968, Title = "Подготовить КП", ResponsibleId = 7, SyncedAt = At });
            await db.SaveChangesAsync();
        }

        var ledger = _ctx.Services.GetRequiredService<LedgerService>();
        var account = new AccountKey(AccountKind.EmployeePoints, 7);
        await ledger.CreditAsync(account, EntryKind.Accrual, 5, new PostingInfo("activity:20058:completed", At, PointsProcessor.Actor, "CallCompleted", 1));
        await ledger.CreditAsync(account, EntryKind.Accrual, 3, new PostingInfo("lead:6769:created", At.AddMinutes(1), PointsProcessor.Actor, "LeadCreated", 1));
        await ledger.CreditAsync(account, EntryKind.Accrual, 2, new PostingInfo("task:3968:completed", At.AddMinutes(2), PointsProcessor.Actor, "TaskCompleted", 1));
        await ledger.CreditAsync(account, EntryKind.Accrual, 1, new PostingInfo("task:9999:completed", At.AddMinutes(3), PointsProcessor.Actor, "TaskCompleted", 1));
    }

    public async Task DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public void ThePointsHistoryNamesActivitiesLeadsAndTasksWithLinksInsteadOfKeys()
    {
        using var culture = new CultureScope("ru");

        var cut = GamificationPages.Render<EmployeeProfilePage>(_ctx, p => p.Add(c => c.EmployeeId, 7));

        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=points-line]").Count), GamificationPages.Deadline);
        var links = cut.FindAll("[data-testid=points-what] a[data-testid=crm-link]");
        Assert.Equal(["Подготовить КП", "Заявка с сайта", "Звонок: уточнить заказ"], links.Select(a => a.TextContent.Trim()));
        // A task gone from the mirror: named by its kind, and no link (its path needs the responsible).
        Assert.Equal("Задача №9999", cut.Find("[data-testid=points-what] [data-testid=crm-name]").TextContent.Trim());
        Assert.Equal(
            [
                PortalBunit.FixedCrmAddress.Portal + "/company/personal/user/7/tasks/task/view/3968/",
                PortalBunit.FixedCrmAddress.Portal + "/crm/lead/details/6769/",
                PortalBunit.FixedCrmAddress.Portal + "/crm/lead/details/6769/",
            ],
            links.Select(a => a.GetAttribute("href")));
        var history = cut.Find("[data-testid=employee-history]").TextContent;
        Assert.DoesNotMatch(@"\((activity|lead|task) \d+\)", history);
    }
}
