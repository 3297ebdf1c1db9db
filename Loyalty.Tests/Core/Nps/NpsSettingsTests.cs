using Loyalty.Core.Nps;

namespace Loyalty.Tests.Core.Nps;

/// <summary>The NPS settings: the review links (seed 004's Yandex form), the logo's checks, and the store over SQLite.</summary>
public sealed class NpsSettingsTests
{
    [Theory]
    [InlineData("https://yandex.ru/maps/org/1234567890/?add-review=true")]
    [InlineData("https://yandex.ru/maps/org/kofeynya_zerno/1234567890/")]
    [InlineData("https://yandex.ru/maps/org/kofeynya_zerno/1234567890/reviews/?ll=37.6%2C55.7&z=16")]
    [InlineData("https://yandex.ru/maps/213/moscow/org/kofeynya_zerno/1234567890/")]
    [InlineData("https://www.yandex.com/maps/org/1234567890")]
    [InlineData("  1234567890 ")]
    public void AYandexOrganisationLinkOrIdBecomesTheReviewForm(string input)
    {
        var check = NpsReviewLinks.ValidateYandex(input);

        Assert.Equal("https://yandex.ru/maps/org/1234567890/?add-review=true", check.Url);
        Assert.Null(check.ErrorKey);
    }

    [Theory]
    [InlineData("http://yandex.ru/maps/org/kofeynya_zerno/1234567890/", "NpsErr_YandexLink")]
    [InlineData("javascript:alert(1)//yandex.ru/maps/org/1234567890", "NpsErr_YandexLink")]
    [InlineData("https://yandex.ru.evil.example/maps/org/1234567890/", "NpsErr_YandexLink")]
    [InlineData("https://yandex.ru/maps/org/kofeynya_zerno/", "NpsErr_YandexLink")]
    [InlineData("https://yandex.ru/search/?text=кофе", "NpsErr_YandexLink")]
    [InlineData("12", "NpsErr_YandexLink")]
    [InlineData("", "NpsErr_LinkEmpty")]
    public void AnythingElseIsRefusedAsAYandexLink(string input, string error)
    {
        var check = NpsReviewLinks.ValidateYandex(input);

        Assert.Null(check.Url);
        Assert.Equal(error, check.ErrorKey);
    }

    [Theory]
    [InlineData("https://g.page/r/CWxyz123/review", "https://g.page/r/CWxyz123/review")]
    [InlineData("https://maps.app.goo.gl/AbCdEf123", "https://maps.app.goo.gl/AbCdEf123")]
    [InlineData("https://search.google.com/local/writereview?placeid=ChIJ", "https://search.google.com/local/writereview?placeid=ChIJ")]
    [InlineData(" https://www.google.ru/maps/place/x ", "https://www.google.ru/maps/place/x")]
    public void AGoogleHttpsLinkIsAccepted(string input, string expected) => Assert.Equal(expected, NpsReviewLinks.ValidateGoogle(input).Url);

    [Theory]
    [InlineData("http://g.page/r/CWxyz123/review")]
    [InlineData("javascript:alert(document.cookie)")]
    [InlineData("https://google.com.evil.example/review")]
    [InlineData("https://evil.example/?q=google.com")]
    [InlineData("https://user@g.page/r/x")]
    [InlineData("https://g.page:8443/r/x")]
    [InlineData("g.page/r/x")]
    public void OtherGoogleLinksAreRefused(string input)
    {
        var check = NpsReviewLinks.ValidateGoogle(input);

        Assert.Null(check.Url);
        Assert.Equal("NpsErr_GoogleLink", check.ErrorKey);
    }

    public static TheoryData<byte[], string?> Images() => new()
    {
        { [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13], "image/png" },
        { [0xFF, 0xD8, 0xFF, 0xE0, 0, 16], "image/jpeg" },
        { "GIF89a\u0001\u0000"u8.ToArray(), "image/gif" },
        { "RIFF\u0010\u0000\u0000\u0000WEBPVP8 "u8.ToArray(), "image/webp" },
        { "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"u8.ToArray(), null },
        { "RIFF\u0010\u0000\u0000\u0000WAVEfmt "u8.ToArray(), null },
        { "%PDF-1.7"u8.ToArray(), null },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void ALogoIsKnownByItsFirstBytesNotItsName(byte[] bytes, string? contentType)
    {
        Assert.Equal(contentType, NpsLogoCheck.ContentTypeOf(bytes));
        Assert.Equal(contentType is null ? "NpsErr_LogoNotImage" : null, NpsLogoCheck.Check(bytes));
    }

    [Fact]
    public void ALogoOver512KilobytesOrEmptyIsRefused()
    {
        var png = new byte[NpsLimits.LogoBytes + 1];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(png, 0);

        Assert.Equal("NpsErr_LogoTooLarge", NpsLogoCheck.Check(png));
        Assert.Null(NpsLogoCheck.Check(png.AsSpan(0, NpsLimits.LogoBytes)));
        Assert.Equal("NpsErr_LogoEmpty", NpsLogoCheck.Check([]));
    }

    [Fact]
    public async Task TheStoreSavesNormalizedLinksAndRefusesBadValuesWithoutSavingThem()
    {
        await using var world = await NpsWorld.CreateAsync();
        Assert.Equal(new NpsSettings(), await world.Settings.CurrentAsync());

        var errors = await world.Settings.SaveAsync(
            new NpsSettings { CompanyName = "  Кофейня «Зерно» ", YandexReviewUrl = "https://yandex.ru/maps/org/kofeynya_zerno/1234567890/", GoogleReviewUrl = "https://g.page/r/abc/review", ContactCooldownDays = 14 },
            NpsWorld.Administrator);

        Assert.Empty(errors);
        var saved = await world.Settings.CurrentAsync();
        Assert.Equal("Кофейня «Зерно»", saved.CompanyName);
        Assert.Equal("https://yandex.ru/maps/org/1234567890/?add-review=true", saved.YandexReviewUrl);
        Assert.Equal(14, saved.ContactCooldownDays);

        errors = await world.Settings.SaveAsync(
            saved with { GoogleReviewUrl = "javascript:alert(1)", ReplyWindowDays = 0, CompanyName = new string('я', 101), SenderEmail = "not an address" }, NpsWorld.Administrator);

        Assert.Equal(
            ["CompanyName:Text_TooLong", "GoogleReviewUrl:NpsErr_GoogleLink", "ReplyWindowDays:NpsErr_Range", "SenderEmail:NpsErr_SenderEmail"],
            errors.Select(e => $"{e.Field}:{e.MessageKey}").Order(StringComparer.Ordinal));
        Assert.Equal(saved, await world.Settings.CurrentAsync());
    }

    [Fact]
    public async Task TheLogoIsStoredWithItsTypeAndAnSvgIsRefused()
    {
        await using var world = await NpsWorld.CreateAsync();
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];

        Assert.Null(await world.Settings.SaveLogoAsync(new MemoryStream(png)));
        var logo = await world.Settings.LogoAsync();
        Assert.Equal("image/png", logo!.ContentType);
        Assert.Equal(png, logo.Bytes);

        Assert.Equal("NpsErr_LogoNotImage", await world.Settings.SaveLogoAsync("<svg/>"u8.ToArray()));
        Assert.Equal("NpsErr_LogoTooLarge", await world.Settings.SaveLogoAsync(new MemoryStream(new byte[NpsLimits.LogoBytes + 100])));
        Assert.Equal(png, (await world.Settings.LogoAsync())!.Bytes);
    }
}
