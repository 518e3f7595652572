namespace PromptConsole.Web.Services.Reports;

/// <summary>A day's executions changed between counting them and reading them (a late record): the day is read again.</summary>
public sealed class DayChangedWhileReadException(string message) : InvalidOperationException(message);
