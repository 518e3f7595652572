using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Providers;
using static PromptConsole.Tests.Batches.BatchTestClient;

namespace PromptConsole.Tests.Batches;

/// <summary>Gateway-mode items run at most <c>ConcurrencyPerProvider</c> provider calls at a time per provider, and use all of them.</summary>
public sealed class BatchParallelismTests : IDisposable
{
    private readonly ConcurrencyCountingInvoker _counter = new();
    private readonly PromptConsoleFactory _app;
    private readonly HttpClient _client;

    public BatchParallelismTests()
    {
        _app = new PromptConsoleFactory()
            .WithSetting("PromptConsole:Batches:ConcurrencyPerProvider", "3")
            .WithSetting("PromptConsole:Batches:PollInterval", "00:00:00.200")
            // Each call long enough (eight rounds of 150 ms per batch) that the second batch, posted just after the
            // first, still finds it running on a loaded machine: the overlap is what the last assertion is about.
            .WithSetting("PromptConsole:Providers:simulator:LatencyMedianMs", "150")
            .WithSetting("PromptConsole:Providers:simulator:LatencyP95Ms", "150")
            .WithSetting("PromptConsole:Providers:other:Kind", "Simulator")
            .WithSetting("PromptConsole:Providers:other:LatencyMedianMs", "150")
            .WithSetting("PromptConsole:Providers:other:LatencyP95Ms", "150")
            .WithSetting("PromptConsole:Models:sim-other:Provider", "other")
            .WithSetting("PromptConsole:Models:sim-other:InputPer1K", "0.001")
            .WithSetting("PromptConsole:Models:sim-other:OutputPer1K", "0.002")
            .WithServices(services => services.AddSingleton<IModelInvoker>(sp =>
            {
                _counter.Inner = sp.GetRequiredService<ResilientModelInvoker>();
                return _counter;
            }));
        _client = _app.CreateClient();
    }

    [Fact]
    public async Task At_most_the_configured_number_of_provider_calls_run_at_once_per_provider()
    {
        var onSimulator = await CreatePromptAsync(_client);
        var onOther = await CreatePromptAsync(_client, model: "sim-other");
        var items = Enumerable.Range(0, 24).Select(i => new { variables = new { name = $"n{i}" } }).ToArray();
        var first = await _client.PostJsonAsync($"/api/v1/prompts/{onSimulator}/batches", new { items });
        var second = await _client.PostJsonAsync($"/api/v1/prompts/{onOther}/batches", new { items });

        await WaitAsync(_client, (string)first.Body!["id"]!);
        await WaitAsync(_client, (string)second.Body!["id"]!);

        Assert.Equal(48, _counter.Calls);
        foreach (var model in new[] { "sim-fast", "sim-other" })
        {
            // Bounded per provider, and the bound is reached (the slots are kept full).
            Assert.Equal(3, _counter.MaxConcurrent(model));
        }

        // The two providers ran side by side, each at its own bound.
        Assert.True(_counter.MaxConcurrentOverall > 3, $"overall {_counter.MaxConcurrentOverall}");
    }

    public void Dispose()
    {
        _client.Dispose();
        _app.Dispose();
    }

    /// <summary>Counts provider calls in flight, per requested model and overall, around the real invoker.</summary>
    private sealed class ConcurrencyCountingInvoker : IModelInvoker
    {
        private readonly object _gate = new();
        private readonly Dictionary<string, (int Now, int Max)> _byModel = new(StringComparer.Ordinal);
        private int _overall;

        public IModelInvoker Inner { get; set; } = null!;

        public int Calls { get; private set; }

        public int MaxConcurrentOverall { get; private set; }

        public int MaxConcurrent(string model)
        {
            lock (_gate)
                return _byModel.TryGetValue(model, out var entry) ? entry.Max : 0;
        }

        public async Task<ModelCallOutcome> InvokeAsync(ModelCallRequest request, CancellationToken cancellationToken)
        {
            var model = request.Settings.Model;
            lock (_gate)
            {
                Calls++;
                var entry = _byModel.GetValueOrDefault(model);
                entry.Now++;
                entry.Max = Math.Max(entry.Max, entry.Now);
                _byModel[model] = entry;
                _overall++;
                MaxConcurrentOverall = Math.Max(MaxConcurrentOverall, _overall);
            }

            try
            {
                return await Inner.InvokeAsync(request, cancellationToken);
            }
            finally
            {
                lock (_gate)
                {
                    var entry = _byModel[model];
                    entry.Now--;
                    _byModel[model] = entry;
                    _overall--;
                }
            }
        }

        public Task<ModelStreamStart> StartStreamAsync(ModelCallRequest request, CancellationToken cancellationToken) => Inner.StartStreamAsync(request, cancellationToken);
    }
}
