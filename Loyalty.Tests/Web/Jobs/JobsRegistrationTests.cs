using Loyalty.Web.Jobs;
using Microsoft.Extensions.Configuration;

namespace Loyalty.Tests.Web.Jobs;

/// <summary>The cron settings that only Quartz can judge, checked before start-up like the others.</summary>
public sealed class JobsRegistrationTests
{
    [Fact]
    public void NoCronSettingsAreValid() => Assert.Empty(Validate());

    [Fact]
    public void TheRepositoryAppSettingsCronsAreValid()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json")).Build();
        Assert.Equal("0 0 4 * * ?", configuration["Ledger:CheckCron"]);

        Assert.Empty(JobsRegistration.ValidateSettings(configuration));
    }

    [Theory]
    [InlineData("Sync:ReconcileCron", "0 30 3 * * ?")]
    [InlineData("Ledger:CheckCron", "0 0 4 * * ?")]
    [InlineData("Ledger:CheckCron", "0 0/30 * * * ?")]
    public void AQuartzCronExpressionIsValid(string key, string cron) => Assert.Empty(Validate((key, cron)));

    [Theory]
    [InlineData("Sync:ReconcileCron", "every night", "\"0 30 3 * * ?\"")]
    [InlineData("Ledger:CheckCron", "every night", "\"0 0 4 * * ?\"")]
    [InlineData("Ledger:CheckCron", "0 0 4 * *", "\"0 0 4 * * ?\"")]
    [InlineData("Ledger:CheckCron", "0 0 25 * * ?", "\"0 0 4 * * ?\"")]
    [InlineData("Nps:RetentionCron", "at night", "\"0 15 4 * * ?\"")]
    public void ABadCronGivesOneSentenceNamingTheKeyTheValueAndAnExample(string key, string cron, string example)
    {
        var error = Assert.Single(Validate((key, cron)));

        Assert.Equal($"{key} = \"{cron}\" is not a Quartz cron expression: expected e.g. {example} (sec min hour day month weekday).", error);
    }

    [Fact]
    public void BothBadCronsAreReported() =>
        Assert.Equal(2, Validate(("Sync:ReconcileCron", "x"), ("Ledger:CheckCron", "y")).Count);

    private static List<string> Validate(params (string Key, string? Value)[] settings) =>
        [.. JobsRegistration.ValidateSettings(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value))).Build())];
}
