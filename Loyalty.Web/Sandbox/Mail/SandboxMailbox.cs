namespace Loyalty.Web.Sandbox.Mail;

/// <summary>One e-mail the sandbox's SMTP server accepted, parsed from its MIME text.</summary>
public sealed record ReceivedMail(
    long Id,
    DateTime ReceivedAt,
    string EnvelopeFrom,
    IReadOnlyList<string> EnvelopeTo,
    string From,
    string To,
    string Subject,
    string? TextBody,
    string? HtmlBody,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    int Size);

/// <summary>One SMS the sandbox's gateway accepted.</summary>
public sealed record ReceivedSms(long Id, DateTime ReceivedAt, string SmsId, string To, string Text, string? From, int Parts, decimal Cost);

/// <summary>
/// What the sandbox's SMTP server and SMS gateway received, newest first, for the sandbox mailbox page. Kept in memory
/// with a cap (<see cref="SandboxMailOptions.Capacity"/> of each): the outbox itself (Core) is the record of what the
/// portal sent and survives restarts; this is the far side of the wire, a demo inbox that a restart empties, as a
/// test inbox would be. Holding it in memory keeps it out of the sandbox's SQLite file, whose schema the Bitrix24 side owns.
/// </summary>
public sealed class SandboxMailbox
{
    private readonly Lock _lock = new();
    private readonly LinkedList<ReceivedMail> _mail = new();
    private readonly LinkedList<ReceivedSms> _sms = new();
    private readonly int _capacity;
    private long _nextId;

    internal SandboxMailbox(SandboxMailOptions options) => _capacity = options.Capacity;

    /// <summary>Raised after anything is received or the mailbox is cleared; on the receiving thread.</summary>
    public event Action? Changed;

    public IReadOnlyList<ReceivedMail> Mail
    {
        get
        {
            lock (_lock)
            {
                return [.. _mail];
            }
        }
    }

    public IReadOnlyList<ReceivedSms> Sms
    {
        get
        {
            lock (_lock)
            {
                return [.. _sms];
            }
        }
    }

    public ReceivedMail? FindMail(long id)
    {
        lock (_lock)
        {
            return _mail.FirstOrDefault(m => m.Id == id);
        }
    }

    public ReceivedSms? FindSms(string smsId)
    {
        lock (_lock)
        {
            return _sms.FirstOrDefault(s => s.SmsId == smsId);
        }
    }

    internal long NextId()
    {
        lock (_lock)
        {
            return ++_nextId;
        }
    }

    internal void Add(ReceivedMail mail)
    {
        lock (_lock)
        {
            _mail.AddFirst(mail);
            while (_mail.Count > _capacity)
            {
                _mail.RemoveLast();
            }
        }

        Changed?.Invoke();
    }

    internal void Add(ReceivedSms sms)
    {
        lock (_lock)
        {
            _sms.AddFirst(sms);
            while (_sms.Count > _capacity)
            {
                _sms.RemoveLast();
            }
        }

        Changed?.Invoke();
    }

    public void Clear()
    {
        lock (_lock)
        {
            _mail.Clear();
            _sms.Clear();
        }

        Changed?.Invoke();
    }
}
