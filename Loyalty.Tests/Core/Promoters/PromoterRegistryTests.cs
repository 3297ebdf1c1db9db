using System.Text.Json;
using Loyalty.Core.Promoters;

namespace Loyalty.Tests.Core.Promoters;

/// <summary>Switching promoter mode on and off, from the portal and from Bitrix24, code replacement, and the write-backs each queues.</summary>
public sealed class PromoterRegistryTests
{
    private const string Flag = "UF_CRM_LOY_PROMOTER";

    [Fact]
    public async Task SwitchingOnCreatesAPromoterWithACodeAndQueuesTheFieldsAndAComment()
    {
        await using var world = await PromoterWorld.CreateAsync();
        await world.SetContactAsync(7, "Иван", "Петров");

        var promoter = await world.Registry.SwitchOnAsync(7, PromoterWorld.Administrator);

        Assert.True(promoter.Active);
        Assert.NotNull(promoter.ActiveCode);
        await using (var db = world.Database.CreateDbContext())
        {
            Assert.Equal(promoter.Id, (await PromoterCodes.FindActiveAsync(db, promoter.ActiveCode!.ToLowerInvariant(), CancellationToken.None))?.Id);
        }

        var fields = Fields(Assert.Single(await world.WritesAsync("contact:7:promoter")).Parameters);
        Assert.Equal("1", fields[Flag]);
        Assert.Equal(promoter.ActiveCode, fields["UF_CRM_LOY_PR_CODE"]);
        Assert.Equal($"https://loyalty.example.ru/r/{promoter.ActiveCode}", fields["UF_CRM_LOY_PR_LINK"]);
        var comment = Assert.Single(await world.WritesAsync("contact:7:comment:promoter"));
        Assert.Equal("crm.timeline.comment.add", comment.Method);
        Assert.Contains(promoter.ActiveCode!, comment.Parameters);
        Assert.Contains("10\u00A0%", JsonDocument.Parse(comment.Parameters).RootElement.GetProperty("fields").GetProperty("COMMENT").GetString());

        // Switching on again changes nothing and queues nothing more.
        world.Time.Advance(TimeSpan.FromMinutes(1));
        var again = await world.Registry.SwitchOnAsync(7, PromoterWorld.Administrator);
        Assert.Equal(promoter.ActiveCode, again.ActiveCode);
        Assert.Single(await world.WritesAsync("contact:7:comment:promoter"));
    }

    [Fact]
    public async Task SwitchedOffAndOnAgainThePromoterKeepsItsCode()
    {
        await using var world = await PromoterWorld.CreateAsync();
        await world.SetContactAsync(7, "Иван", "Петров");
        var on = await world.Registry.SwitchOnAsync(7, PromoterWorld.Administrator);

        world.Time.Advance(TimeSpan.FromHours(1));
        var off = await world.Registry.SwitchOffAsync(on.Id, PromoterWorld.Administrator);
        Assert.False(off.Active);
        await using (var db = world.Database.CreateDbContext())
        {
            Assert.Null(await PromoterCodes.FindActiveAsync(db, on.ActiveCode, CancellationToken.None));
        }

        var fields = Fields(Assert.Single(await world.WritesAsync("contact:7:promoter")).Parameters);
        Assert.Equal("0", fields[Flag]);
        Assert.Equal("", fields["UF_CRM_LOY_PR_CODE"]);

        world.Time.Advance(TimeSpan.FromHours(1));
        var again = await world.Registry.SwitchOnAsync(7, PromoterWorld.Administrator);
        Assert.Equal(on.Id, again.Id);
        Assert.Equal(on.ActiveCode, again.ActiveCode);
        Assert.Equal(3, (await world.WritesAsync("contact:7:comment:promoter")).Count);
        await using (var db = world.Database.CreateDbContext())
        {
            Assert.Equal(on.Id, (await PromoterCodes.FindActiveAsync(db, on.ActiveCode, CancellationToken.None))?.Id);
            Assert.Single(db.PromoterCodes);
        }
    }

    [Fact]
    public async Task ARegeneratedCodeRevokesTheOldOneForGood()
    {
        await using var world = await PromoterWorld.CreateAsync();
        await world.SetContactAsync(7, "Иван", "Петров");
        var on = await world.Registry.SwitchOnAsync(7, PromoterWorld.Administrator);

        var renewed = await world.Registry.RegenerateCodeAsync(on.Id, PromoterWorld.Administrator);

        Assert.NotEqual(on.ActiveCode, renewed.ActiveCode);
        await using var db = world.Database.CreateDbContext();
        Assert.Null(await PromoterCodes.FindActiveAsync(db, on.ActiveCode, CancellationToken.None));
        Assert.Equal(on.Id, (await PromoterCodes.FindAnyAsync(db, on.ActiveCode, CancellationToken.None))?.Id);
        Assert.Equal(on.Id, (await PromoterCodes.FindActiveAsync(db, renewed.ActiveCode, CancellationToken.None))?.Id);
        Assert.NotNull(db.PromoterCodes.Single(c => c.Code == on.ActiveCode).RevokedAt);
        var fields = Fields(Assert.Single(await world.WritesAsync("contact:7:promoter")).Parameters);
        Assert.Equal(renewed.ActiveCode, fields["UF_CRM_LOY_PR_CODE"]);
        Assert.Contains(await world.WritesAsync("contact:7:comment:promoter"), w => w.Parameters.Contains(renewed.ActiveCode!) && w.Parameters.Contains(on.ActiveCode!));
    }

    [Fact]
    public async Task AnUnknownContactOrPromoterIsRefusedWithAMessage()
    {
        await using var world = await PromoterWorld.CreateAsync();
        await Assert.ThrowsAsync<PromoterException>(() => world.Registry.SwitchOnAsync(404, PromoterWorld.Administrator));
        await Assert.ThrowsAsync<PromoterException>(() => world.Registry.SwitchOffAsync(404, PromoterWorld.Administrator));
        await Assert.ThrowsAsync<PromoterException>(() => world.Registry.SetRateAsync(404, 1200, PromoterWorld.Administrator));
        await world.SetContactAsync(7, "Иван", "Петров");
        var on = await world.Registry.SwitchOnAsync(7, PromoterWorld.Administrator);
        await Assert.ThrowsAsync<PromoterException>(() => world.Registry.SetRateAsync(on.Id, 10_001, PromoterWorld.Administrator));
        Assert.Equal(1250, (await world.Registry.SetRateAsync(on.Id, 1250, PromoterWorld.Administrator)).RateBasisPoints);
    }

    [Fact]
    public async Task TheContactsFieldInBitrix24SwitchesTheModeAndTheLaterChangeWins()
    {
        await using var world = await PromoterWorld.CreateAsync();
        var t0 = world.UtcNow;
        await world.SetContactAsync(7, "Иван", "Петров", $$"""{"{{Flag}}":"1"}""", t0);
        await world.SetContactAsync(8, "Мария", "Сидорова", $$"""{"{{Flag}}":"0"}""", t0);
        await world.SetContactAsync(9, "Олег", "Смирнов", """{"UF_CRM_OTHER":"1"}""", t0);

        Assert.Equal(1, await world.Registry.ApplyCrmFlagsAsync());
        var on = await world.PromoterOfAsync(7);
        Assert.True(on!.Active);
        Assert.Equal(PromoterRegistry.CrmActor, on.SwitchedBy);
        Assert.Null(await world.PromoterOfAsync(8));
        Assert.Null(await world.PromoterOfAsync(9));
        // The code and link go back to the contact.
        Assert.Equal(on.ActiveCode, Fields(Assert.Single(await world.WritesAsync("contact:7:promoter")).Parameters)["UF_CRM_LOY_PR_CODE"]);

        // Replaying the same mirror changes nothing.
        Assert.Equal(0, await world.Registry.ApplyCrmFlagsAsync());
        await world.MarkWritesSentAsync();

        // Switched off in the portal later: the contact's older "1" does not switch it back.
        world.Time.Advance(TimeSpan.FromHours(1));
        await world.Registry.SwitchOffAsync(on.Id, PromoterWorld.Administrator);
        await world.SetContactAsync(7, "Иван", "Петров", $$"""{"{{Flag}}":"1"}""", t0);
        Assert.Equal(0, await world.Registry.ApplyCrmFlagsAsync());
        Assert.False((await world.PromoterOfAsync(7))!.Active);

        // The contact edited in Bitrix24 (its name) before the portal's "0" was sent: still "1", but not a switch.
        world.Time.Advance(TimeSpan.FromMinutes(5));
        await world.SetContactAsync(7, "Иван", "Петров-Водкин", $$"""{"{{Flag}}":"1"}""", world.UtcNow);
        Assert.Equal(0, await world.Registry.ApplyCrmFlagsAsync());
        Assert.False((await world.PromoterOfAsync(7))!.Active);

        // The "0" reached Bitrix24; then someone ticks the field again there: the later change wins, with the same code.
        await world.MarkWritesSentAsync();
        world.Time.Advance(TimeSpan.FromMinutes(5));
        await world.SetContactAsync(7, "Иван", "Петров-Водкин", $$"""{"{{Flag}}":"0"}""", world.UtcNow);
        Assert.Equal(0, await world.Registry.ApplyCrmFlagsAsync());
        world.Time.Advance(TimeSpan.FromMinutes(5));
        await world.SetContactAsync(7, "Иван", "Петров-Водкин", $$"""{"{{Flag}}":1}""", world.UtcNow);
        Assert.Equal(1, await world.Registry.ApplyCrmFlagsAsync());
        var back = await world.PromoterOfAsync(7);
        Assert.True(back!.Active);
        Assert.Equal(on.ActiveCode, back.ActiveCode);
        Assert.Equal(world.UtcNow, back.SwitchedAt);
    }

    [Fact]
    public async Task TwoAdministratorsSwitchingOnTheSameContactAtOnceMakeOnePromoterWithOneCode()
    {
        await using var world = await PromoterWorld.CreateAsync();
        await world.SetContactAsync(7, "Иван", "Петров");

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => world.Registry.SwitchOnAsync(7, PromoterWorld.Administrator))));

        Assert.Single(results.Select(p => (p.Id, p.ActiveCode)).Distinct());
        await using var db = world.Database.CreateDbContext();
        Assert.Single(db.Promoters);
        Assert.Single(db.PromoterCodes);
        Assert.Single(await world.WritesAsync("contact:7:comment:promoter"));
    }

    [Fact]
    public void TheReferralLinkIsOnTheOnePublicAddress() =>
        Assert.Equal("https://loyalty.example.ru/r/ABCD2345", new PromoterLinks(new Loyalty.Core.Portal.PublicAddress(
            Microsoft.Extensions.Options.Options.Create(new Loyalty.Core.Notifications.NotificationOptions { PublicBaseUrl = " https://loyalty.example.ru/ " }))).ReferralUrl("ABCD2345"));

    private static Dictionary<string, string> Fields(string parameters)
    {
        using var document = JsonDocument.Parse(parameters);
        return document.RootElement.GetProperty("fields").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString());
    }
}
