namespace PromptConsole.Bench;

/// <summary>
/// The gateway processes the runner has started (PromptConsole, the bare forwarder): each is killed by its own handle when the
/// part that needed it ends, when the runner finishes or fails, and — as a last resort — on process exit.
/// </summary>
internal sealed class StartedGateways(string appPath, Uri stubBaseUri, IReadOnlyList<KeyValuePair<string, string>> userEnvironment, HttpClient client, BenchReport report)
    : IAsyncDisposable
{
    private readonly List<(GatewayProcess Gateway, EventHandler KillOnExit)> _running = [];

    /// <summary>Starts one with the harness's settings, then <paramref name="environment"/>, then the user's --app-env (which win).</summary>
    public async Task<GatewayProcess> StartAsync(string label, IReadOnlyList<KeyValuePair<string, string>> environment, CancellationToken cancellationToken)
    {
        var gateway = Keep(await GatewayProcess.StartAsync(appPath, stubBaseUri, [.. environment, .. userEnvironment], client, cancellationToken));
        report.Line($"PromptConsole ({label}) started: pid {gateway.ProcessId}, {gateway.BaseUri}");
        return gateway;
    }

    /// <summary>The bare forwarder in front of the stub, with the user's --app-env too.</summary>
    public async Task<GatewayProcess> StartForwarderAsync(string forwarderPath, CancellationToken cancellationToken)
    {
        var forwarder = Keep(await GatewayProcess.StartForwarderAsync(forwarderPath, stubBaseUri, userEnvironment, client, cancellationToken));
        report.Line($"bare forwarder started: pid {forwarder.ProcessId}, {forwarder.BaseUri}");
        return forwarder;
    }

    private GatewayProcess Keep(GatewayProcess gateway)
    {
        EventHandler killOnExit = (_, _) => gateway.KillNow();
        AppDomain.CurrentDomain.ProcessExit += killOnExit;
        _running.Add((gateway, killOnExit));
        return gateway;
    }

    public async Task StopAsync(GatewayProcess gateway)
    {
        int index = _running.FindIndex(entry => ReferenceEquals(entry.Gateway, gateway));
        if (index < 0)
        {
            return;
        }

        var (stopped, killOnExit) = _running[index];
        _running.RemoveAt(index);
        AppDomain.CurrentDomain.ProcessExit -= killOnExit;
        await stopped.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        while (_running.Count > 0)
        {
            await StopAsync(_running[^1].Gateway);
        }
    }
}
