using Coordi.Voice.LoadTest;

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

// Ctrl+C ends the load early but still stops everything and deletes the throw-away database.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

using var meter = new BridgeMeter();
Console.Error.WriteLine("Starting PostgreSQL, the core, the Twilio and Realtime emulators and the voice edge...");
await using var stack = await VoiceStack.StartAsync();
var businessCount = Math.Min(options.Businesses, options.Calls.Max());
var businesses = new List<LoadBusiness>();
for (var i = 0; i < businessCount; i++)
{
    businesses.Add(await stack.NewBusinessAsync(i));
}

try
{
    // A short unreported round, so the measured rounds do not include the JIT compiling the call path.
    Console.Error.WriteLine("Warming up...");
    await Round.RunAsync(stack, businesses, Math.Min(20, options.Calls.Max()), 2, 5, options, meter, cancel.Token);

    var rounds = new List<RoundResult>();
    foreach (var calls in options.Calls)
    {
        Console.Error.WriteLine($"{calls} calls...");
        var result = await Round.RunAsync(stack, businesses, calls, options.Warmup, options.Seconds, options, meter, cancel.Token);
        rounds.Add(result);
        Console.Error.WriteLine($"{calls} calls: {result.Connected} connected, {result.Dropped} dropped, {result.FramesPerSecond:F0}/{result.ExpectedFramesPerSecond:F0} frames/s, "
            + $"added p50 {RoundResult.Ms(result.AddedLatency, 50):F3} ms p99 {RoundResult.Ms(result.AddedLatency, 99):F3} ms, "
            + $"response p50 {RoundResult.Ms(result.ResponseLatency, 50):F1} ms p99 {RoundResult.Ms(result.ResponseLatency, 99):F1} ms, "
            + $"CPU {result.CpuPercentOfMachine:F0}% of machine, load {result.LoadBefore} -> {result.LoadAfter}");
    }

    var document = Report.Document(options, rounds);
    Console.WriteLine(document);
    var output = options.Output ?? Path.Combine(RepositoryRoot(), "bench", "results", "voice-load.md");
    if (output != "-")
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, document);
        Console.Error.WriteLine($"Wrote {output}");
    }

    return 0;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("Stopped before the end; no report written.");
    return 130;
}

// The repository root: the nearest folder up from here holding Coordi.sln.
static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Coordi.sln")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}
