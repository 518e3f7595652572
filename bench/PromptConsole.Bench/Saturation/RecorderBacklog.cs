namespace PromptConsole.Bench.Saturation;

/// <summary>
/// The app's execution records taken and not yet written (<c>promptconsole_recorder_waiting_records</c> on
/// <c>/metrics</c>). A saturated run can answer faster than the recorder writes; the difference waits in memory up to
/// the recorder's bound and is then refused with 503. So each saturated run starts with the backlog drained, and the
/// backlog it leaves behind is taken off its answers: what is left is the rate the process sustains, records included.
/// </summary>
internal static class RecorderBacklog
{
    private const string Gauge = "promptconsole_recorder_waiting_records";

    public static async Task<long> ReadAsync(HttpClient client, GatewayProcess gateway, CancellationToken cancellationToken)
    {
        var text = await client.GetStringAsync(gateway.MetricsUri, cancellationToken);
        if (PrometheusSample.ParseAll(text).FirstOrDefault(sample => sample.Name == Gauge) is { } waiting)
            return (long)waiting.Value;

        throw new BenchSetupException($"{Gauge} is not on {gateway.MetricsUri}.{gateway.OutputTail()}");
    }

    /// <summary>Waits until every record is written or the limit has passed: how long it waited, and the records still waiting.</summary>
    public static async Task<(TimeSpan Waited, long Waiting)> DrainAsync(HttpClient client, GatewayProcess gateway, TimeSpan limit, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var waiting = await ReadAsync(client, gateway, cancellationToken);
            if (waiting == 0 || started.Elapsed > limit)
                return (started.Elapsed, waiting);
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }
}
