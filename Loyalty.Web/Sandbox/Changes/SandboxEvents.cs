using System.Threading.Channels;

namespace Loyalty.Web.Sandbox.Changes;

/// <summary>One outbound event: its name (ONCRMDEALUPDATE…), the entity id, and the key the id travels under.</summary>
internal sealed record SandboxEvent(string Name, long Id, DateTimeOffset Time, string DataKey = "FIELDS");

/// <summary>
/// The queue between a change and its outbound event. Bounded, and a full queue drops the new event: the real
/// portal delivers at most once and never retries (§6.4), so a client must not rely on every event arriving.
/// </summary>
internal sealed class SandboxEvents
{
    private readonly Channel<SandboxEvent> _channel;
    private readonly bool _enabled;

    public SandboxEvents(SandboxOptions options, ILogger<SandboxEvents> logger)
    {
        _enabled = options.Events.Enabled;
        _channel = Channel.CreateBounded<SandboxEvent>(
            new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true },
            dropped => logger.LogDebug("Sandbox event {Event} for {Id} dropped: the queue is full", dropped.Name, dropped.Id));
    }

    public ChannelReader<SandboxEvent> Reader => _channel.Reader;

    public void Publish(string name, long id, DateTimeOffset time, string dataKey = "FIELDS")
    {
        if (_enabled)
        {
            _channel.Writer.TryWrite(new SandboxEvent(name, id, time, dataKey));
        }
    }
}
