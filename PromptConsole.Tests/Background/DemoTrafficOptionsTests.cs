using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Components.Layout;
using PromptConsole.Web.Configuration;
using MudBlazor.Services;

namespace PromptConsole.Tests.Background;

public sealed class DemoTrafficOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_off()
    {
        var options = new DemoTrafficOptions();

        Assert.False(options.Enabled);
        Assert.False(options.AllowRealProviders);
        Assert.Equal(3, options.ExecutionsPerSecond);
        Assert.True(new DemoTrafficOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("ExecutionsPerSecond", "0", "PromptConsole:DemoTraffic:ExecutionsPerSecond must be above 0 and at most 200, got 0.")]
    [InlineData("ExecutionsPerSecond", "-1", "ExecutionsPerSecond must be above 0")]
    [InlineData("ExecutionsPerSecond", "250", "got 250.")]
    [InlineData("ExecutionsPerSecond", "NaN", "ExecutionsPerSecond must be above 0")]
    [InlineData("ExecutionsPerSecond", "200", null)]
    [InlineData("ExecutionsPerSecond", "0.2", null)]
    [InlineData("FeedbackShare", "1.5", "PromptConsole:DemoTraffic:FeedbackShare must be a share from 0 to 1, got 1.5.")]
    [InlineData("FeedbackShare", "-0.1", "FeedbackShare must be a share from 0 to 1")]
    [InlineData("FeedbackShare", "0", null)]
    [InlineData("FeedbackShare", "1", null)]
    [InlineData("OlderVersionShare", "2", "PromptConsole:DemoTraffic:OlderVersionShare must be a share from 0 to 1, got 2.")]
    [InlineData("SubjectCount", "0", "PromptConsole:DemoTraffic:SubjectCount must be from 1 to 100000, got 0.")]
    [InlineData("SubjectCount", "1", null)]
    [InlineData("MaxInFlight", "0", "PromptConsole:DemoTraffic:MaxInFlight must be from 1 to 1000, got 0.")]
    [InlineData("MaxInFlight", "1001", "MaxInFlight must be from 1 to 1000")]
    public void Each_setting_is_checked_with_a_message_naming_it(string setting, string value, string? failure)
    {
        var options = new DemoTrafficOptions();
        var property = typeof(DemoTrafficOptions).GetProperty(setting)!;
        property.SetValue(options, Convert.ChangeType(value, property.PropertyType, CultureInfo.InvariantCulture));

        var result = new DemoTrafficOptionsValidator().Validate(null, options);

        if (failure is null)
        {
            Assert.True(result.Succeeded, result.FailureMessage);
        }
        else
        {
            Assert.True(result.Failed);
            Assert.Contains(failure, result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Prompt_keys_must_be_keys_and_every_bad_one_is_named()
    {
        var options = new DemoTrafficOptions { Prompts = ["support-reply", "Not A Key", ""] };

        var result = new DemoTrafficOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("PromptConsole:DemoTraffic:Prompts:1 'Not A Key' is not a prompt key", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("PromptConsole:DemoTraffic:Prompts:2 '' is not a prompt key", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("Prompts:0", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_problems_are_reported_together()
    {
        var options = new DemoTrafficOptions { ExecutionsPerSecond = 0, FeedbackShare = 3, SubjectCount = 0 };

        var failures = new DemoTrafficOptionsValidator().Validate(null, options).Failures!.ToArray();

        Assert.Equal(3, failures.Length);
    }

    [Fact]
    public void The_application_refuses_to_start_with_invalid_settings_even_when_the_generator_is_off()
    {
        using var app = new PromptConsoleFactory().WithSetting("PromptConsole:DemoTraffic:ExecutionsPerSecond", "0");

        var exception = Assert.ThrowsAny<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("PromptConsole:DemoTraffic:ExecutionsPerSecond must be above 0", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "2.5")]
    [InlineData(false, "3")]
    public async Task The_banner_shows_exactly_while_traffic_is_generated_with_its_rate(bool enabled, string rate)
    {
        var options = new DemoTrafficOptions { Enabled = enabled, ExecutionsPerSecond = double.Parse(rate, CultureInfo.InvariantCulture) };
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMudServices();
        services.AddSingleton(Options.Create(options));
        services.AddSingleton<IJSRuntime, NoJavaScript>();
        await using var provider = services.BuildServiceProvider();
        await using var renderer = new HtmlRenderer(provider, provider.GetRequiredService<ILoggerFactory>());

        var html = await renderer.Dispatcher.InvokeAsync(async () => (await renderer.RenderComponentAsync<DemoTrafficBanner>(ParameterView.Empty)).ToHtmlString());

        Assert.Equal(enabled, html.Contains("data-testid=\"demo-traffic-banner\"", StringComparison.Ordinal));
        Assert.Equal(enabled, html.Contains($"Demo traffic is being generated ({rate} executions/s)", StringComparison.Ordinal));
        Assert.Equal(enabled, html.Contains("PromptConsole:DemoTraffic:Enabled=false", StringComparison.Ordinal));
    }

    /// <summary>MudBlazor components ask for a JS runtime; static rendering never calls it.</summary>
    private sealed class NoJavaScript : IJSRuntime
    {
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) =>
            throw new InvalidOperationException($"Static rendering called JavaScript '{identifier}'.");

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) =>
            throw new InvalidOperationException($"Static rendering called JavaScript '{identifier}'.");
    }
}
