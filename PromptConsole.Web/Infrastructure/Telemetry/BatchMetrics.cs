using Prometheus;

namespace PromptConsole.Web.Infrastructure.Telemetry;

/// <summary>
/// Batch jobs on <c>/metrics</c>: how big jobs are, how long items wait between being accepted and being started,
/// items finished by prompt and status (their rate is the items per second), finished jobs, and the jobs running now.
/// </summary>
public sealed class BatchMetrics
{
    public const string SizeName = "promptconsole_batch_size_items";
    public const string QueueWaitName = "promptconsole_batch_queue_wait_seconds";
    public const string ItemsName = "promptconsole_batch_items_processed_total";
    public const string JobsFinishedName = "promptconsole_batch_jobs_finished_total";
    public const string RunningName = "promptconsole_batch_jobs_running";

    public static readonly double[] SizeBuckets = [1, 10, 100, 1_000, 5_000, 10_000, 50_000, 100_000];

    /// <summary>From an idle runner's sub-second start to a provider batch's 24-hour window.</summary>
    public static readonly double[] QueueWaitBucketsSeconds = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3_600, 14_400, 86_400];

    private readonly Histogram _size;
    private readonly Histogram _queueWait;
    private readonly Counter _items;
    private readonly Counter _jobsFinished;
    private readonly Gauge _running;

    public BatchMetrics(CollectorRegistry registry)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        factory.ExemplarBehavior = ExemplarBehavior.NoExemplars();
        _size = factory.CreateHistogram(SizeName, "Items per accepted batch job, by prompt.", ["prompt"], new HistogramConfiguration { Buckets = SizeBuckets });
        _queueWait = factory.CreateHistogram(QueueWaitName, "Seconds from a batch job's acceptance to the start of each of its items, by mode (gateway, provider-batch).",
            ["mode"], new HistogramConfiguration { Buckets = QueueWaitBucketsSeconds });
        _items = factory.CreateCounter(ItemsName, "Batch items finished, by prompt and status (succeeded, failed, cancelled); the rate is items per second.", ["prompt", "status"]);
        _jobsFinished = factory.CreateCounter(JobsFinishedName, "Batch jobs finished, by prompt and status (completed, cancelled, failed).", ["prompt", "status"]);
        _running = factory.CreateGauge(RunningName, "Batch jobs running now (all instances, as the database says at the runner's last look).");
    }

    public void RecordJobCreated(string prompt, int items) => _size.WithLabels(prompt).Observe(items);

    public void RecordQueueWait(string mode, TimeSpan wait) => _queueWait.WithLabels(mode).Observe(Math.Max(0, wait.TotalSeconds));

    public void RecordItems(string prompt, string status, int count = 1) => _items.WithLabels(prompt, status).Inc(count);

    public void RecordJobFinished(string prompt, string status) => _jobsFinished.WithLabels(prompt, status).Inc();

    public void RecordJobCancelled(string prompt) => RecordJobFinished(prompt, "cancelled");

    public void SetRunning(int jobs) => _running.Set(jobs);
}
