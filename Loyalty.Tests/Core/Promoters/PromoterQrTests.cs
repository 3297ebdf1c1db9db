using Loyalty.Core.Promoters;
using StbImageSharp;
using ZXing;
using ZXing.Common;

namespace Loyalty.Tests.Core.Promoters;

/// <summary>The QR code reads back as the referral link: the PNG decoded to pixels (StbImageSharp) and scanned by ZXing.</summary>
public sealed class PromoterQrTests
{
    [Theory]
    [InlineData("https://loyalty.example.ru/r/ABCD2345")]
    [InlineData("http://localhost:5000/r/ZZ9XY7WQ")]
    public void ThePngReadsBackAsTheLink(string link) => Assert.Equal(link, Scan(PromoterQr.Png(link)));

    [Fact]
    public void TheSvgIsAnSvgOfSquareModules()
    {
        var svg = PromoterQr.Svg("https://loyalty.example.ru/r/ABCD2345");
        Assert.StartsWith("<svg", svg.TrimStart().Substring(svg.TrimStart().IndexOf("<svg", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("</svg>", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", svg, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The text of the QR code in a PNG; null when none is found.</summary>
    public static string? Scan(byte[] png)
    {
        var image = ImageResult.FromMemory(png, ColorComponents.RedGreenBlueAlpha);
        var source = new RGBLuminanceSource(image.Data, image.Width, image.Height, RGBLuminanceSource.BitmapFormat.RGBA32);
        var reader = new BarcodeReaderGeneric { Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true } };
        return reader.Decode(source)?.Text;
    }
}
