using Prometheus;
using PromptConsole.Web.Infrastructure.Recording;

namespace PromptConsole.Web.Infrastructure.Telemetry;

/// <summary>
/// The execution recorder on <c>/metrics</c>, read from its status at each scrape: records waiting
/// for the database against the bound, failed write attempts (the database away) and executions shed
/// with 503 at the bound.
/// </summary>
public sealed class RecorderMetrics
{
    public RecorderMetrics(CollectorRegistry registry, IExecutionRecorder recorder)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        var waiting = factory.CreateGauge("promptconsole_recorder_waiting_records", "Execution records taken and not yet written to the database.");
        var capacity = factory.CreateGauge("promptconsole_recorder_capacity_records", "The recorder's bound (PromptConsole:Recording:Capacity); at it executions are refused with 503.");
        var failing = factory.CreateGauge("promptconsole_recorder_write_failing", "1 while writing execution records fails (the database is away), else 0.");
        var failures = factory.CreateCounter("promptconsole_recorder_write_failures_total", "Failed attempts to write a batch of execution records (each retried with backoff).");
        var shed = factory.CreateCounter("promptconsole_recorder_shed_total", "Executions refused with 503 because the recorder was at its bound.");
        registry.AddBeforeCollectCallback(() =>
        {
            var status = recorder.Status;
            waiting.Set(status.Waiting);
            capacity.Set(status.Capacity);
            failing.Set(status.WriteFailing ? 1 : 0);
            failures.IncTo(status.WriteFailures);
            shed.IncTo(status.Shed);
        });
    }
}
