using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Loyalty.Tests.TestSupport;

/// <summary>
/// A real SMTP server (the SmtpServer library) on 127.0.0.1 for tests: it keeps every message it accepts, parsed with
/// MimeKit, and can refuse like a real one: <see cref="RejectRecipient"/> answers 550 to RCPT TO, <see cref="Fault"/>
/// answers a reply of the test's choice (451 for a transient fault) to the message's DATA.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    private SmtpTestServer(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)).AllowUnsecureAuthentication(true))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(this));
        services.Add(new NoDelayListenerFactory());
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }

    /// <summary>Messages accepted, in order.</summary>
    public ConcurrentQueue<MimeMessage> Received { get; } = new();

    /// <summary>RCPT TO addresses answered with 550.</summary>
    public Func<string, bool> RejectRecipient { get; set; } = _ => false;

    /// <summary>A reply to give a message's DATA instead of accepting it (null accepts).</summary>
    public Func<MimeMessage, SmtpResponse?> Fault { get; set; } = _ => null;

    public static async Task<SmtpTestServer> StartAsync()
    {
        var server = new SmtpTestServer(FreePort());
        // Listening once a client can connect.
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, server.Port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, "the test SMTP server to listen", TimeSpan.FromSeconds(20));
        return server;
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private sealed class Store(SmtpTestServer server) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = MimeMessage.Load(stream, cancellationToken);
            if (server.Fault(message) is { } fault)
            {
                return Task.FromResult(fault);
            }

            server.Received.Enqueue(message);
            return Task.FromResult(new SmtpResponse(SmtpReplyCode.Ok, $"2.0.0 Ok: queued as Q{server.Received.Count}"));
        }
    }

    private sealed class Filter(SmtpTestServer server) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!server.RejectRecipient(to.AsAddress()));
    }

    /// <summary>
    /// Accepts connections with Nagle's algorithm off, as the sandbox's server does: SmtpServer writes its pipelined
    /// replies (250, 250, 354) one by one, and with Nagle each later one waited for the client's delayed ACK, about
    /// 40 ms a message (docs/performance.md, "Notifications").
    /// </summary>
    private sealed class NoDelayListenerFactory : IEndpointListenerFactory
    {
        public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
        {
            var listener = new TcpListener(endpointDefinition.Endpoint);
            listener.Start();
            return new Listener(listener);
        }
    }

    private sealed class Listener(TcpListener listener) : IEndpointListener
    {
        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            var client = await listener.AcceptTcpClientAsync(cancellationToken);
            client.NoDelay = true;
            return new StreamPipe(client);
        }

        public void Dispose() => listener.Stop();
    }

    /// <summary>A plain connection as SmtpServer's pipe (its own is internal); no TLS, as no certificate is offered.</summary>
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
            throw new NotSupportedException("The test SMTP server offers no TLS.");

        public void Dispose() => client.Dispose();
    }
}
