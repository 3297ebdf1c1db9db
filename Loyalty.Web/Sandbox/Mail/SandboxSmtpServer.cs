using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.IO.Pipelines;
using System.Text;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.IO;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Loyalty.Web.Sandbox.Mail;

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1, bound when the portal is configured so that the e-mail
/// channel's settings can name its port, and serving once the host starts. Whatever it accepts goes to the
/// <see cref="SandboxMailbox"/>; <see cref="MailFaults"/> makes it refuse connections or recipients on purpose.
/// Any user name and password are accepted, without TLS: it only ever listens on loopback.
/// </summary>
internal sealed class SandboxSmtpServer : BackgroundService
{
    /// <summary>Bigger mail is refused with 552 at MAIL FROM (SIZE) or while it is received.</summary>
    public const int MaxMessageBytes = 10 * 1024 * 1024;

    private readonly TcpListener _listener;
    private readonly SandboxMailbox _mailbox;
    private readonly MailFaults _faults;
    private readonly TimeProvider _time;
    private readonly ILogger<SandboxSmtpServer> _logger;

    private SandboxSmtpServer(TcpListener listener, SandboxMailbox mailbox, MailFaults faults, TimeProvider time, ILogger<SandboxSmtpServer> logger)
    {
        _listener = listener;
        _mailbox = mailbox;
        _faults = faults;
        _time = time;
        _logger = logger;
    }

    /// <summary>The port it listens on (the configured one, or the free one it was given).</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>
    /// Binds 127.0.0.1:<paramref name="port"/> now (0: a free port). A configured port that is taken falls back to a
    /// free one with a warning, rather than stopping the portal for a demo channel.
    /// </summary>
    public static TcpListener Bind(int port, Action<string> warn)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return listener;
        }
        catch (SocketException e) when (port != 0)
        {
            warn($"The sandbox SMTP port {port} cannot be used ({e.SocketErrorCode}); a free port is used instead.");
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return listener;
        }
    }

    public static SandboxSmtpServer Create(IServiceProvider services, TcpListener listener) => new(
        listener,
        services.GetRequiredService<SandboxMailbox>(),
        services.GetRequiredService<MailFaults>(),
        services.GetRequiredService<TimeProvider>(),
        services.GetRequiredService<ILogger<SandboxSmtpServer>>());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("sandbox.loyalty.local")
            .MaxMessageSize(MaxMessageBytes, MaxMessageSizeHandling.Strict)
            .Endpoint(endpoint => endpoint
                .Endpoint((IPEndPoint)_listener.LocalEndpoint)
                .AllowUnsecureAuthentication(true)
                .AuthenticationRequired(false)
                .SessionTimeout(TimeSpan.FromMinutes(1)))
            .Build();
        var provider = new SmtpServer.ComponentModel.ServiceProvider();
        provider.Add(new PreboundListenerFactory(_listener, _faults));
        provider.Add(new MailboxStore(_mailbox, _time, _logger));
        provider.Add(new FaultFilter(_faults));
        provider.Add(new DelegatingUserAuthenticator((_, _) => true));
        var server = new SmtpServer.SmtpServer(options, provider);
        server.SessionFaulted += (_, e) => _logger.LogDebug(e.Exception, "A sandbox SMTP session failed");
        _logger.LogInformation("Sandbox SMTP server listening on 127.0.0.1:{Port}", Port);
        try
        {
            await server.StartAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override void Dispose()
    {
        _listener.Stop();
        base.Dispose();
    }

    /// <summary>Hands SmtpServer the listener bound at configuration time; a refused connection is answered 554 and closed here.</summary>
    private sealed class PreboundListenerFactory(TcpListener listener, MailFaults faults) : IEndpointListenerFactory
    {
        public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition) => new Listener(listener, faults);
    }

    private sealed class Listener(TcpListener listener, MailFaults faults) : IEndpointListener
    {
        private static readonly byte[] Refusal = Encoding.ASCII.GetBytes("554 5.3.2 sandbox.loyalty.local refuses the connection (sandbox fault injection)\r\n");

        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync(cancellationToken);
                // SmtpServer writes pipelined replies (250, 250, 354) one by one; with Nagle's algorithm each later one
                // waited for the client's delayed ACK, about 40 ms a message (docs/performance.md, "Notifications").
                client.NoDelay = true;
                if (faults.Draw(MailFault.SmtpRefused) is null)
                {
                    return new StreamPipe(client);
                }

                using (client)
                {
                    try
                    {
                        await client.GetStream().WriteAsync(Refusal, cancellationToken);
                    }
                    catch (IOException)
                    {
                        // The client went away first: refused all the same.
                    }
                }
            }
        }

        // The listener belongs to the hosted service, which stops it.
        public void Dispose()
        {
        }
    }

    /// <summary>A plain connection as SmtpServer's pipe (its own is internal); no STARTTLS, as no certificate is offered.</summary>
    private sealed class StreamPipe(TcpClient client) : ISecurableDuplexPipe
    {
        private readonly NetworkStream _stream = client.GetStream();
        private PipeReader? _input;
        private PipeWriter? _output;

        public PipeReader Input => _input ??= PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));

        public PipeWriter Output => _output ??= PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));

        public bool IsSecure => false;

        public SslProtocols SslProtocol => SslProtocols.None;

        public Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The sandbox SMTP server offers no TLS.");

        public void Dispose() => client.Dispose();
    }

    private sealed class FaultFilter(MailFaults faults) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) =>
            Task.FromResult(size <= MaxMessageBytes);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            faults.Draw(MailFault.SmtpTemporary, MailFault.SmtpPermanent) switch
            {
                MailFault.SmtpTemporary => throw new SmtpResponseException(new SmtpResponse((SmtpReplyCode)450, "4.2.1 Mailbox busy, try again later (sandbox fault injection)")),
                MailFault.SmtpPermanent => throw new SmtpResponseException(new SmtpResponse((SmtpReplyCode)550, "5.1.1 No such mailbox here (sandbox fault injection)")),
                _ => Task.FromResult(true),
            };
    }

    private sealed class MailboxStore(SandboxMailbox mailbox, TimeProvider time, ILogger logger) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            MimeMessage message;
            try
            {
                await using var stream = new MemoryStream(buffer.ToArray());
                message = await MimeMessage.LoadAsync(stream, cancellationToken);
            }
            catch (FormatException e)
            {
                logger.LogDebug(e, "The sandbox SMTP server received a message it cannot parse");
                return new SmtpResponse((SmtpReplyCode)554, "5.6.0 The message cannot be parsed");
            }

            mailbox.Add(new ReceivedMail(
                mailbox.NextId(),
                time.GetUtcNow().UtcDateTime,
                transaction.From?.AsAddress() ?? "",
                [.. transaction.To.Select(t => t.AsAddress())],
                message.From.ToString(),
                message.To.ToString(),
                message.Subject ?? "",
                message.TextBody,
                message.HtmlBody,
                [.. message.Headers.Select(h => new KeyValuePair<string, string>(h.Field, h.Value))],
                (int)buffer.Length));
            return SmtpResponse.Ok;
        }
    }
}
