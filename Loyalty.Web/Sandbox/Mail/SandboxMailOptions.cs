namespace Loyalty.Web.Sandbox.Mail;

/// <summary>
/// The sandbox's mail and SMS side (section <c>Sandbox:Smtp</c>, <c>Sandbox:Sms</c>, <c>Sandbox:Mailbox</c>): a real SMTP
/// server on 127.0.0.1 and an SMS.ru-like gateway under <c>/sandbox/sms</c>, started only in sandbox mode.
/// </summary>
internal sealed class SandboxMailOptions
{
    /// <summary>The SMTP server's port on 127.0.0.1; 0 picks a free one (<c>Sandbox:Smtp:Port</c>).</summary>
    public int SmtpPort { get; set; }

    /// <summary>The gateway's api_id (<c>Sandbox:Sms:ApiId</c>): any other is refused with SMS.ru's code 200.</summary>
    public string SmsApiId { get; set; } = "sandbox-sms";

    /// <summary>The gateway's starting balance in roubles (<c>Sandbox:Sms:Balance</c>).</summary>
    public decimal SmsBalance { get; set; } = 1000m;

    /// <summary>The price of one SMS part in roubles (<c>Sandbox:Sms:PartPrice</c>).</summary>
    public decimal SmsPartPrice { get; set; } = 2.5m;

    /// <summary>How many e-mails and how many SMS the mailbox keeps; the oldest go first (<c>Sandbox:Mailbox:Capacity</c>).</summary>
    public int Capacity { get; set; } = 200;

    /// <summary>Fault injection at start-up (<c>Sandbox:Mailbox:FaultRate</c> 0–100, <c>Sandbox:Mailbox:Faults</c> a list of kinds).</summary>
    public int FaultRate { get; set; }

    public List<MailFault> Faults { get; set; } = [];

    public int FaultSeed { get; set; }

    public static SandboxMailOptions From(IConfiguration configuration)
    {
        var options = new SandboxMailOptions
        {
            SmtpPort = configuration.GetValue("Sandbox:Smtp:Port", 0),
            SmsApiId = configuration["Sandbox:Sms:ApiId"] is { Length: > 0 } apiId ? apiId : "sandbox-sms",
            SmsBalance = configuration.GetValue("Sandbox:Sms:Balance", 1000m),
            SmsPartPrice = configuration.GetValue("Sandbox:Sms:PartPrice", 2.5m),
            Capacity = Math.Clamp(configuration.GetValue("Sandbox:Mailbox:Capacity", 200), 1, 10_000),
            FaultRate = Math.Clamp(configuration.GetValue("Sandbox:Mailbox:FaultRate", 0), 0, 100),
            FaultSeed = configuration.GetValue("Sandbox:Mailbox:FaultSeed", 0),
        };
        options.Faults = configuration.GetSection("Sandbox:Mailbox:Faults").Get<List<MailFault>>() ?? [];
        return options;
    }
}
