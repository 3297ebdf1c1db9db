using Loyalty.Core.Portal;
using Microsoft.Extensions.Configuration;

namespace Loyalty.Tests.Core.Portal;

public sealed class SettingsValidatorTests
{
    private const string WebhookExample = "\"https://example.bitrix24.ru/rest/1/abc123/\"";

    [Fact]
    public void EmptyConfigurationIsValid()
    {
        Assert.Empty(Validate());
    }

    [Fact]
    public void RepositoryAppSettingsAreValid()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        Assert.True(File.Exists(file), $"the repository's appsettings.json is copied beside the tests: {file}");
        var configuration = new ConfigurationBuilder().AddJsonFile(file).Build();
        Assert.Equal("Sqlite", configuration["Database:Provider"]);

        Assert.Empty(SettingsValidator.Validate(configuration));
    }

    [Theory]
    [InlineData("Database:Provider", "Oracle", "\"Sqlite\"")]
    [InlineData("Database:Provider", "PostgreSQL", "\"Sqlite\"")]
    [InlineData("Database:Path", "   ", "\"data/loyalty.db\"")]
    [InlineData("Bitrix24:Mode", "Cloud", "\"Sandbox\" or \"Webhook\"")]
    [InlineData("Portal:TimeZone", "Mars/Olympus", "\"Europe/Moscow\"")]
    [InlineData("Portal:DefaultLanguage", "de", "\"ru\" or \"en\"")]
    [InlineData("Identity:MaxFailedSignIns", "0", "from 1 to 100")]
    [InlineData("Identity:MaxFailedSignIns", "101", "from 1 to 100")]
    [InlineData("Identity:MaxFailedSignIns", "five", "from 1 to 100")]
    [InlineData("Identity:LockoutMinutes", "0", "from 1 to 1440")]
    [InlineData("Identity:LockoutMinutes", "1441", "from 1 to 1440")]
    [InlineData("Identity:SignInPostsPerMinute", "0", "from 1 to 10000")]
    public void BadValueGivesOneMessageNamingTheKeyTheValueAndWhatIsExpected(string key, string value, string expected)
    {
        var error = Assert.Single(Validate((key, value)));

        Assert.Contains(key, error, StringComparison.Ordinal);
        Assert.Contains($"\"{value}\"", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void PostgreSqlIsRefusedAsNotAvailableYet()
    {
        var error = Assert.Single(Validate(("Database:Provider", "PostgreSQL")));

        Assert.Contains("not available", error, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownProviderMessageOffersOnlyTheProviderThatIsAvailable()
    {
        // Offering "PostgreSQL" sends the operator to a value the next start refuses as "not available".
        var error = Assert.Single(Validate(("Database:Provider", "Oracle")));

        Assert.Contains("\"Sqlite\"", error, StringComparison.Ordinal);
        Assert.DoesNotContain("PostgreSQL", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void WebhookModeWithoutUrlAsksForTheUrl(string? url)
    {
        var error = Assert.Single(Validate(("Bitrix24:Mode", "Webhook"), ("Bitrix24:WebhookUrl", url)));

        Assert.Contains("Bitrix24:WebhookUrl", error, StringComparison.Ordinal);
        Assert.Contains("required", error, StringComparison.Ordinal);
        Assert.Contains(WebhookExample, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://x/rest/1/a/")]
    [InlineData("https://example.bitrix24.ru/")]
    [InlineData("not a url")]
    public void WebhookUrlThatIsNotAnIncomingWebhookIsRefused(string url)
    {
        var error = Assert.Single(Validate(("Bitrix24:Mode", "Webhook"), ("Bitrix24:WebhookUrl", url)));

        Assert.Contains("Bitrix24:WebhookUrl", error, StringComparison.Ordinal);
        Assert.Contains($"\"{url}\"", error, StringComparison.Ordinal);
        Assert.Contains(WebhookExample, error, StringComparison.Ordinal);
    }

    [Fact]
    public void IncomingWebhookUrlIsAccepted()
    {
        Assert.Empty(Validate(("Bitrix24:Mode", "Webhook"), ("Bitrix24:WebhookUrl", "https://example.bitrix24.ru/rest/1/abc123/")));
    }

    [Fact]
    public void WebhookUrlIsNotCheckedInSandboxMode()
    {
        Assert.Empty(Validate(("Bitrix24:Mode", "Sandbox"), ("Bitrix24:WebhookUrl", "ftp://x/")));
    }

    [Fact]
    public void KnownIanaTimeZoneIsAccepted()
    {
        Assert.Empty(Validate(("Portal:TimeZone", "Asia/Yekaterinburg")));
    }

    [Fact]
    public void BothPortalLanguagesAreAccepted()
    {
        Assert.Empty(Validate(("Portal:DefaultLanguage", "ru")));
        Assert.Empty(Validate(("Portal:DefaultLanguage", "en")));
    }

    [Fact]
    public void EnumValuesAreAcceptedInAnyCase()
    {
        Assert.Empty(Validate(("Database:Provider", "sqlite"), ("Bitrix24:Mode", "sandbox")));
        Assert.Empty(Validate(("Database:Provider", "SQLITE"), ("Bitrix24:Mode", "WEBHOOK"), ("Bitrix24:WebhookUrl", "https://example.bitrix24.ru/rest/1/abc123/")));
    }

    [Theory]
    [InlineData("Identity:MaxFailedSignIns", "1")]
    [InlineData("Identity:MaxFailedSignIns", "100")]
    [InlineData("Identity:LockoutMinutes", "1")]
    [InlineData("Identity:LockoutMinutes", "1440")]
    [InlineData("Identity:SignInPostsPerMinute", "20")]
    public void NumbersAtTheEdgesOfTheirRangeAreAccepted(string key, string value)
    {
        Assert.Empty(Validate((key, value)));
    }

    [Fact]
    public void SeveralBadKeysGiveOneMessageEach()
    {
        string[] keys =
        [
            "Database:Provider", "Database:Path", "Bitrix24:Mode", "Portal:TimeZone",
            "Portal:DefaultLanguage", "Identity:MaxFailedSignIns", "Identity:LockoutMinutes",
        ];

        var errors = Validate(
            ("Database:Provider", "Oracle"),
            ("Database:Path", "   "),
            ("Bitrix24:Mode", "Cloud"),
            ("Portal:TimeZone", "Mars/Olympus"),
            ("Portal:DefaultLanguage", "de"),
            ("Identity:MaxFailedSignIns", "five"),
            ("Identity:LockoutMinutes", "1441"));

        Assert.Equal(keys.Length, errors.Count);
        foreach (var key in keys)
        {
            Assert.Single(errors, e => e.StartsWith(key + " ", StringComparison.Ordinal));
        }
    }

    private static IReadOnlyList<string> Validate(params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        return SettingsValidator.Validate(configuration);
    }
}
