using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using PromptConsole.Web.Hosting;

namespace PromptConsole.Tests.Telemetry.Tracing;

/// <summary>Readable lines on a developer's terminal, JSON everywhere else.</summary>
public sealed class ConsoleLogFormatTests
{
    // The request scope as RequestCorrelationMiddleware opens it.
    private static readonly Func<ILogger, string, IDisposable?> RequestScope = LoggerMessage.DefineScope<string>("XRequestId:{XRequestId}");

    [Theory]
    [InlineData("Development", ConsoleFormatterNames.Simple)]
    [InlineData("Production", ConsoleFormatterNames.Json)]
    [InlineData("Staging", ConsoleFormatterNames.Json)]
    [InlineData("Testing", ConsoleFormatterNames.Json)]
    public void The_console_formatter_depends_on_the_environment(string environment, string expectedFormatter)
    {
        using var app = BuildHost(environment);

        Assert.Equal(expectedFormatter, app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
    }

    [Fact]
    public void Development_lines_are_single_lines_with_a_timestamp_and_the_request_scopes()
    {
        using var app = BuildHost(Environments.Development);
        var options = app.Services.GetRequiredService<IOptionsMonitor<SimpleConsoleFormatterOptions>>().CurrentValue;
        var formatter = app.Services.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Simple);

        var line = Write(formatter);

        Assert.True(options.SingleLine);
        Assert.True(options.IncludeScopes);
        Assert.Matches(@"^\d{2}:\d{2}:\d{2}\.\d{3} ", line);
        Assert.Contains("XRequestId:req-42", line);
        Assert.Contains("Execution of greeting succeeded", line);
        Assert.Single(line.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Other_environments_write_one_json_object_per_line_with_the_scopes()
    {
        using var app = BuildHost(Environments.Production);
        var formatter = app.Services.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Json);

        var line = Write(formatter);

        using var json = JsonDocument.Parse(line);
        Assert.Equal("Execution of greeting succeeded", json.RootElement.GetProperty("Message").GetString());
        Assert.Contains(json.RootElement.GetProperty("Scopes").EnumerateArray(), s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("XRequestId", out var id) && id.GetString() == "req-42");
    }

    /// <summary>The host as Program composes its logging, without the rest of the application.</summary>
    private static WebApplication BuildHost(string environment)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.AddPromptConsoleHosting();
        return builder.Build();
    }

    private static string Write(ConsoleFormatter formatter)
    {
        var scopes = new LoggerExternalScopeProvider();
        using var scope = RequestScope(new ScopeLogger(scopes), "req-42");
        using var writer = new StringWriter();
        formatter.Write(
            new LogEntry<string>(LogLevel.Information, "PromptConsole.Execution", new EventId(100), "Execution of greeting succeeded", null, (state, _) => state),
            scopes,
            writer);
        return writer.ToString();
    }

    /// <summary>Only opens scopes, into the provider the formatter reads them from.</summary>
    private sealed class ScopeLogger(IExternalScopeProvider scopes) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => false;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }
    }
}
