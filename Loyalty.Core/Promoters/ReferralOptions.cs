namespace Loyalty.Core.Promoters;

/// <summary>The referral page's and its lead outbox's operating settings (section <c>Referrals</c>).</summary>
public sealed class ReferralOptions
{
    public const string Section = "Referrals";

    /// <summary>Form posts one client address may make per minute to all referral pages together.</summary>
    public int PostsPerAddressPerMinute { get; set; } = 10;

    /// <summary>Form posts one code's page may receive per minute from everyone together.</summary>
    public int PostsPerCodePerMinute { get; set; } = 30;

    /// <summary>Page views one client address may make per minute (a code guesser is slowed down too).</summary>
    public int PagesPerAddressPerMinute { get; set; } = 120;

    /// <summary>How long a form stays valid after the page was shown.</summary>
    public int FormTokenHours { get; set; } = 24;

    /// <summary>How often the lead outbox looks for due submissions when nothing woke it (the safety net).</summary>
    public int PollSeconds { get; set; } = 30;

    /// <summary>The first retry after a failed send; each further failure doubles it, up to an hour.</summary>
    public int FirstRetrySeconds { get; set; } = 15;

    /// <summary>
    /// The lead's <c>SOURCE_ID</c>: <c>RECOMMENDATION</c> ("По рекомендации") is in every portal's standard SOURCE list
    /// (crm.status.list ENTITY_ID=SOURCE, PROTOCOL §5.3); a portal with its own source may name it here.
    /// </summary>
    public string SourceId { get; set; } = "RECOMMENDATION";
}
