namespace Loyalty.Core.Notifications;

/// <summary>
/// An SMS gateway. <see cref="SendAsync"/> gives the provider's message ID or a classified failure and never throws
/// for the provider's answers; a provider that reports a STOP reply calls <see cref="IStopReports"/>.
/// </summary>
public interface ISmsProvider
{
    string Name { get; }

    /// <summary>Sends <paramref name="text"/> to the E.164 <paramref name="number"/>.</summary>
    Task<SendOutcome> SendAsync(string number, string text, CancellationToken ct = default);

    /// <summary>The account's balance, or null when the provider cannot tell (unreachable, not configured).</summary>
    Task<decimal?> BalanceAsync(CancellationToken ct = default);
}
