using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
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
}
