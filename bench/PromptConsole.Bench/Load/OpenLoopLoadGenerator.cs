using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace PromptConsole.Bench.Load;

/// <summary>One run: where to send, how fast, for how long, and the body of request number i (null: a GET without one).</summary>
internal sealed record LoadRunSpec(string Name, Uri Target, double RatePerSecond, TimeSpan Duration, Func<int, HttpContent?> CreateContent)
{
    public int RequestCount => checked((int)Math.Round(RatePerSecond * Duration.TotalSeconds));
}

internal sealed record LoadRunResult(
    LoadRunSpec Spec,
    int Sent,
    int Succeeded,
    int Failed,
    LatencyDistribution Latency,
    LatencyDistribution SendLag,
    double AchievedRatePerSecond,
    IReadOnlyDictionary<string, int> ErrorsByKind,
    string? FirstErrorDetail,
    long[] SortedSuccessLatencyTicks)
{
    public double ErrorRate => Spec.RequestCount == 0 ? 0 : (double)Failed / Spec.RequestCount;
}

/// <summary>
/// Open-loop, fixed-rate load: request i is due at start + i / rate whether or not earlier requests
/// have answered, and its latency is measured from that due time, so a stalled server cannot hide
/// its stall by slowing the generator down (coordinated omission). Due times come from one
/// dedicated thread; responses complete on the thread pool.
/// </summary>
internal sealed class OpenLoopLoadGenerator(HttpClient client, int maxInFlight, TimeSpan drainTimeout)
{
    public async Task<LoadRunResult> RunAsync(LoadRunSpec spec, CancellationToken cancellationToken)
    {
        EnsureLoopback(spec.Target);
        if (spec.RatePerSecond <= 0 || spec.RequestCount <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(spec), "Rate and duration must give at least one request.");
        }

        using var runCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var run = new Run(client, spec, maxInFlight, runCancellation.Token);

        var scheduling = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scheduler = new Thread(() =>
        {
            try
            {
                run.Schedule();
                scheduling.SetResult();
            }
            catch (Exception exception)
            {
                scheduling.SetException(exception);
            }
        })
        {
            IsBackground = true,
            Name = "open-loop scheduler",
        };
        scheduler.Start();
        await scheduling.Task;

        // Bounded in time: whatever has not answered by the drain deadline is cancelled and counted as failed.
        long drainDeadline = Stopwatch.GetTimestamp() + (long)(drainTimeout.TotalSeconds * Stopwatch.Frequency);
        while (!run.AllCompleted && Stopwatch.GetTimestamp() < drainDeadline && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(5, CancellationToken.None);
        }

        await runCancellation.CancelAsync();
        long cancelDeadline = Stopwatch.GetTimestamp() + 2 * Stopwatch.Frequency;
        while (!run.AllCompleted && Stopwatch.GetTimestamp() < cancelDeadline)
        {
            await Task.Delay(5, CancellationToken.None);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return run.ToResult();
    }

    private static void EnsureLoopback(Uri target)
    {
        // The generator is a load tool: it must never be pointed at anything but this machine.
        if (!IPAddress.TryParse(target.Host, out var address) || !IPAddress.IsLoopback(address))
        {
            throw new ArgumentException($"Load is only sent to loopback addresses, not {target.Host}.", nameof(target));
        }
    }

    private sealed class Run(HttpClient client, LoadRunSpec spec, int maxInFlight, CancellationToken cancellationToken)
    {
        private readonly int _requestCount = spec.RequestCount;
        private readonly long[] _latencyTicks = new long[spec.RequestCount];
        private readonly long[] _sendLagTicks = new long[spec.RequestCount];
        private readonly bool[] _succeeded = new bool[spec.RequestCount];
        private readonly ConcurrentDictionary<string, int> _errorsByKind = new();
        private long _startTimestamp;
        private long _lastCompletionTimestamp;
        private int _sent;
        private int _completed;
        private int _inFlight;
        private int _failed;
        private string? _firstErrorDetail;

        public bool AllCompleted => Volatile.Read(ref _completed) >= Volatile.Read(ref _sent);

        public void Schedule()
        {
            PreciseWait.PrepareCurrentThread();
            double ticksPerRequest = Stopwatch.Frequency / spec.RatePerSecond;
            _startTimestamp = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 1000;
            for (int index = 0; index < _requestCount; index++)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    RecordUnsent(_requestCount - index, "not sent: run cancelled");
                    return;
                }

                long due = _startTimestamp + (long)(index * ticksPerRequest);
                PreciseWait.Until(due);
                _sendLagTicks[index] = Stopwatch.GetTimestamp() - due;

                // Open loop has no natural bound on concurrency; a hung target must not exhaust memory.
                if (Volatile.Read(ref _inFlight) >= maxInFlight)
                {
                    RecordUnsent(1, "not sent: in-flight limit reached");
                    continue;
                }

                Interlocked.Increment(ref _inFlight);
                Interlocked.Increment(ref _sent);
                _ = SendAsync(index, due);
            }
        }

        private async Task SendAsync(int index, long due)
        {
            try
            {
                var content = spec.CreateContent(index);
                using var request = new HttpRequestMessage(content is null ? HttpMethod.Get : HttpMethod.Post, spec.Target)
                {
                    Content = content,
                    Version = HttpVersion.Version11,
                    VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                };
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
                long completedAt = Stopwatch.GetTimestamp();
                if (response.IsSuccessStatusCode)
                {
                    _latencyTicks[index] = completedAt - due;
                    _succeeded[index] = true;
                }
                else
                {
                    string body = await response.Content.ReadAsStringAsync(CancellationToken.None).ConfigureAwait(false);
                    RecordFailure($"HTTP {(int)response.StatusCode}", $"HTTP {(int)response.StatusCode}: {Truncate(body, 400)}");
                }

                UpdateLastCompletion(completedAt);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                RecordFailure("no answer by the drain deadline", null);
            }
            catch (TaskCanceledException exception) when (exception.InnerException is TimeoutException)
            {
                RecordFailure("timeout", exception.Message);
            }
            catch (Exception exception)
            {
                RecordFailure(exception.GetType().Name, $"{exception.GetType().Name}: {exception.Message}");
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
                Interlocked.Increment(ref _completed);
            }
        }

        private void RecordUnsent(int count, string kind)
        {
            Interlocked.Add(ref _failed, count);
            _errorsByKind.AddOrUpdate(kind, count, (_, existing) => existing + count);
        }

        private void RecordFailure(string kind, string? detail)
        {
            Interlocked.Increment(ref _failed);
            _errorsByKind.AddOrUpdate(kind, 1, (_, existing) => existing + 1);
            if (detail is not null)
            {
                Interlocked.CompareExchange(ref _firstErrorDetail, detail, null);
            }
        }

        private void UpdateLastCompletion(long timestamp)
        {
            long current = Volatile.Read(ref _lastCompletionTimestamp);
            while (timestamp > current)
            {
                long seen = Interlocked.CompareExchange(ref _lastCompletionTimestamp, timestamp, current);
                if (seen == current)
                {
                    return;
                }

                current = seen;
            }
        }

        public LoadRunResult ToResult()
        {
            var successLatencies = new long[_requestCount];
            int successCount = 0;
            for (int index = 0; index < _requestCount; index++)
            {
                if (Volatile.Read(ref _succeeded[index]))
                {
                    successLatencies[successCount++] = _latencyTicks[index];
                }
            }

            int sent = Volatile.Read(ref _sent);
            int failed = Volatile.Read(ref _failed);
            int unanswered = _requestCount - successCount - failed;
            var errors = new Dictionary<string, int>(_errorsByKind);
            if (unanswered > 0)
            {
                // Requests still running after the cancel grace period: failures too, never silently dropped.
                errors["still running at end of run"] = unanswered;
                failed += unanswered;
            }

            double elapsedSeconds = (Volatile.Read(ref _lastCompletionTimestamp) - _startTimestamp) / (double)Stopwatch.Frequency;
            // Sorted in place by the distribution; kept so runs of one configuration can be pooled.
            var latency = LatencyDistribution.FromStopwatchTicks(successLatencies.AsSpan(0, successCount));
            return new LoadRunResult(
                spec,
                sent,
                successCount,
                failed,
                latency,
                LatencyDistribution.FromStopwatchTicks(_sendLagTicks.AsSpan()),
                elapsedSeconds > 0 ? successCount / elapsedSeconds : 0,
                errors,
                Volatile.Read(ref _firstErrorDetail),
                successLatencies[..successCount]);
        }

        private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";
    }
}
