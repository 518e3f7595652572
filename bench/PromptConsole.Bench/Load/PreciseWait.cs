using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PromptConsole.Bench.Load;

/// <summary>
/// Waits until a <see cref="Stopwatch"/> timestamp with tens-of-microseconds precision without
/// burning a core: sleep in the kernel for most of the gap, spin only for the last stretch.
/// A pure spin loop would take one of the machine's two cores away from the system under test.
/// </summary>
internal static partial class PreciseWait
{
    // The kernel wakes a nanosleep up to the thread's timer slack late (50 µs by default);
    // PR_SET_TIMERSLACK lowers that for the scheduling thread only.
    private const int PrSetTimerSlack = 29;
    private static readonly long SpinThresholdTicks = Stopwatch.Frequency / 20_000; // 50 µs
    private static readonly bool UseNanosleep = OperatingSystem.IsLinux();

    /// <summary>Call once from the thread that will wait.</summary>
    public static void PrepareCurrentThread()
    {
        if (UseNanosleep)
        {
            _ = prctl(PrSetTimerSlack, 1, 0, 0, 0);
        }
    }

    public static void Until(long targetTimestamp)
    {
        while (true)
        {
            long remaining = targetTimestamp - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }

            if (remaining > SpinThresholdTicks)
            {
                Sleep(remaining - SpinThresholdTicks);
            }
            else
            {
                Thread.SpinWait(20);
            }
        }
    }

    private static void Sleep(long ticks)
    {
        if (UseNanosleep)
        {
            long nanoseconds = (long)(ticks * (1_000_000_000.0 / Stopwatch.Frequency));
            var request = new Timespec { Seconds = nanoseconds / 1_000_000_000, Nanoseconds = nanoseconds % 1_000_000_000 };
            _ = nanosleep(ref request, IntPtr.Zero);
            return;
        }

        // Elsewhere only whole milliseconds are available: sleep the whole ones, spin the rest.
        int milliseconds = (int)(ticks * 1000 / Stopwatch.Frequency);
        if (milliseconds >= 1)
        {
            Thread.Sleep(milliseconds);
        }
        else
        {
            Thread.SpinWait(20);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int nanosleep(ref Timespec request, IntPtr remaining);

    [DllImport("libc", SetLastError = true)]
    private static extern int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
}
