using System.Globalization;
using PromptConsole.Domain.Batches;
using PromptConsole.Web.Services.Batches;

namespace PromptConsole.Web.Model.Batches;

/// <summary>A batch job as the console shows it: status, progress in percent, counts and totals as text.</summary>
public sealed record BatchRow(
    Guid Id,
    string PromptKey,
    int Version,
    string Mode,
    BatchStatus Status,
    double ProgressPercent,
    BatchCounts Counts,
    string Cost,
    string Rate,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string CreatedBy,
    string? Error,
    string? ProviderStatus,
    long InputTokens,
    long OutputTokens,
    DateTimeOffset? ExpiresAt)
{
    public string StatusName => BatchNames.Of(Status);

    public bool IsActive => !BatchRules.IsFinished(Status);

    /// <summary>"12 / 40 done · 1 failed"</summary>
    public string CountsText
    {
        get
        {
            var text = $"{Counts.Finished} / {Counts.Total} done";
            if (Counts.Failed > 0)
                text += $" · {Counts.Failed} failed";
            if (Counts.Cancelled > 0)
                text += $" · {Counts.Cancelled} cancelled";
            return text;
        }
    }

    public string ResultsHref => $"/api/v1/batches/{Id}/results";

    public string Href => $"batches/{Id}";

    public static BatchRow From(BatchJobSummary job) => new(
        job.Id,
        job.PromptKey,
        job.Version,
        BatchNames.Of(job.Mode),
        job.Status,
        Math.Round(job.Counts.Progress * 100, 1),
        job.Counts,
        ConsoleFormat.Cost(job.CostUsd),
        job.ItemsPerSecond is { } rate ? rate.ToString("0.0", CultureInfo.InvariantCulture) + " items/s" : "–",
        job.CreatedAt,
        job.StartedAt,
        job.FinishedAt,
        job.CreatedBy,
        job.Error,
        job.ProviderStatus,
        job.InputTokens,
        job.OutputTokens,
        job.ExpiresAt);
}
