using System.Diagnostics;
using System.Globalization;
using Prometheus;

namespace PromptConsole.Web.Infrastructure.Telemetry;

/// <summary>
/// The process and GC figures of prometheus-net's <c>DotNetStats</c>, with the same names, help and
/// types (the Grafana dashboard uses them), read in a way that costs little per scrape. DotNetStats
/// reads <see cref="Process.HandleCount"/> and <see cref="Process.Threads"/>, which on Linux stat
/// every entry of <c>/proc/self/fd</c> (two calls per open file, ~800 with the runtime's assemblies
/// open) and read every thread's <c>/proc/self/task/N/stat</c> — most of a scrape's system time. Here
/// Linux answers from one read of <c>/proc/self/status</c> and the size of <c>/proc/self/fd</c>
/// (<see cref="OpenFileCount"/>); other systems fall back to <see cref="Process"/>.
/// </summary>
public sealed class ProcessMetrics
{
    private readonly Gauge _startTime;
    private readonly Counter _cpuSeconds;
    private readonly Gauge _virtualMemory;
    private readonly Gauge _workingSet;
    private readonly Gauge _privateMemory;
    private readonly Gauge _openHandles;
    private readonly Gauge _threads;
    private readonly Counter _collections;
    private readonly Gauge _totalMemory;
    private readonly Counter.Child[] _collectionsByGeneration;

    public ProcessMetrics(CollectorRegistry registry)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _collections = factory.CreateCounter("dotnet_collection_count_total", "GC collection count", ["generation"]);
        _startTime = factory.CreateGauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.");
        _cpuSeconds = factory.CreateCounter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.");
        _virtualMemory = factory.CreateGauge("process_virtual_memory_bytes", "Virtual memory size in bytes.");
        _workingSet = factory.CreateGauge("process_working_set_bytes", "Process working set");
        _privateMemory = factory.CreateGauge("process_private_memory_bytes", "Process private memory size");
        _openHandles = factory.CreateGauge("process_open_handles", "Number of open handles");
        _threads = factory.CreateGauge("process_num_threads", "Total number of threads");
        _totalMemory = factory.CreateGauge("dotnet_total_memory_bytes", "Total known allocated memory");

        _collectionsByGeneration = new Counter.Child[GC.MaxGeneration + 1];
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
            _collectionsByGeneration[generation] = _collections.WithLabels(generation.ToString(CultureInfo.InvariantCulture));

        using (var process = Process.GetCurrentProcess())
            _startTime.Set(process.StartTime.ToUniversalTime().Subtract(DateTime.UnixEpoch).TotalSeconds);
        registry.AddBeforeCollectCallback(Update);
    }

    private void Update()
    {
        for (var generation = 0; generation < _collectionsByGeneration.Length; generation++)
            _collectionsByGeneration[generation].IncTo(GC.CollectionCount(generation));
        _totalMemory.Set(GC.GetTotalMemory(forceFullCollection: false));
        _cpuSeconds.IncTo(Environment.CpuUsage.TotalTime.TotalSeconds);

        if (ProcStatus.TryRead() is { } status)
        {
            _virtualMemory.Set(status.VirtualBytes);
            _workingSet.Set(status.ResidentBytes);
            _privateMemory.Set(status.DataBytes);
            _threads.Set(status.Threads);
            _openHandles.Set(OpenFileCount.Read() ?? HandleCountFromProcess());
            return;
        }

        using var process = Process.GetCurrentProcess();
        _virtualMemory.Set(process.VirtualMemorySize64);
        _workingSet.Set(process.WorkingSet64);
        _privateMemory.Set(process.PrivateMemorySize64);
        _threads.Set(process.Threads.Count);
        _openHandles.Set(process.HandleCount);
    }

    private static int HandleCountFromProcess()
    {
        using var process = Process.GetCurrentProcess();
        return process.HandleCount;
    }
}
