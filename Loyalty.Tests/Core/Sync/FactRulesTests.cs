using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Sync;

namespace Loyalty.Tests.Core.Sync;

public sealed class FactRulesTests
{
    private static readonly DateTime Created = Utc(2024, 9, 1, 9, 0, 0);
    private static readonly DateTime WonMove = Utc(2024, 9, 2, 16, 37, 18);
    private static readonly DateTime LaterMove = Utc(2024, 9, 5, 8, 0, 0);
    private static readonly DateTime LaterEdit = Utc(2024, 9, 6, 12, 30, 5);

    [Fact]
    public void ANewDealInProgressGivesExactlyOneCreatedFact()
    {
        var deal = Deal(StageSemantics.InProgress, 1500000, moved: Created, modified: Created);

        var facts = FactRules.ForDeal(null, deal).ToList();

        var fact = Assert.Single(facts);
        Assert.Equal(CrmFactKind.DealCreated, fact.Kind);
        Assert.Equal("deal:37:created", fact.Key);
        Assert.Equal("deal", fact.EntityType);
        Assert.Equal(37L, fact.EntityId);
        Assert.Equal(5L, fact.EmployeeId);
        Assert.Equal(12L, fact.ContactId);
        Assert.Equal(3L, fact.PipelineId);
        Assert.Equal(1500000L, fact.AmountMinor);
        Assert.Equal("RUB", fact.CurrencyId);
        Assert.Equal(Created, fact.OccurredAt);
        Assert.Null(deal.WonAt);
    }

    [Fact]
    public void ANewWonDealIsCreatedAndWonAtItsMoveTime()
    {
        var deal = Deal(StageSemantics.Success, 1999999, moved: WonMove, modified: WonMove);

        var facts = FactRules.ForDeal(null, deal).ToList();

        Assert.Equal([CrmFactKind.DealCreated, CrmFactKind.DealWon], facts.Select(f => f.Kind));
        Assert.Equal("deal:37:created", facts[0].Key);
        Assert.Equal(Created, facts[0].OccurredAt);
        var won = facts[1];
        Assert.Equal("deal:37:won:2024-09-02T16:37:18Z", won.Key);
        Assert.Equal(1999999L, won.AmountMinor);
        Assert.Equal(WonMove, won.OccurredAt);
        Assert.Equal(5L, won.EmployeeId);
        Assert.Equal(12L, won.ContactId);
        Assert.Equal(3L, won.PipelineId);
        Assert.Equal(WonMove, deal.WonAt);
    }

    [Fact]
    public void ADealMovingFromInProgressToWonGivesOneWonFact()
    {
        var before = Deal(StageSemantics.InProgress, 1500000, moved: Created, modified: Created);
        var after = Deal(StageSemantics.Success, 1500000, moved: WonMove, modified: WonMove);

        var facts = FactRules.ForDeal(before, after).ToList();

        var won = Assert.Single(facts);
        Assert.Equal(CrmFactKind.DealWon, won.Kind);
        Assert.Equal("deal:37:won:2024-09-02T16:37:18Z", won.Key);
        Assert.Equal(1500000L, won.AmountMinor);
        Assert.Equal(WonMove, won.OccurredAt);
        Assert.Equal(WonMove, after.WonAt);
    }

    [Fact]
    public void ADealWonWithoutAMoveTimeIsWonAtItsModificationTime()
    {
        var before = Deal(StageSemantics.InProgress, 1500000, moved: null, modified: Created);
        var after = Deal(StageSemantics.Success, 1500000, moved: null, modified: LaterEdit);

        var won = Assert.Single(FactRules.ForDeal(before, after).ToList());

        Assert.Equal("deal:37:won:2024-09-06T12:30:05Z", won.Key);
        Assert.Equal(LaterEdit, after.WonAt);
    }

    [Fact]
    public void AWonDealSeenAgainWithTheSameAmountGivesNoFactsAndKeepsWhenItWasWon()
    {
        var before = Deal(StageSemantics.Success, 1500000, moved: WonMove, modified: WonMove);
        before.WonAt = WonMove;
        var after = Deal(StageSemantics.Success, 1500000, moved: LaterMove, modified: LaterEdit);

        var facts = FactRules.ForDeal(before, after).ToList();

        Assert.Empty(facts);
        Assert.Equal(WonMove, after.WonAt);
    }

    [Theory]
    [InlineData(1500000L, 1750000L, 250000L, "deal:37:amount:2024-09-06T12:30:05Z:1750000")]
    [InlineData(1500000L, 1200000L, -300000L, "deal:37:amount:2024-09-06T12:30:05Z:1200000")]
    [InlineData(1500000L, 1499999L, -1L, "deal:37:amount:2024-09-06T12:30:05Z:1499999")]
    public void AWonDealWhoseAmountChangesGivesTheDifference(long wonWith, long nowAmount, long difference, string key)
    {
        var before = Deal(StageSemantics.Success, wonWith, moved: WonMove, modified: WonMove);
        before.WonAt = WonMove;
        var after = Deal(StageSemantics.Success, nowAmount, moved: WonMove, modified: LaterEdit);

        var facts = FactRules.ForDeal(before, after).ToList();

        var changed = Assert.Single(facts);
        Assert.Equal(CrmFactKind.DealAmountChanged, changed.Kind);
        Assert.Equal(difference, changed.AmountMinor);
        Assert.Equal(key, changed.Key);
        Assert.Equal(LaterEdit, changed.OccurredAt);
        Assert.Equal(WonMove, after.WonAt);
    }

    [Fact]
    public void AWonDealThatIsLostIsUnwonByWhatItWasWonWithAndLost()
    {
        var before = Deal(StageSemantics.Success, 1500000, moved: WonMove, modified: WonMove);
        before.WonAt = WonMove;
        var after = Deal(StageSemantics.Failure, 900000, moved: LaterMove, modified: LaterEdit);

        var facts = FactRules.ForDeal(before, after).ToList();

        Assert.Equal([CrmFactKind.DealUnwon, CrmFactKind.DealLost], facts.Select(f => f.Kind));
        Assert.Equal("deal:37:unwon:2024-09-05T08:00:00Z", facts[0].Key);
        Assert.Equal(1500000L, facts[0].AmountMinor);
        Assert.Equal(LaterMove, facts[0].OccurredAt);
        Assert.Equal("deal:37:lost:2024-09-05T08:00:00Z", facts[1].Key);
        Assert.Equal(LaterMove, facts[1].OccurredAt);
        Assert.Null(after.WonAt);
    }

    [Fact]
    public void AWonDealMovedBackToInProgressIsUnwonOnly()
    {
        var before = Deal(StageSemantics.Success, 1500000, moved: WonMove, modified: WonMove);
        before.WonAt = WonMove;
        var after = Deal(StageSemantics.InProgress, 1500000, moved: LaterMove, modified: LaterEdit);

        var facts = FactRules.ForDeal(before, after).ToList();

        var unwon = Assert.Single(facts);
        Assert.Equal(CrmFactKind.DealUnwon, unwon.Kind);
        Assert.Equal("deal:37:unwon:2024-09-05T08:00:00Z", unwon.Key);
        Assert.Equal(1500000L, unwon.AmountMinor);
        Assert.Null(after.WonAt);
    }

    [Fact]
    public void ADealInProgressThatIsLostGivesOnlyALostFact()
    {
        var before = Deal(StageSemantics.InProgress, 1500000, moved: Created, modified: Created);
        var after = Deal(StageSemantics.Failure, 1500000, moved: LaterMove, modified: LaterEdit);

        var lost = Assert.Single(FactRules.ForDeal(before, after).ToList());

        Assert.Equal(CrmFactKind.DealLost, lost.Kind);
        Assert.Equal("deal:37:lost:2024-09-05T08:00:00Z", lost.Key);
    }

    [Fact]
    public void ALostDealSeenAgainGivesNoFacts()
    {
        var before = Deal(StageSemantics.Failure, 1500000, moved: LaterMove, modified: LaterMove);
        var after = Deal(StageSemantics.Failure, 1500000, moved: LaterMove, modified: LaterEdit);

        Assert.Empty(FactRules.ForDeal(before, after).ToList());
    }

    [Fact]
    public void ADealInProgressEditedWithoutMovingGivesNoFacts()
    {
        var before = Deal(StageSemantics.InProgress, 1500000, moved: Created, modified: Created);
        var after = Deal(StageSemantics.InProgress, 2500000, moved: Created, modified: LaterEdit);

        Assert.Empty(FactRules.ForDeal(before, after).ToList());
    }

    [Fact]
    public void TheSameTransitionSeenTwiceGivesTheSameKeys()
    {
        IReadOnlyList<string> Evaluate(StageSemantics from, StageSemantics to, long amount)
        {
            var before = Deal(from, 1500000, moved: WonMove, modified: WonMove);
            before.WonAt = from == StageSemantics.Success ? WonMove : null;
            var after = Deal(to, amount, moved: LaterMove, modified: LaterEdit);
            return FactRules.ForDeal(before, after).Select(f => f.Key).ToList();
        }

        Assert.Equal(["deal:37:won:2024-09-05T08:00:00Z"], Evaluate(StageSemantics.InProgress, StageSemantics.Success, 1500000));
        Assert.Equal(Evaluate(StageSemantics.InProgress, StageSemantics.Success, 1500000), Evaluate(StageSemantics.InProgress, StageSemantics.Success, 1500000));
        Assert.Equal(Evaluate(StageSemantics.Success, StageSemantics.Failure, 1500000), Evaluate(StageSemantics.Success, StageSemantics.Failure, 1500000));
        Assert.Equal(Evaluate(StageSemantics.Success, StageSemantics.Success, 1600000), Evaluate(StageSemantics.Success, StageSemantics.Success, 1600000));

        var newWon = FactRules.ForDeal(null, Deal(StageSemantics.Success, 1500000, moved: WonMove, modified: WonMove)).Select(f => f.Key).ToList();
        var newWonAgain = FactRules.ForDeal(null, Deal(StageSemantics.Success, 1500000, moved: WonMove, modified: LaterEdit)).Select(f => f.Key).ToList();
        Assert.Equal(["deal:37:created", "deal:37:won:2024-09-02T16:37:18Z"], newWon);
        Assert.Equal(newWon, newWonAgain);
    }

    [Fact]
    public void ADealWonUnwonAndWonAgainGivesThreeDistinctFacts()
    {
        var open = Deal(StageSemantics.InProgress, 1500000, moved: Created, modified: Created);
        var won = Deal(StageSemantics.Success, 1500000, moved: WonMove, modified: WonMove);
        var reopened = Deal(StageSemantics.InProgress, 1500000, moved: LaterMove, modified: LaterMove);
        var wonAgain = Deal(StageSemantics.Success, 1500000, moved: LaterEdit, modified: LaterEdit);

        var facts = FactRules.ForDeal(open, won)
            .Concat(FactRules.ForDeal(won, reopened).ToList())
            .Concat(FactRules.ForDeal(reopened, wonAgain).ToList())
            .ToList();

        Assert.Equal([CrmFactKind.DealWon, CrmFactKind.DealUnwon, CrmFactKind.DealWon], facts.Select(f => f.Kind));
        Assert.Equal(
            ["deal:37:won:2024-09-02T16:37:18Z", "deal:37:unwon:2024-09-05T08:00:00Z", "deal:37:won:2024-09-06T12:30:05Z"],
            facts.Select(f => f.Key));
        Assert.Equal(LaterEdit, wonAgain.WonAt);
    }

    [Fact]
    public void DeletingAWonDealUnwinsItByItsAmount()
    {
        var deal = Deal(StageSemantics.Success, 1500000, moved: WonMove, modified: WonMove);
        deal.WonAt = WonMove;
        var deletedAt = Utc(2024, 9, 10, 7, 0, 0);

        var facts = FactRules.ForDeletedDeal(deal, deletedAt).ToList();

        var unwon = Assert.Single(facts);
        Assert.Equal(CrmFactKind.DealUnwon, unwon.Kind);
        Assert.Equal("deal:37:unwon:deleted", unwon.Key);
        Assert.Equal(1500000L, unwon.AmountMinor);
        Assert.Equal(deletedAt, unwon.OccurredAt);
        Assert.Equal(37L, unwon.EntityId);
        Assert.Equal(5L, unwon.EmployeeId);
    }

    [Theory]
    [InlineData(StageSemantics.Failure)]
    [InlineData(StageSemantics.InProgress)]
    public void DeletingADealThatIsNotWonGivesNoFacts(StageSemantics semantics) =>
        Assert.Empty(FactRules.ForDeletedDeal(Deal(semantics, 1500000, moved: WonMove, modified: WonMove), LaterEdit).ToList());

    [Fact]
    public void ANewLeadGivesACreatedFact()
    {
        var lead = Lead(modified: Created);

        var facts = FactRules.ForLead(null, lead, StageSemantics.InProgress).ToList();

        var created = Assert.Single(facts);
        Assert.Equal(CrmFactKind.LeadCreated, created.Kind);
        Assert.Equal("lead:101:created", created.Key);
        Assert.Equal("lead", created.EntityType);
        Assert.Equal(101L, created.EntityId);
        Assert.Equal(7L, created.EmployeeId);
        Assert.Equal(12L, created.ContactId);
        Assert.Equal(Created, created.OccurredAt);
        Assert.Null(lead.ConvertedAt);
    }

    [Fact]
    public void ALeadReachingASuccessStatusIsConvertedAtItsModificationTime()
    {
        var before = Lead(modified: Created);
        var after = Lead(modified: LaterEdit);

        var facts = FactRules.ForLead(before, after, StageSemantics.Success).ToList();

        var converted = Assert.Single(facts);
        Assert.Equal(CrmFactKind.LeadConverted, converted.Kind);
        Assert.Equal("lead:101:converted", converted.Key);
        Assert.Equal(LaterEdit, converted.OccurredAt);
        Assert.Equal(7L, converted.EmployeeId);
        Assert.Equal(LaterEdit, after.ConvertedAt);
    }

    [Fact]
    public void AConvertedLeadSeenAgainIsNotConvertedTwiceAndKeepsItsConversionTime()
    {
        var before = Lead(modified: LaterMove);
        before.ConvertedAt = LaterMove;
        var after = Lead(modified: LaterEdit);

        var facts = FactRules.ForLead(before, after, StageSemantics.Success).ToList();

        Assert.Empty(facts);
        Assert.Equal(LaterMove, after.ConvertedAt);
    }

    [Fact]
    public void ANewLeadAlreadyConvertedIsCreatedAndConverted()
    {
        var lead = Lead(modified: LaterEdit);

        var facts = FactRules.ForLead(null, lead, StageSemantics.Success).ToList();

        Assert.Equal([CrmFactKind.LeadCreated, CrmFactKind.LeadConverted], facts.Select(f => f.Kind));
        Assert.Equal(["lead:101:created", "lead:101:converted"], facts.Select(f => f.Key));
    }

    [Theory]
    [InlineData(StageSemantics.InProgress)]
    [InlineData(StageSemantics.Failure)]
    public void ALeadNotInASuccessStatusIsNotConverted(StageSemantics semantics)
    {
        var after = Lead(modified: LaterEdit);

        Assert.Empty(FactRules.ForLead(Lead(modified: Created), after, semantics).ToList());
        Assert.Null(after.ConvertedAt);
    }

    [Fact]
    public void ANewIncompleteContactGivesOnlyACreatedFact()
    {
        var contact = Contact(phone: null);

        var created = Assert.Single(FactRules.ForContact(null, contact).ToList());

        Assert.Equal(CrmFactKind.ContactCreated, created.Kind);
        Assert.Equal("contact:12:created", created.Key);
        Assert.Equal("contact", created.EntityType);
        Assert.Equal(12L, created.ContactId);
        Assert.Equal(5L, created.EmployeeId);
        Assert.Equal(Created, created.OccurredAt);
    }

    [Fact]
    public void ANewCompleteContactIsCreatedAndCompleted()
    {
        var facts = FactRules.ForContact(null, Contact()).ToList();

        Assert.Equal([CrmFactKind.ContactCreated, CrmFactKind.ContactCompleted], facts.Select(f => f.Kind));
        Assert.Equal(["contact:12:created", "contact:12:completed"], facts.Select(f => f.Key));
    }

    [Fact]
    public void AContactWhoseProfileBecomesCompleteGivesOneCompletedFact()
    {
        var before = Contact(email: null);
        var after = Contact(modified: LaterEdit);

        var completed = Assert.Single(FactRules.ForContact(before, after).ToList());

        Assert.Equal(CrmFactKind.ContactCompleted, completed.Kind);
        Assert.Equal("contact:12:completed", completed.Key);
        Assert.Equal(12L, completed.EntityId);
        Assert.Equal(12L, completed.ContactId);
        Assert.Equal(5L, completed.EmployeeId);
        Assert.Equal(LaterEdit, completed.OccurredAt);
    }

    [Fact]
    public void ACompleteContactSeenAgainGivesNoFacts() =>
        Assert.Empty(FactRules.ForContact(Contact(), Contact(modified: LaterEdit)).ToList());

    [Theory]
    [InlineData("", "Petrova", "79991234567", "anna@example.com")]
    [InlineData("Anna", "", "79991234567", "anna@example.com")]
    [InlineData("Anna", "Petrova", null, "anna@example.com")]
    [InlineData("Anna", "Petrova", "79991234567", null)]
    public void AContactMissingANamePhoneOrEmailIsNotComplete(string first, string last, string? phone, string? email)
    {
        var after = Contact(first, last, phone, email, LaterEdit);

        Assert.False(FactRules.IsComplete(after));
        Assert.Empty(FactRules.ForContact(Contact(phone: null, email: null), after).ToList());
    }

    [Fact]
    public void AnActivityCompletedForTheFirstTimeCreditsItsResponsible()
    {
        var before = Activity(completed: false);
        var after = Activity(completed: true);

        var done = Assert.Single(FactRules.ForActivity(before, after).ToList());

        Assert.Equal(CrmFactKind.ActivityCompleted, done.Kind);
        Assert.Equal("activity:901:completed", done.Key);
        Assert.Equal("activity", done.EntityType);
        Assert.Equal(901L, done.EntityId);
        Assert.Equal(5L, done.EmployeeId);
        Assert.Equal(Utc(2024, 9, 2, 7, 15, 0), done.OccurredAt);
    }

    [Fact]
    public void ANewActivityAlreadyCompletedIsCompleted() =>
        Assert.Equal(CrmFactKind.ActivityCompleted, Assert.Single(FactRules.ForActivity(null, Activity(completed: true)).ToList()).Kind);

    [Fact]
    public void AnActivityAlreadyCompletedIsNotCompletedAgain() =>
        Assert.Empty(FactRules.ForActivity(Activity(completed: true), Activity(completed: true)).ToList());

    [Fact]
    public void AnOpenActivityGivesNoFacts() =>
        Assert.Empty(FactRules.ForActivity(null, Activity(completed: false)).ToList());

    [Theory]
    [InlineData("2024-09-02T16:37:18Z", true)]
    [InlineData("2024-09-03T15:00:00Z", true)]
    [InlineData("2024-09-03T15:00:01Z", false)]
    public void ATaskCompletedIsOnTimeWhenClosedByItsDeadline(string closed, bool onTime)
    {
        var closedAt = DateTime.Parse(closed, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        var before = TaskWith(3, deadline: Utc(2024, 9, 3, 15, 0, 0), closedAt: null);
        var after = TaskWith(5, deadline: Utc(2024, 9, 3, 15, 0, 0), closedAt: closedAt);

        var done = Assert.Single(FactRules.ForTask(before, after).ToList());

        Assert.Equal(CrmFactKind.TaskCompleted, done.Kind);
        Assert.Equal($"task:8017:completed:{closed}", done.Key);
        Assert.Equal("task", done.EntityType);
        Assert.Equal(8017L, done.EntityId);
        Assert.Equal(5L, done.EmployeeId);
        Assert.Equal(onTime, done.OnTime);
        Assert.Equal(closedAt, done.OccurredAt);
    }

    [Fact]
    public void ATaskWithoutDeadlineIsAlwaysOnTime()
    {
        var done = Assert.Single(FactRules.ForTask(null, TaskWith(5, deadline: null, closedAt: Utc(2030, 1, 1, 0, 0, 0))).ToList());

        Assert.True(done.OnTime);
    }

    [Fact]
    public void ATaskAlreadyCompletedIsNotCompletedAgain() =>
        Assert.Empty(FactRules.ForTask(TaskWith(5, null, WonMove), TaskWith(5, null, WonMove)).ToList());

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(6)]
    public void ATaskNotInStatusFiveIsNotCompleted(int status) =>
        Assert.Empty(FactRules.ForTask(null, TaskWith(status, null, null)).ToList());

    private static Deal Deal(StageSemantics semantics, long amountMinor, DateTime? moved, DateTime? modified) => new()
    {
        Id = 37,
        Title = "Annual subscription",
        PipelineId = 3,
        StageId = semantics switch
        {
            StageSemantics.Success => "C3:WON",
            StageSemantics.Failure => "C3:LOSE",
            _ => "C3:NEW",
        },
        Semantics = semantics,
        Amount = new Money(amountMinor),
        CurrencyId = "RUB",
        ContactId = 12,
        AssignedById = 5,
        CreatedAt = Created,
        ModifiedAt = modified,
        MovedAt = moved,
    };

    private static Lead Lead(DateTime modified) => new()
    {
        Id = 101,
        Title = "Loyalty signup",
        StatusId = "IN_PROCESS",
        AssignedById = 7,
        ContactId = 12,
        CreatedAt = Created,
        ModifiedAt = modified,
    };

    private static Contact Contact(
        string first = "Anna", string last = "Petrova", string? phone = "79991234567", string? email = "anna@example.com", DateTime? modified = null) => new()
        {
            Id = 12,
            FirstName = first,
            LastName = last,
            PhoneDigits = phone,
            EmailNormalized = email,
            AssignedById = 5,
            CreatedAt = Created,
            ModifiedAt = modified ?? Created,
        };

    private static Activity Activity(bool completed) => new()
    {
        Id = 901,
        OwnerTypeId = 2,
        OwnerId = 37,
        TypeId = 2,
        Kind = ActivityKind.Call,
        Completed = completed,
        ResponsibleId = 5,
        CreatedAt = Utc(2024, 9, 2, 7, 0, 0),
        ModifiedAt = Utc(2024, 9, 2, 7, 20, 0),
        StartTime = Utc(2024, 9, 2, 7, 5, 0),
        EndTime = Utc(2024, 9, 2, 7, 15, 0),
    };

    private static CrmTask TaskWith(int status, DateTime? deadline, DateTime? closedAt) => new()
    {
        Id = 8017,
        Title = "Call the client back",
        ResponsibleId = 5,
        Status = status,
        CreatedAt = Created,
        ModifiedAt = closedAt ?? Created,
        Deadline = deadline,
        ClosedAt = closedAt,
    };

    private static DateTime Utc(int year, int month, int day, int hour, int minute, int second) =>
        new(year, month, day, hour, minute, second, DateTimeKind.Utc);
}
