using Microsoft.Extensions.Options;
using PromptConsole.Web.Infrastructure.Telemetry;

namespace PromptConsole.Tests.Telemetry.Tracing;

public sealed class TraceUrlTemplateTests
{
    [Theory]
    [InlineData("jaeger", "http://localhost:16686/trace/{traceId}", true)]
    [InlineData("https with the id in the query", "https://grafana.example/explore?traceId={traceId}&orgId=1", true)]
    [InlineData("id in the fragment", "https://traces.example/#/trace/{traceId}", true)]
    [InlineData("padded", "  http://jaeger:16686/trace/{traceId}  ", true)]
    [InlineData("empty means no link", "", true)]
    [InlineData("blank means no link", "   ", true)]
    [InlineData("no placeholder", "http://localhost:16686/search", false)]
    [InlineData("placeholder in another case", "http://localhost:16686/trace/{TraceId}", false)]
    [InlineData("relative", "/trace/{traceId}", false)]
    [InlineData("no scheme", "jaeger:16686/trace/{traceId}", false)]
    [InlineData("not http", "ftp://traces.example/{traceId}", false)]
    [InlineData("script", "javascript:alert('{traceId}')", false)]
    public void The_template_is_an_absolute_http_address_with_the_placeholder(string @case, string template, bool valid)
    {
        var result = new TracingOptionsValidator().Validate(null, new TracingOptions { TraceUrlTemplate = template });

        Assert.True(valid == result.Succeeded, $"{@case}: {result.FailureMessage}");
        if (!valid)
            Assert.StartsWith("PromptConsole:Tracing:TraceUrlTemplate ", Assert.Single(result.Failures!));
    }

    [Fact]
    public void The_trace_id_replaces_every_placeholder()
    {
        var options = new TracingOptions { TraceUrlTemplate = " https://t.example/trace/{traceId}?q={traceId} " };

        Assert.Equal("https://t.example/trace/0af7651916cd43dd8448eb211c80319c?q=0af7651916cd43dd8448eb211c80319c", options.TraceUrl("0af7651916cd43dd8448eb211c80319c"));
    }

    [Theory]
    [InlineData(null, "0af7651916cd43dd8448eb211c80319c")]
    [InlineData("", "0af7651916cd43dd8448eb211c80319c")]
    [InlineData("http://localhost:16686/trace/{traceId}", null)]
    [InlineData("http://localhost:16686/trace/{traceId}", "")]
    public void No_template_or_no_trace_id_is_no_link(string? template, string? traceId) =>
        Assert.Null(new TracingOptions { TraceUrlTemplate = template }.TraceUrl(traceId));

    [Fact]
    public void An_invalid_template_stops_the_application_at_start()
    {
        using var app = new PromptConsole.Tests.TestSupport.PromptConsoleFactory()
            .WithSetting("PromptConsole:Tracing:TraceUrlTemplate", "localhost:16686/trace");

        var failure = Assert.ThrowsAny<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("PromptConsole:Tracing:TraceUrlTemplate", failure.ToString());
    }
}
