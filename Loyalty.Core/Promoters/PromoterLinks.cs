using Loyalty.Core.Portal;

namespace Loyalty.Core.Promoters;

/// <summary>The public addresses of a promoter's code: the referral link the QR code carries.</summary>
public sealed class PromoterLinks(PublicAddress address)
{
    /// <summary><c>{public address}/r/{code}</c>.</summary>
    public string ReferralUrl(string code) => address.Of($"r/{Uri.EscapeDataString(code)}");
}
