using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace PromptConsole.Web.Infrastructure.Recording;

/// <summary>
/// Part of <c>/readyz</c>: degraded while execution records wait in memory for the database (writes
/// failing, or more than a batch behind), with how many and the bound; the instance still serves.
/// </summary>
public sealed class RecorderHealthCheck(IExecutionRecorder recorder, IOptions<RecordingOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = recorder.Status;
        var data = new Dictionary<string, object>
        {
            ["waiting"] = status.Waiting,
            ["capacity"] = status.Capacity,
            ["writeFailing"] = status.WriteFailing,
            ["writeFailures"] = status.WriteFailures,
            ["shed"] = status.Shed,
        };
        if (status.IsFull)
            return Task.FromResult(HealthCheckResult.Degraded($"{status.Waiting} execution record(s) wait for the database, the bound of {status.Capacity}: new executions are refused with 503.", data: data));
        if (status.WriteFailing || status.Waiting > options.Value.BatchSize)
            return Task.FromResult(HealthCheckResult.Degraded($"{status.Waiting} execution record(s) wait for the database (bound {status.Capacity}).", data: data));
        return Task.FromResult(HealthCheckResult.Healthy($"{status.Waiting} execution record(s) waiting.", data));
    }
}
