using System.Diagnostics;
using System.Globalization;
using System.Text;
using Prometheus;
using PromptConsole.Web.Infrastructure.Telemetry;

namespace PromptConsole.Tests.Telemetry;

public class ProcessMetricsTests
{
    private const string Status = """
        Name:	dotnet
        VmPeak:	 3060 kB
        VmSize:	  280802603008 kB
        VmRSS:	    157808 kB
        VmData:	    167108 kB
        Threads:	20
        """;

    [Theory]
    [InlineData("VmSize", "VmRSS", "VmData", "Threads", true)]
    [InlineData("VmSizeX", "VmRSS", "VmData", "Threads", false)]
    [InlineData("VmSize", "VmHWM", "VmData", "Threads", false)]
    [InlineData("VmSize", "VmRSS", "VmExe", "Threads", false)]
    [InlineData("VmSize", "VmRSS", "VmData", "Tgid", false)]
    public void Status_is_read_only_when_every_field_is_there(string size, string resident, string data, string threads, bool read)
    {
        var text = $"{size}:\t 10 kB\n{resident}:\t 20 kB\n{data}:\t 30 kB\n{threads}:\t4\n";

        var status = ProcStatus.Parse(text);

        Assert.Equal(read, status is not null);
        if (status is not null)
            Assert.Equal(new ProcStatus(10 * 1024, 20 * 1024, 30 * 1024, 4), status);
    }

    [Fact]
    public void Sizes_in_kilobytes_become_bytes_and_other_lines_are_ignored()
    {
        Assert.Equal(new ProcStatus(280802603008L * 1024, 157808L * 1024, 167108L * 1024, 20), ProcStatus.Parse(Status));
    }

    [Fact]
    public void The_live_figures_match_what_the_runtime_reports()
    {
        if (!OperatingSystem.IsLinux())
            return;
        var status = ProcStatus.TryRead();
        Assert.NotNull(status);
        using var process = Process.GetCurrentProcess();
        // The process keeps running while both are read, so allow some drift; a wrong field would be off by far more.
        Assert.InRange(status.ResidentBytes, process.WorkingSet64 / 2, process.WorkingSet64 * 2);
        Assert.InRange(status.Threads, 1, process.Threads.Count + 20);
        Assert.Equal(process.VirtualMemorySize64, status.VirtualBytes, tolerance: process.VirtualMemorySize64 / 10d);
    }

    [Fact]
    public void Open_files_are_counted_like_the_fd_directory_lists_them()
    {
        if (!OperatingSystem.IsLinux() || OpenFileCount.Read() is null)
            return; // kernels before 6.2 do not report the size; the metric falls back to Process.HandleCount there

        var before = OpenFileCount.Read()!.Value;
        var listed = Directory.GetFileSystemEntries("/proc/self/fd").Length;
        var opened = Enumerable.Range(0, 25).Select(_ => File.OpenRead(typeof(ProcessMetricsTests).Assembly.Location)).ToList();
        var during = OpenFileCount.Read()!.Value;
        opened.ForEach(stream => stream.Dispose());

        // Listing opens the directory itself, and other tests open files meanwhile: near, not equal.
        Assert.InRange(before, listed - 15, listed + 15);
        Assert.True(during - before >= 20, $"25 files opened, count went from {before} to {during}");
    }

    [Fact]
    public async Task A_scrape_has_every_process_and_gc_family_with_live_values()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        _ = new ProcessMetrics(registry);

        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        var samples = Encoding.UTF8.GetString(stream.ToArray())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith('#'))
            .Select(line => line.Split(' '))
            .ToDictionary(parts => parts[0], parts => double.Parse(parts[1], CultureInfo.InvariantCulture));

        Assert.True(samples["process_cpu_seconds_total"] > 0);
        Assert.True(samples["process_working_set_bytes"] > 1_000_000);
        Assert.True(samples["process_virtual_memory_bytes"] >= samples["process_working_set_bytes"]);
        Assert.True(samples["process_private_memory_bytes"] > 0);
        Assert.True(samples["process_open_handles"] > 3);
        Assert.True(samples["process_num_threads"] >= 1);
        Assert.True(samples["dotnet_total_memory_bytes"] > 0);
        Assert.InRange(samples["process_start_time_seconds"], DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Contains("dotnet_collection_count_total{generation=\"0\"}", samples.Keys);
        Assert.Contains($"dotnet_collection_count_total{{generation=\"{GC.MaxGeneration}\"}}", samples.Keys);
    }
}
