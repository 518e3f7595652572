using PromptConsole.Domain.Metrics;

namespace PromptConsole.Web.Infrastructure.Metrics;

/// <summary>One instance's payload (<see cref="LiveSecondCodec"/>) for one second, in whole seconds since the Unix epoch.</summary>
public sealed record LiveSecondPayload(string Instance, long Second, string Payload);

/// <summary>
/// Where instances leave their per-second live data for each other: Redis when configured, else the
/// database (<see cref="LiveBucketRow"/>). Each instance writes only its own seconds and reads everyone's.
/// </summary>
public interface ILiveBucketTransport
{
    /// <summary>The transport's name for logs and the live window's source, e.g. <c>redis</c>.</summary>
    string Name { get; }

    /// <summary>Writes (replacing) this instance's data for each of the seconds.</summary>
    Task PublishAsync(string instance, IReadOnlyList<SecondSeries> seconds, CancellationToken cancellationToken);

    /// <summary>Every other instance's payloads for the seconds from <paramref name="fromSecond"/> to <paramref name="toSecond"/>, inclusive.</summary>
    Task<IReadOnlyList<LiveSecondPayload>> ReadAsync(string exceptInstance, long fromSecond, long toSecond, CancellationToken cancellationToken);

    /// <summary>Removes seconds before <paramref name="beforeSecond"/> (Redis expires them on its own).</summary>
    Task<int> PruneAsync(long beforeSecond, CancellationToken cancellationToken);
}
