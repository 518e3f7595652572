namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>
/// One kept daily report: the whole report as JSON (read back whole, never queried inside) and the few figures the list
/// shows, so listing reports reads no bodies. One row per day; regenerating a day replaces its row.
/// </summary>
public sealed class DailyReportRow
{
    private DailyReportRow()
    {
        Body = string.Empty;
    }

    public DailyReportRow(Guid id, DateOnly date, DateTimeOffset generatedAt, long executions, double? errorRate, decimal costUsd, string body)
    {
        Id = id;
        Date = date;
        Body = body;
        Replace(generatedAt, executions, errorRate, costUsd, body);
    }

    public Guid Id { get; private set; }

    /// <summary>The UTC day the report covers.</summary>
    public DateOnly Date { get; private set; }

    public DateTimeOffset GeneratedAt { get; private set; }

    public long Executions { get; private set; }

    public double? ErrorRate { get; private set; }

    public decimal CostUsd { get; private set; }

    /// <summary>The report as JSON (the API's form).</summary>
    public string Body { get; private set; }

    public void Replace(DateTimeOffset generatedAt, long executions, double? errorRate, decimal costUsd, string body)
    {
        GeneratedAt = generatedAt;
        Executions = executions;
        ErrorRate = errorRate;
        CostUsd = costUsd;
        Body = body;
    }
}
