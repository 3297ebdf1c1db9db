using QRCoder;

namespace Loyalty.Core.Promoters;

/// <summary>The QR code of a referral link, as PNG (download, the printed card) and SVG (print shops scale it freely).</summary>
public static class PromoterQr
{
    /// <summary>Quartile error correction: a card still reads with a quarter of the code scuffed or folded.</summary>
    private const QRCodeGenerator.ECCLevel Correction = QRCodeGenerator.ECCLevel.Q;

    /// <summary>A PNG of <paramref name="text"/>, <paramref name="pixelsPerModule"/> pixels a module, with the quiet zone.</summary>
    public static byte[] Png(string text, int pixelsPerModule = 10)
    {
        using var data = Data(text);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }

    /// <summary>An SVG of <paramref name="text"/>.</summary>
    public static string Svg(string text, int pixelsPerModule = 10)
    {
        using var data = Data(text);
        return new SvgQRCode(data).GetGraphic(pixelsPerModule);
    }

    private static QRCodeData Data(string text)
    {
        using var generator = new QRCodeGenerator();
        return generator.CreateQrCode(text, Correction);
    }
}
