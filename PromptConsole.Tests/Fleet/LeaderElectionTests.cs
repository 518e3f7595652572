using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Background;
using PromptConsole.Web.Infrastructure.Fleet;
using Xunit.Abstractions;

namespace PromptConsole.Tests.Fleet;

/// <summary>
/// Two instances on one PostgreSQL database: only the elected one runs a controller's ticks; when it goes, the other
/// takes over within a bounded time. SQLite: the lone instance simply leads.
/// </summary>
public sealed class LeaderElectionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Only_the_leader_ticks_and_the_other_instance_takes_over_when_it_goes()
    {
        using var fleet = FleetInstances.Start(redis: null, f => f
            .WithSetting("PromptConsole:Fleet:LeaderRetryInterval", "00:00:00.500")
            .WithServices(services =>
            {
                services.AddSingleton<CountingController>();
                services.AddHostedService(provider => provider.GetRequiredService<CountingController>());
            }));
        var electionA = fleet.A.Services.GetRequiredService<LeaderElection>();
        var electionB = fleet.B.Services.GetRequiredService<LeaderElection>();
        var ticksA = fleet.A.Services.GetRequiredService<CountingController>();
        var ticksB = fleet.B.Services.GetRequiredService<CountingController>();

        await WaitAsync(() => electionA.IsLeader || electionB.IsLeader, TimeSpan.FromSeconds(10));
        Assert.True(electionA.IsLeader, "A started first, so it took the lease");
        Assert.False(electionB.IsLeader);

        // A few ticks: the leader's counter moves, the follower's stays at zero.
        // (The follower's first tick waits for its own election's first answer, which may take a moment to connect.)
        await WaitAsync(() => ticksA.Ticks >= 5 && ticksB.SkippedTicks > 0, TimeSpan.FromSeconds(10));
        Assert.Equal(0, ticksB.Ticks);

        var since = Stopwatch.StartNew();
        fleet.A.Dispose();
        await WaitAsync(() => electionB.IsLeader, TimeSpan.FromSeconds(10));
        var elected = since.Elapsed;
        await WaitAsync(() => ticksB.Ticks > 0, TimeSpan.FromSeconds(10));
        var firstTick = since.Elapsed;

        var line = $"[fleet] leader fail-over: B elected {elected.TotalMilliseconds:F0} ms after A was disposed, first controller tick on B after {firstTick.TotalMilliseconds:F0} ms (retry interval 500 ms, tick 100 ms)";
        output.WriteLine(line);
        Console.WriteLine(line);
        Assert.True(elected < TimeSpan.FromSeconds(3), $"fail-over took {elected.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task A_leader_whose_database_session_is_killed_steps_down_and_the_lease_is_taken_again()
    {
        using var fleet = FleetInstances.Start(redis: null, f => f.WithSetting("PromptConsole:Fleet:LeaderRetryInterval", "00:00:00.500"));
        var electionA = fleet.A.Services.GetRequiredService<LeaderElection>();
        var electionB = fleet.B.Services.GetRequiredService<LeaderElection>();
        await WaitAsync(() => electionA.IsLeader, TimeSpan.FromSeconds(10));

        // Like a crash of the leader's database session: the server ends it.
        var termsBefore = electionA.Terms;
        var since = Stopwatch.StartNew();
        await using (var connection = new Npgsql.NpgsqlConnection(fleet.A.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var terminate = connection.CreateCommand();
            // The session holding the advisory lock in this test's database (the leader's lease connection).
            terminate.CommandText = "SELECT count(pg_terminate_backend(l.pid)) FROM pg_locks l JOIN pg_database d ON d.oid = l.database " +
                                    "WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()";
            Assert.Equal(1L, (long)(await terminate.ExecuteScalarAsync())!);
        }

        // Exactly one leads again (A re-acquires or B takes over), and never both at once.
        // A may take the lease again within milliseconds: its term count shows the step-down a poll could miss.
        await WaitAsync(() => !electionA.IsLeader || electionB.IsLeader || electionA.Terms > termsBefore, TimeSpan.FromSeconds(10));
        var steppedDown = since.Elapsed;
        await WaitAsync(() => electionA.IsLeader ^ electionB.IsLeader, TimeSpan.FromSeconds(10));
        var line = $"[fleet] leader session killed: A noticed after {steppedDown.TotalMilliseconds:F0} ms; {(electionA.IsLeader ? "A" : "B")} leads after {since.ElapsedMilliseconds} ms";
        output.WriteLine(line);
        Console.WriteLine(line);
        Assert.False(electionA.IsLeader && electionB.IsLeader);
    }

    [Fact]
    public async Task On_SQLite_the_lone_instance_leads()
    {
        using var factory = new PromptConsoleFactory(TestDatabaseProvider.Sqlite);
        var leadership = factory.Services.GetRequiredService<ILeadership>();
        Assert.True(await leadership.IsLeaderAsync());
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > timeout)
                throw new TimeoutException($"Condition not met within {timeout.TotalSeconds} s.");
            await Task.Delay(10);
        }
    }

    /// <summary>A controller that only counts its ticks, on the real base class and the application's <see cref="ILeadership"/>.</summary>
    public sealed class CountingController : PeriodicBackgroundService
    {
        private readonly CountingLeadership _leadership;
        private readonly ILogger<CountingController> _logger;
        private int _ticks;

        public CountingController(ILeadership leadership, ILogger<CountingController> logger)
            : this(new CountingLeadership(leadership), logger)
        {
        }

        private CountingController(CountingLeadership leadership, ILogger<CountingController> logger)
            : base(TimeProvider.System, leadership)
        {
            _leadership = leadership;
            _logger = logger;
        }

        public int Ticks => Volatile.Read(ref _ticks);

        public int SkippedTicks => _leadership.Skipped;

        protected override TimeSpan Interval => TimeSpan.FromMilliseconds(100);

        protected override bool RunsAtStart => true;

        protected override Task RunOnceAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _ticks);
            return Task.CompletedTask;
        }

        protected override void OnTickFailed(Exception exception) => _logger.LogError(exception, "tick failed");
    }

    private sealed class CountingLeadership(ILeadership inner) : ILeadership
    {
        private int _skipped;

        public int Skipped => Volatile.Read(ref _skipped);

        public async ValueTask<bool> IsLeaderAsync(CancellationToken cancellationToken = default)
        {
            var leads = await inner.IsLeaderAsync(cancellationToken);
            if (!leads)
                Interlocked.Increment(ref _skipped);
            return leads;
        }
    }
}
