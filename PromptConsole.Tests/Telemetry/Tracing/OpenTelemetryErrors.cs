using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace PromptConsole.Tests.Telemetry.Tracing;

/// <summary>
/// The OpenTelemetry SDK's and exporters' own warnings and errors (they log to event sources, not
/// to ILogger), so an export test that finds nothing at the collector can say why.
/// </summary>
public sealed class OpenTelemetryErrors : EventListener
{
    private readonly ConcurrentQueue<string> _messages = new();

    public override string ToString() => _messages.IsEmpty ? "no SDK warning or error" : string.Join(Environment.NewLine, _messages);

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name.StartsWith("OpenTelemetry-", StringComparison.Ordinal))
            EnableEvents(eventSource, EventLevel.Warning);
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        var message = eventData.Message is null || eventData.Payload is null
            ? eventData.EventName
            : string.Format(System.Globalization.CultureInfo.InvariantCulture, eventData.Message, eventData.Payload.ToArray());
        _messages.Enqueue($"{eventData.EventSource.Name} {eventData.Level}: {message}");
    }
}
