using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace PromptConsole.Tests.Telemetry.Tracing;

/// <summary>
/// A logger provider that writes every entry with the application's own JSON console formatter
/// (the options Program configured) and the logger factory's scopes, into memory: the lines are
/// those the console would print.
/// </summary>
public sealed class JsonLogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private ConsoleFormatter? _formatter;
    private IExternalScopeProvider? _scopes;

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public void UseFormatter(ConsoleFormatter formatter) => _formatter = formatter;

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(JsonLogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes?.Push(state) ?? NullScope.Instance;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (owner._formatter is not { } json)
                return;
            using var writer = new StringWriter();
            json.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), owner._scopes, writer);
            owner._lines.Enqueue(writer.ToString());
        }
    }

    private sealed class NullScope : IDisposable
    {
        public static readonly NullScope Instance = new();

        public void Dispose()
        {
        }
    }
}
