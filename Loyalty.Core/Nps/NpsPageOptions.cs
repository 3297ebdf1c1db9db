namespace Loyalty.Core.Nps;

/// <summary>The public survey page's guards (section <c>NpsPage</c>), as the referral page's (<see cref="Promoters.ReferralOptions"/>).</summary>
public sealed class NpsPageOptions
{
    public const string Section = "NpsPage";

    /// <summary>Form posts (a score, a comment) one client address may make per minute to all survey pages together.</summary>
    public int PostsPerAddressPerMinute { get; set; } = 20;

    /// <summary>Form posts one survey's page may receive per minute from everyone together.</summary>
    public int PostsPerTokenPerMinute { get; set; } = 10;

    /// <summary>Page views one client address may make per minute (a token guesser is slowed down too).</summary>
    public int PagesPerAddressPerMinute { get; set; } = 120;
}
