using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;
using PromptConsole.Domain.Common;
using PromptConsole.Tests.Components.Fakes;
using PromptConsole.Web.Components.Controls;
using PromptConsole.Web.Components.Layout;
using PromptConsole.Web.Infrastructure.Providers;
using PromptConsole.Web.Model;
using MudBlazor.Services;

namespace PromptConsole.Tests.Components;

/// <summary>Static markup of small components through the framework's own HtmlRenderer.</summary>
public class MarkupTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_simulator_banner_shows_exactly_while_the_simulator_serves(bool serving)
    {
        var html = await RenderAsync<SimulatorBanner>(new FakeModelCatalog(serving), ParameterView.Empty);

        Assert.Equal(serving, html.Contains("data-testid=\"simulator-banner\"", StringComparison.Ordinal));
        Assert.Equal(serving, html.Contains("Simulator provider is serving — responses are simulated", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_error_panel_shows_the_message_and_every_field_message_with_its_position()
    {
        var error = ErrorView.From(Error.Validation("invalid-version", "The version is not valid.",
            [new FieldError("template", "Variable 'x' is used but not declared.", 3, 5), new FieldError("model.model", "A model id is required.")]));

        var html = await RenderAsync<ErrorPanel>(new FakeModelCatalog(), ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(ErrorPanel.Error)] = error }));

        Assert.Contains("The version is not valid.", html, StringComparison.Ordinal);
        Assert.Contains("Line 3, column 5: Variable &#x27;x&#x27; is used but not declared.", html, StringComparison.Ordinal);
        Assert.Contains("A model id is required.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_diff_view_marks_added_and_removed_lines()
    {
        var diff = TextDiff.Compute("keep\nold line", "keep\nnew line");

        var html = await RenderAsync<DiffView>(new FakeModelCatalog(), ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(DiffView.Diff)] = diff }));

        Assert.Contains("class=\"pc-diff-removed\" data-kind=\"removed\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"pc-diff-added\" data-kind=\"added\"", html, StringComparison.Ordinal);
        Assert.Contains("old line", html, StringComparison.Ordinal);
        Assert.Contains("new line", html, StringComparison.Ordinal);
    }

    private static async Task<string> RenderAsync<TComponent>(IModelCatalog catalog, ParameterView parameters)
        where TComponent : IComponent
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMudServices();
        services.AddSingleton(catalog);
        services.AddSingleton<IJSRuntime, NoJavaScript>();
        await using var provider = services.BuildServiceProvider();
        await using var renderer = new HtmlRenderer(provider, provider.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () => (await renderer.RenderComponentAsync<TComponent>(parameters)).ToHtmlString());
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
