using Microsoft.Extensions.Logging;

namespace PromptConsole.Web.Model;

/// <summary>
/// What the metrics pages share: the selected range, and refreshes that may overlap (a range change
/// while a live refresh is reading) without an older answer overwriting a newer one. A failed read
/// keeps the last figures on screen and says so; it never takes the circuit down.
/// </summary>
public abstract partial class MetricsViewModel(ILogger logger)
{
    private int _generation;

    public MetricsRange Range { get; private set; } = MetricsRange.Live;

    /// <summary>True once a refresh has finished, whether or not it succeeded.</summary>
    public bool Loaded { get; private set; }

    /// <summary>Why the last refresh failed; null when it succeeded.</summary>
    public string? Failure { get; private set; }

    /// <summary>The end of the window the figures describe.</summary>
    public DateTimeOffset? UpdatedAt { get; private set; }

    public Task SelectRangeAsync(MetricsRange range, CancellationToken cancellationToken = default)
    {
        Range = range;
        return RefreshAsync(cancellationToken);
    }

    /// <summary>Reads the current range again; only the latest of overlapping refreshes is shown.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        var generation = ++_generation;
        try
        {
            var (updatedAt, show) = await QueryAsync(Range, cancellationToken);
            if (generation != _generation)
                return;
            show();
            UpdatedAt = updatedAt;
            Failure = null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            if (generation != _generation)
                return;
            LogRefreshFailed(logger, exception, Range.Key);
            Failure = $"The metrics could not be read ({exception.GetType().Name}): {exception.Message}";
        }
        finally
        {
            if (generation == _generation)
                Loaded = true;
        }
    }

    /// <summary>Queries the store for <paramref name="range"/>; returns the window's end and an action that shows the answer.</summary>
    protected abstract Task<(DateTimeOffset UpdatedAt, Action Show)> QueryAsync(MetricsRange range, CancellationToken cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the metrics of range {Range} failed")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception, string range);
}
