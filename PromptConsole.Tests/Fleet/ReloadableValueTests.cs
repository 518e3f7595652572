using PromptConsole.Tests.Persistence;
using PromptConsole.Web.Infrastructure.Fleet;

namespace PromptConsole.Tests.Fleet;

/// <summary>The in-memory value behind the tenants' limits, raw conversations' cache settings and the flags: when it is read again.</summary>
public sealed class ReloadableValueTests
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
    private readonly List<Exception> _failures = [];
    private int _reads;
    private Exception? _failNext;

    private ReloadableValue<string> Create(TimeSpan? maxAge) => new(
        ConfigurationChange.Tenants,
        _ =>
        {
            _reads++;
            if (_failNext is { } failure)
                return Task.FromException<string>(failure);
            return Task.FromResult($"read {_reads}");
        },
        fallback: "fallback",
        maxAge,
        _clock,
        _failures.Add,
        bus: null);

    [Fact]
    public async Task It_is_read_once_and_held_until_invalidated()
    {
        var value = Create(maxAge: null);

        Assert.Equal("read 1", await value.GetAsync(CancellationToken.None));
        _clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal("read 1", await value.GetAsync(CancellationToken.None));

        value.Invalidate();
        Assert.Equal("read 2", await value.GetAsync(CancellationToken.None));
        Assert.Equal(2, _reads);
    }

    [Fact]
    public async Task With_a_maximum_age_it_is_read_again_once_that_has_passed()
    {
        var value = Create(maxAge: TimeSpan.FromSeconds(30));

        Assert.Equal("read 1", await value.GetAsync(CancellationToken.None));
        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal("read 1", await value.GetAsync(CancellationToken.None));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("read 2", await value.GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_failed_read_keeps_the_last_value_else_the_fallback_and_is_retried_after_five_seconds()
    {
        var value = Create(maxAge: TimeSpan.FromSeconds(30));
        _failNext = new InvalidOperationException("database away");

        Assert.Equal("fallback", await value.GetAsync(CancellationToken.None));
        Assert.Equal("fallback", await value.GetAsync(CancellationToken.None));
        Assert.Equal(1, _reads); // not retried on every request
        _clock.Advance(TimeSpan.FromSeconds(5));
        _failNext = null;
        Assert.Equal("read 2", await value.GetAsync(CancellationToken.None));

        _clock.Advance(TimeSpan.FromSeconds(30));
        _failNext = new InvalidOperationException("database away again");
        Assert.Equal("read 2", await value.GetAsync(CancellationToken.None));
        Assert.Equal(["database away", "database away again"], _failures.Select(f => f.Message));

        _clock.Advance(TimeSpan.FromSeconds(5));
        _failNext = null;
        Assert.Equal("read 4", await value.GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Without_a_fallback_a_failed_read_fails_its_caller_and_the_next_caller_reads_again()
    {
        var value = new ReloadableValue<string>(
            ConfigurationChange.Flags,
            _ =>
            {
                _reads++;
                return _failNext is { } failure ? Task.FromException<string>(failure) : Task.FromResult($"read {_reads}");
            },
            maxAge: TimeSpan.FromSeconds(30),
            _clock,
            bus: null);

        Assert.Equal("read 1", await value.GetAsync(CancellationToken.None));
        _clock.Advance(TimeSpan.FromSeconds(30));
        _failNext = new InvalidOperationException("database away");
        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => value.GetAsync(CancellationToken.None).AsTask());
        Assert.Equal("database away", thrown.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => value.GetAsync(CancellationToken.None).AsTask());
        Assert.Equal(3, _reads); // no stale value kept, no pause before the next read

        _failNext = null;
        Assert.Equal("read 4", await value.GetAsync(CancellationToken.None));
    }
}
