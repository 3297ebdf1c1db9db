using Loyalty.Core.Sync;

namespace Loyalty.Tests.Core.Sync;

public sealed class SyncCountsTests
{
    [Fact]
    public void CountsAreReturnedInSyncOrderWhateverTheJsonOrder()
    {
        var counts = SyncCounts.Parse("""
            {"Deals":{"Read":5,"Changed":2,"Facts":1,"Skipped":0},
             "Contacts":{"Read":40,"Changed":3,"Facts":2,"Skipped":1},
             "Tasks":{"Read":7,"Changed":0,"Facts":0,"Skipped":0},
             "Departments":{"Read":3,"Changed":3,"Facts":0,"Skipped":0}}
            """);

        Assert.Equal([SyncEntity.Departments, SyncEntity.Contacts, SyncEntity.Deals, SyncEntity.Tasks], counts.Select(c => c.Key));
        Assert.Equal(new EntityCounts(3, 3, 0, 0), counts[0].Value);
        Assert.Equal(new EntityCounts(40, 3, 2, 1), counts[1].Value);
        Assert.Equal(new EntityCounts(5, 2, 1, 0), counts[2].Value);
        Assert.Equal(new EntityCounts(7, 0, 0, 0), counts[3].Value);
    }

    [Fact]
    public void EveryEntityNameIsRecognised()
    {
        var counts = SyncCounts.Parse("""
            {"Tasks":{"Read":10},"Activities":{"Read":9},"Deals":{"Read":8},"Leads":{"Read":7},"Contacts":{"Read":6},
             "Currencies":{"Read":5},"Stages":{"Read":4},"Pipelines":{"Read":3},"Employees":{"Read":2},"Departments":{"Read":1}}
            """);

        Assert.Equal(
            [
                SyncEntity.Departments, SyncEntity.Employees, SyncEntity.Pipelines, SyncEntity.Stages, SyncEntity.Currencies,
                SyncEntity.Contacts, SyncEntity.Leads, SyncEntity.Deals, SyncEntity.Activities, SyncEntity.Tasks,
            ],
            counts.Select(c => c.Key));
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L], counts.Select(c => c.Value.Read));
    }

    [Theory]
    [InlineData("Companies")]
    [InlineData("Invoices")]
    [InlineData("")]
    public void UnknownEntityNamesAreIgnored(string key)
    {
        var counts = SyncCounts.Parse($$$"""{"{{{key}}}":{"Read":9,"Changed":9,"Facts":9,"Skipped":9},"Leads":{"Read":1,"Changed":0,"Facts":0,"Skipped":0}}""");

        var only = Assert.Single(counts);
        Assert.Equal(SyncEntity.Leads, only.Key);
        Assert.Equal(new EntityCounts(1, 0, 0, 0), only.Value);
    }

    [Theory]
    [InlineData("99")]
    [InlineData("7")]
    [InlineData("-1")]
    public void NumericKeysAreNotEntityNamesAndAreIgnored(string key)
    {
        var counts = SyncCounts.Parse($$$"""{"{{{key}}}":{"Read":9,"Changed":9,"Facts":9,"Skipped":9},"Leads":{"Read":1,"Changed":0,"Facts":0,"Skipped":0}}""");

        var only = Assert.Single(counts);
        Assert.Equal(SyncEntity.Leads, only.Key);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("null")]
    public void NoCountsParseAsEmpty(string json) =>
        Assert.Empty(SyncCounts.Parse(json));
}
