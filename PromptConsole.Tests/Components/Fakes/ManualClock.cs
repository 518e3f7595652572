namespace PromptConsole.Tests.Components.Fakes;

/// <summary>A clock that moves one second per reading, so every change gets a distinct, ordered time.</summary>
public sealed class ManualClock
{
    private DateTimeOffset _now = new(2026, 1, 15, 9, 0, 0, TimeSpan.Zero);

    public DateTimeOffset Next()
    {
        _now = _now.AddSeconds(1);
        return _now;
    }
}
