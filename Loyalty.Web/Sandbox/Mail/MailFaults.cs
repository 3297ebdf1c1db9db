namespace Loyalty.Web.Sandbox.Mail;

/// <summary>The ways the sandbox's SMTP server and SMS gateway fail on purpose.</summary>
public enum MailFault
{
    /// <summary>The SMTP server refuses the connection: a 554 greeting (RFC 5321 §3.1), then it hangs up.</summary>
    SmtpRefused,

    /// <summary>RCPT TO is answered 450 (mailbox busy, try again later).</summary>
    SmtpTemporary,

    /// <summary>RCPT TO is answered 550 (no such mailbox).</summary>
    SmtpPermanent,

    /// <summary>The SMS gateway answers 202 for the number, as SMS.ru does for a number it cannot route.</summary>
    SmsInvalidNumber,

    /// <summary>The SMS gateway answers 220, SMS.ru's "service temporarily unavailable".</summary>
    SmsUnavailable,
}

/// <summary>
/// Draws, at each point where something can fail (an SMTP connection, a recipient, an SMS request), whether it fails and
/// how. Changed at run time from the sandbox mailbox page; seeded, so a test's run can be replayed.
/// </summary>
public sealed class MailFaults
{
    private readonly Lock _lock = new();
    private readonly Random _random;
    private HashSet<MailFault> _kinds;

    internal MailFaults(SandboxMailOptions options)
    {
        _random = new Random(options.FaultSeed);
        Rate = options.FaultRate;
        _kinds = [.. options.Faults];
    }

    /// <summary>0–100: the chance, in per cent, that a point where an enabled fault applies fails.</summary>
    public int Rate { get; private set; }

    public IReadOnlySet<MailFault> Kinds
    {
        get
        {
            lock (_lock)
            {
                return _kinds.ToHashSet();
            }
        }
    }

    public event Action? Changed;

    public void Set(int rate, IEnumerable<MailFault> kinds)
    {
        lock (_lock)
        {
            Rate = Math.Clamp(rate, 0, 100);
            _kinds = [.. kinds.Where(Enum.IsDefined)];
        }

        Changed?.Invoke();
    }

    /// <summary>Whether this point fails, and how: one of <paramref name="applicable"/> that is enabled, or null.</summary>
    public MailFault? Draw(params MailFault[] applicable)
    {
        lock (_lock)
        {
            var candidates = applicable.Where(_kinds.Contains).ToList();
            if (candidates.Count == 0 || Rate == 0 || _random.Next(100) >= Rate)
            {
                return null;
            }

            return candidates[_random.Next(candidates.Count)];
        }
    }
}
