using System.Runtime.InteropServices;

namespace PromptConsole.Web.Infrastructure.Telemetry;

/// <summary>
/// The number of files the process has open, from the size Linux (6.2 and later) reports for the
/// <c>/proc/self/fd</c> directory: one <c>statx</c> call instead of listing the directory and
/// stat-ing every entry, as <see cref="System.Diagnostics.Process.HandleCount"/> does. .NET has no
/// public call that returns a directory's size, hence the platform call.
/// </summary>
public static partial class OpenFileCount
{
    private const int AtFdCwd = -100;
    private const uint StatxSize = 0x200;

    /// <summary>The count, or null where the kernel does not report it (not Linux, or before 6.2, where the size is 0).</summary>
    public static int? Read()
    {
        if (!OperatingSystem.IsLinux())
            return null;
        try
        {
            return Statx(AtFdCwd, "/proc/self/fd", 0, StatxSize, out var status) == 0 && status.Size > 0
                ? (int)status.Size
                : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, out StatxBuffer buffer);

    // struct statx (linux/stat.h) is the same on every architecture: 256 bytes, stx_size at byte 40.
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(40)]
        public ulong Size;
    }
}
