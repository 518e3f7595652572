using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Prompts;
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

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddPromptConsoleProviders(builder.Configuration);
        return builder.Build();
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
