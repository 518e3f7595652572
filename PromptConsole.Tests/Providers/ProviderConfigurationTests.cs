using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Prompts;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Hosting;
using PromptConsole.Web.Infrastructure.Providers;

namespace PromptConsole.Tests.Providers;

public class ProviderConfigurationTests
{
    private static readonly Dictionary<string, string?> MinimalValid = new()
    {
        ["PromptConsole:Providers:simulator:Kind"] = "Simulator",
        ["PromptConsole:Models:sim-fast:Provider"] = "simulator",
        ["PromptConsole:Models:sim-fast:InputPer1K"] = "0.00015",
        ["PromptConsole:Models:sim-fast:OutputPer1K"] = "0.0006",
    };

    [Fact]
    public void The_shipped_appsettings_bind_and_validate()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepositoryRoot(), "PromptConsole.Web", "appsettings.json"), optional: false)
            .Build();
        var options = Bind(configuration);

        Assert.True(new ModelProvidersOptionsValidator().Validate(null, options).Succeeded);
        var catalog = new ModelCatalog(options);
        Assert.Equal(["sim-fast", "sim-smart"], catalog.Models.Select(m => m.Model));
        Assert.True(catalog.SimulatorServing);
        Assert.Null(catalog.Find("gpt-4o-mini"));
        Assert.Equal(0.0025m, catalog.Find("sim-smart")!.InputPer1K);
        Assert.Equal(128000, catalog.Find("SIM-FAST")!.ContextWindow);
        Assert.Equal(0.02, options.Providers["simulator"].ErrorRate);
        Assert.Equal(2, options.Resilience.MaxRetries);
    }

    [Theory]
    [InlineData("PromptConsole:Providers:simulator:Kind", "Carrier-Pigeon", "Kind 'Carrier-Pigeon' is not a known provider kind")]
    [InlineData("PromptConsole:Models:sim-fast:Provider", "nowhere", "Provider 'nowhere' is not configured")]
    [InlineData("PromptConsole:Models:sim-fast:InputPer1K", "-0.01", "prices cannot be negative")]
    [InlineData("PromptConsole:Models:sim-fast:OutputPer1K", "-1", "prices cannot be negative")]
    [InlineData("PromptConsole:Providers:simulator:ErrorRate", "1.5", "ErrorRate must be between 0 and 1")]
    [InlineData("PromptConsole:Providers:simulator:ErrorRate", "-0.1", "ErrorRate must be between 0 and 1")]
    [InlineData("PromptConsole:Providers:simulator:LatencyP95Ms", "10", "cannot be below LatencyMedianMs")]
    [InlineData("PromptConsole:Providers:simulator:MaxOutputTokens", "5", "MinOutputTokens <= MaxOutputTokens")]
    [InlineData("PromptConsole:Resilience:BreakerFailureRatio", "0", "BreakerFailureRatio")]
    [InlineData("PromptConsole:Resilience:AttemptTimeoutMs", "0", "AttemptTimeoutMs")]
    [InlineData("PromptConsole:Resilience:MaxRetries", "-1", "MaxRetries")]
    public void Invalid_settings_are_refused_with_a_message_naming_them(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>(MinimalValid)
        {
            ["PromptConsole:Providers:simulator:LatencyMedianMs"] = "100",
            [key] = value,
        };

        var result = new ModelProvidersOptionsValidator().Validate(null, Bind(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()));

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage);
    }

    [Fact]
    public void An_enabled_openai_provider_needs_an_absolute_base_url_but_a_disabled_one_does_not()
    {
        var settings = new Dictionary<string, string?>(MinimalValid)
        {
            ["PromptConsole:Providers:openai:Kind"] = "OpenAI",
            ["PromptConsole:Providers:openai:BaseUrl"] = "api.openai.com",
            ["PromptConsole:Providers:openai:Enabled"] = "false",
        };
        var validator = new ModelProvidersOptionsValidator();

        Assert.True(validator.Validate(null, Bind(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())).Succeeded);
        settings["PromptConsole:Providers:openai:Enabled"] = "true";
        var enabled = validator.Validate(null, Bind(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()));
        Assert.True(enabled.Failed);
        Assert.Contains("BaseUrl must be an absolute http(s) URL", enabled.FailureMessage);
    }

    [Fact]
    public void An_openai_provider_accepts_only_a_known_max_tokens_field()
    {
        var settings = new Dictionary<string, string?>(MinimalValid)
        {
            ["PromptConsole:Providers:openai:Kind"] = "OpenAI",
            ["PromptConsole:Providers:openai:BaseUrl"] = "http://127.0.0.1:8000/v1",
        };
        var validator = new ModelProvidersOptionsValidator();

        var unset = Bind(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        Assert.Equal("max_completion_tokens", unset.Providers["openai"].MaxTokensField);
        Assert.True(validator.Validate(null, unset).Succeeded);

        settings["PromptConsole:Providers:openai:MaxTokensField"] = "max_tokens";
        Assert.True(validator.Validate(null, Bind(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())).Succeeded);

        settings["PromptConsole:Providers:openai:MaxTokensField"] = "max_new_tokens";
        var refused = validator.Validate(null, Bind(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()));
        Assert.True(refused.Failed);
        Assert.Contains("MaxTokensField 'max_new_tokens' is not a known field", refused.FailureMessage);
    }

    [Theory]
    [InlineData(null, 64, null)]
    [InlineData("max_completion_tokens", 64, null)]
    [InlineData("max_tokens", null, 64)]
    public async Task The_registered_invoker_calls_an_openai_provider_through_the_named_http_client(
        string? maxTokensField, int? expectedMaxCompletionTokens, int? expectedMaxTokens)
    {
        await using var upstream = await FakeOpenAiServer.StartAsync();
        var settings = new Dictionary<string, string?>(MinimalValid)
        {
            ["PromptConsole:Providers:upstream:Kind"] = "OpenAI",
            ["PromptConsole:Providers:upstream:BaseUrl"] = upstream.BaseUrl.ToString(),
            ["PromptConsole:Providers:upstream:ApiKey"] = "test-key",
            ["PromptConsole:Providers:upstream:MaxTokensField"] = maxTokensField,
            ["PromptConsole:Models:gpt-test:Provider"] = "upstream",
        };
        var counter = new CountingHandler();
        using var host = BuildHost(settings, services => services
            .AddHttpClient(ProviderChatClients.HttpClientName)
            .AddHttpMessageHandler(() => counter));
        await host.StartAsync();

        var outcome = await host.Services.GetRequiredService<IModelInvoker>().InvokeAsync(
            new ModelCallRequest(new ModelSettings("gpt-test", MaxTokens: 64), null, "Say hello."),
            CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.ErrorMessage);
        Assert.Equal("Echo: Say hello.", outcome.Text);
        var sent = Assert.Single(upstream.Requests);
        Assert.Equal(expectedMaxCompletionTokens, sent.MaxCompletionTokens);
        Assert.Equal(expectedMaxTokens, sent.MaxTokens);
        Assert.Equal(1, counter.Requests);
        await host.StopAsync();
    }

    [Fact]
    public async Task The_host_refuses_to_start_with_an_invalid_configuration()
    {
        var settings = new Dictionary<string, string?>(MinimalValid) { ["PromptConsole:Models:sim-fast:Provider"] = "missing" };
        using var host = BuildHost(settings);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Provider 'missing' is not configured", failure.Message);
    }

    [Fact]
    public async Task The_registered_invoker_calls_configured_simulators_and_falls_back_between_them()
    {
        var settings = new Dictionary<string, string?>(MinimalValid)
        {
            ["PromptConsole:Providers:sim-flaky:Kind"] = "Simulator",
            ["PromptConsole:Providers:sim-flaky:ErrorRate"] = "1.0",
            ["PromptConsole:Models:flaky:Provider"] = "sim-flaky",
            ["PromptConsole:Resilience:RetryBaseDelayMs"] = "0",
        };
        using var host = BuildHost(settings);
        await host.StartAsync();

        var invoker = host.Services.GetRequiredService<IModelInvoker>();
        var catalog = host.Services.GetRequiredService<IModelCatalog>();
        var outcome = await invoker.InvokeAsync(
            new ModelCallRequest(new ModelSettings("flaky", FallbackModels: ["sim-fast"]), null, "Reply in JSON please."),
            CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.ErrorMessage);
        Assert.Equal("sim-fast", outcome.Model);
        Assert.Equal(4, outcome.Attempts);
        Assert.True(outcome.Simulated);
        Assert.True(catalog.IsSimulated("flaky"));
        Assert.Same(host.Services.GetRequiredService<ResilientModelInvoker>(), invoker);
        await host.StopAsync();
    }

    private static IHost BuildHost(Dictionary<string, string?> settings, Action<IServiceCollection>? configureServices = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddPromptConsoleProviders(builder.Configuration);
        configureServices?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>Counts the requests sent through the HTTP client it is added to.</summary>
    private sealed class CountingHandler : DelegatingHandler
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            return base.SendAsync(request, cancellationToken);
        }
    }

    private static ModelProvidersOptions Bind(IConfiguration configuration)
    {
        var options = new ModelProvidersOptions();
        configuration.GetSection(ModelProvidersOptions.SectionName).Bind(options);
        return options;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PromptConsole.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("PromptConsole.sln not found above the test output folder.");
    }
}
