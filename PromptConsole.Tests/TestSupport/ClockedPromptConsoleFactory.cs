using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PromptConsole.Tests.Persistence;

namespace PromptConsole.Tests.TestSupport;

/// <summary>
/// The real application with a test clock: everything that asks for the <see cref="TimeProvider"/> (executions'
/// start times, audit times, the safeguards) reads <see cref="Clock"/>, which moves only when the test advances it.
/// Timers still run in real time, so background loops keep ticking but see the test's time.
/// </summary>
public sealed class ClockedPromptConsoleFactory(TestDatabaseProvider provider) : PromptConsoleFactory(provider)
{
    public ManualClock Clock { get; } = new(TruncatedToSecond(DateTimeOffset.UtcNow));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    private static DateTimeOffset TruncatedToSecond(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
