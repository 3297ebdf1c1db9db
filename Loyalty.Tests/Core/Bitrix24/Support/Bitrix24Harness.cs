using Loyalty.Core.Bitrix24;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Loyalty.Tests.Core.Bitrix24.Support;

/// <summary>
/// The client as <see cref="Bitrix24Registration.AddBitrix24Client"/> wires it, with the HTTP handler replaced by a
/// <see cref="FakePortal"/>, a <see cref="SteppingTimeProvider"/> for the limiter and back-off, and a back-off whose
/// jitter is pinned (1 = the full ceiling). The limiter is off unless a test turns it on.
/// </summary>
internal sealed class Bitrix24Harness : IDisposable
{
    public const string WebhookUrl = "https://example.bitrix24.ru/rest/1/secret";

    private readonly ServiceProvider _services;

    public Bitrix24Harness(Action<Bitrix24Options>? configure = null, double jitter = 1, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        collection.AddSingleton<TimeProvider>(Time);
        collection.Configure<Bitrix24Options>(options =>
        {
            options.WebhookUrl = WebhookUrl;
            options.RequestsPerSecond = 0;
            configure?.Invoke(options);
        });
        collection.AddSingleton(new Bitrix24Backoff(() => jitter));
        services?.Invoke(collection);
        collection.AddBitrix24Client();
        collection.AddHttpClient(Bitrix24Registration.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Portal);
        _services = collection.BuildServiceProvider();
        Client = _services.GetRequiredService<IBitrix24Client>();
    }

    public FakePortal Portal { get; } = new();

    public SteppingTimeProvider Time { get; } = new(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));

    public RecordingLoggerProvider Logs { get; } = new();

    public IBitrix24Client Client { get; }

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public void Dispose() => _services.Dispose();
}

/// <summary>Keeps every log line, for assertions on what was logged.</summary>
internal sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly Lock _lock = new();
    private readonly List<(LogLevel Level, string Message)> _entries = [];

    public IReadOnlyList<(LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(RecordingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner._lock)
            {
                owner._entries.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
