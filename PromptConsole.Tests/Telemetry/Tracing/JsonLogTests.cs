using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace PromptConsole.Tests.Telemetry.Tracing;

/// <summary>The JSON console lines written during a request, as the application's formatter writes them.</summary>
[Collection(TracingCollection.Name)]
public sealed class JsonLogTests(TracingApp app)
{
    [Fact]
    public async Task An_executions_log_line_carries_trace_span_request_id_and_prompt_key_but_no_prompt_text()
    {
        var key = await app.CreatePromptAsync("logged");
        var secretTopic = "confidential-merger-" + Guid.NewGuid().ToString("N")[..8];
        var requestId = "log-check-" + Guid.NewGuid().ToString("N")[..8];

        var (status, body, _) = await app.ExecuteAsync(key, topic: secretTopic, configure: r => r.Headers.Add("X-Request-ID", requestId));

        Assert.Equal(HttpStatusCode.OK, status);
        var traceId = (string)body!["traceId"]!;
        var spans = await app.Spans.WaitForRequestAsync(traceId);
        var execution = TracingApp.Single(spans, $"execute {key}");

        var line = Assert.Single(app.Logs.Lines, l => l.Contains(key, StringComparison.Ordinal) && l.Contains("\"EventId\":100", StringComparison.Ordinal));
        var scopes = ScopeValues(line);
        Assert.Equal(traceId, scopes["TraceId"]);
        Assert.Equal(execution.SpanId.ToHexString(), scopes["SpanId"]); // written inside the execution span
        Assert.Equal(requestId, scopes["XRequestId"]);
        Assert.Equal(key, scopes["PromptKey"]);

        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains(secretTopic, StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains("You explain things plainly", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_provider_failure_is_logged_as_a_warning_with_the_same_correlation()
    {
        var key = await app.CreatePromptAsync("logged-fail", model: "sim-broken");
        var requestId = "log-fail-" + Guid.NewGuid().ToString("N")[..8];

        var (status, _, response) = await app.ExecuteAsync(key, topic: "eclipses", configure: r => r.Headers.Add("X-Request-ID", requestId));

        Assert.Equal(HttpStatusCode.BadGateway, status);
        var line = Assert.Single(app.Logs.Lines, l => l.Contains(requestId, StringComparison.Ordinal) && l.Contains("\"EventId\":101", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(line);
        Assert.Equal("Warning", json.RootElement.GetProperty("LogLevel").GetString());
        var scopes = ScopeValues(line);
        Assert.Equal(TracingApp.TraceIdOf(response, null), scopes["TraceId"]);
        Assert.Equal(key, scopes["PromptKey"]);
        Assert.DoesNotContain("eclipses", line, StringComparison.Ordinal);
    }

    /// <summary>Every named value of every scope object of a JSON console line.</summary>
    private static Dictionary<string, string?> ScopeValues(string line)
    {
        using var json = JsonDocument.Parse(line);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var scope in json.RootElement.GetProperty("Scopes").EnumerateArray())
        {
            if (scope.ValueKind != JsonValueKind.Object)
                continue;
            foreach (var property in scope.EnumerateObject())
            {
                if (property.Name is "Message" or "{OriginalFormat}")
                    continue;
                Assert.False(values.TryGetValue(property.Name, out var earlier) && earlier != property.Value.ToString(),
                    $"Two scopes disagree on {property.Name}: {earlier} / {property.Value}");
                values[property.Name] = property.Value.ToString();
            }
        }

        return values;
    }
}
