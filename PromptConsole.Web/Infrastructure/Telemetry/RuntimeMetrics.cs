using Prometheus;

namespace PromptConsole.Web.Infrastructure.Telemetry;

/// <summary>
/// The runtime figures an on-call engineer looks at when latency climbs — GC pause time, the thread
/// pool's threads and queue, exceptions thrown — which prometheus-net's own .NET collector does not
/// cover. Read from the runtime's counters just before each scrape, so nothing runs between scrapes
/// except the exception count (an interlocked increment per first-chance exception).
/// </summary>
public sealed class RuntimeMetrics : IDisposable
{
    private readonly Counter _gcPause;
    private readonly Gauge _threadPoolThreads;
    private readonly Gauge _threadPoolQueue;
    private readonly Counter _threadPoolCompleted;
    private readonly Counter _exceptions;
    private long _exceptionCount;

    public RuntimeMetrics(CollectorRegistry registry)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _gcPause = factory.CreateCounter("dotnet_gc_pause_time_seconds_total", "Total time the garbage collector has paused the process.");
        _threadPoolThreads = factory.CreateGauge("dotnet_thread_pool_threads", "Thread-pool threads that currently exist.");
        _threadPoolQueue = factory.CreateGauge("dotnet_thread_pool_queue_length", "Work items queued to the thread pool and not yet started.");
        _threadPoolCompleted = factory.CreateCounter("dotnet_thread_pool_work_item_count_total", "Work items the thread pool has completed.");
        _exceptions = factory.CreateCounter("dotnet_exceptions_total", "Exceptions thrown (first chance), handled or not.");

        AppDomain.CurrentDomain.FirstChanceException += CountException;
        registry.AddBeforeCollectCallback(Update);
    }

    private void CountException(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e) =>
        Interlocked.Increment(ref _exceptionCount);

    private void Update()
    {
        _gcPause.IncTo(GC.GetTotalPauseDuration().TotalSeconds);
        _threadPoolThreads.Set(ThreadPool.ThreadCount);
        _threadPoolQueue.Set(ThreadPool.PendingWorkItemCount);
        _threadPoolCompleted.IncTo(ThreadPool.CompletedWorkItemCount);
        _exceptions.IncTo(Interlocked.Read(ref _exceptionCount));
    }

    public void Dispose() => AppDomain.CurrentDomain.FirstChanceException -= CountException;
}
