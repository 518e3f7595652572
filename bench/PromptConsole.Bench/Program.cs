using System.Globalization;
using System.Runtime.InteropServices;
using PromptConsole.Bench;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

// bench/run.sh --floor-body <file> [runs]: only prometheus-net's own cost of serialising a saved /metrics body (see Scrape/ScrapeLibraryFloor.cs),
// for judging a metric layout before changing the app.
if (args is ["--floor-body", var floorBody, ..])
{
    int floorRuns = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 500;
    var floor = await PromptConsole.Bench.Scrape.ScrapeLibraryFloor.MeasureAsync(await File.ReadAllBytesAsync(floorBody), floorRuns, CancellationToken.None);
    Console.WriteLine($"{floorBody}: {floor.SampleLines} lines, {floor.Children} children in {floor.Families} families: {floor.CpuMsPerRun:0.000} ms CPU, {floor.WallMsPerRun:0.000} ms wall per serialisation ({floor.Runs} runs)");
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine(exception.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

if (options.ShowHelp)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

// Ctrl-C and SIGTERM cancel the run so the finally blocks stop PromptConsole and delete temp files.
using var cancellation = new CancellationTokenSource();
void Cancel(PosixSignalContext context)
{
    context.Cancel = true;
    Console.Error.WriteLine($"{context.Signal}: stopping…");
    cancellation.Cancel();
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);

var runner = new BenchRunner(options, new BenchReport(Console.Out));
try
{
    await runner.RunAsync(cancellation.Token);
    return 0;
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    Console.Error.WriteLine("cancelled; what the runner started is stopped and its temporary files are removed.");
    return 130;
}
catch (BenchSetupException exception)
{
    Console.Error.WriteLine($"bench setup failed: {exception.Message}");
    return 3;
}
