using System.Diagnostics;
using Coordi.Events.LoadTest;

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

// The writers stand in for the voice edge, which traces its own calls in its own process.
AppContext.SetSwitch("System.Net.Http.EnableActivityPropagation", false);

// Ctrl+C ends the run early but still stops the core and deletes the throw-away database.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

// The warm-up runs in rounds of this length until a round compiles no more than this many methods.
var warmUpRound = TimeSpan.FromSeconds(2);
const int settledMethodsPerRound = 50;

// Room for every write the schedule allows: the warm-up may overrun its limit by one round.
var phaseCapacity = (int)Math.Ceiling(options.Rate * (options.Warmup + warmUpRound + options.Measure).TotalSeconds)
    + options.Organizations * (2 + (int)Math.Ceiling(options.Warmup / warmUpRound)) + 16;
var ledger = new WriteLedger(phaseCapacity);

Console.Error.WriteLine("Starting PostgreSQL, the core and the webhook receivers...");
await using var stack = await EventStack.StartAsync();
await using var sink = await WebhookSink.StartAsync(ledger);
using var writeChannel = stack.OpenChannel();
using var streamChannel = stack.OpenChannel();

Console.Error.WriteLine($"Creating {options.Organizations} organizations with a partner key and a webhook endpoint each...");
var organizations = await Organizations.CreateAsync(writeChannel, options.Organizations, sink.Url, stop.Token);
sink.UseSecrets(organizations.Select(o => o.WebhookSecret).ToArray());

using var following = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
var subscribers = organizations.Select(o => new StreamSubscriber(o, streamChannel.CreateCallInvoker(), ledger)).ToArray();
var streams = subscribers.Select(s => Task.Run(() => s.RunAsync(following.Token))).ToArray();
using var inFlight = new SemaphoreSlim(options.MaxInFlight);
var writers = organizations.Select(o => new OrganizationWriter(o, writeChannel.CreateCallInvoker(), ledger)).ToArray();

var loadBefore = "";
var (start, end) = (0L, 0L);
var complete = false;
var cpu = TimeSpan.Zero;
var wall = TimeSpan.Zero;
try
{
    if (options.Warmup > TimeSpan.Zero)
    {
        // Rounds at the target rate until tiered compilation has settled (or the limit), so the window does not
        // measure code that is still being recompiled; then every warm-up event is let through.
        var warming = Stopwatch.StartNew();
        long compiled;
        do
        {
            var before = System.Runtime.JitInfo.GetCompiledMethodCount();
            var (warmStart, warmEnd) = Window(warmUpRound);
            await Task.WhenAll(writers.Select((w, i) => w.RunAsync(warmStart + Offset(i), warmEnd, options.WriteInterval, warmup: true, inFlight, stop.Token)));
            compiled = System.Runtime.JitInfo.GetCompiledMethodCount() - before;
            Console.Error.WriteLine($"Warm-up: {compiled} methods compiled in the last round");
        }
        while (compiled > settledMethodsPerRound && warming.Elapsed < options.Warmup);

        if (!await WaitForArrivalsAsync(warmup: true))
        {
            Console.Error.WriteLine("Warm-up events still missing after the drain limit; measuring anyway.");
        }
    }

    loadBefore = Report.LoadAverage();
    Console.Error.WriteLine($"Load average before: {loadBefore}. Writing {options.Rate} events/s for {options.Measure.TotalSeconds:F0} s...");
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    (start, end) = Window(options.Measure);
    await Task.WhenAll(writers.Select((w, i) => w.RunAsync(start + Offset(i), end, options.WriteInterval, warmup: false, inFlight, stop.Token)));
    Console.Error.WriteLine("Writes done; waiting for every event to arrive...");
    complete = await WaitForArrivalsAsync(warmup: false);
    // Late duplicates would come now, if they came at all.
    await Task.Delay(TimeSpan.FromSeconds(2), stop.Token);
    cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
    wall = Stopwatch.GetElapsedTime(start);
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    // Reported below.
}

var loadAfter = Report.LoadAverage();

await following.CancelAsync();
await Task.WhenAll(streams);

if (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("Stopped before the end; no report written.");
    return 130;
}

var writes = WriteResult.Measure(ledger, start, end);
var summary = new RunSummary(
    options,
    "dotnet bench/Coordi.Events.LoadTest/bin/Release/net10.0/Coordi.Events.LoadTest.dll " + string.Join(' ', args),
    loadBefore,
    loadAfter,
    writes,
    writers.Select(w => w.FirstError).FirstOrDefault(e => e is not null),
    PathResult.Measure(ledger, DeliveryPath.Stream, start, end),
    PathResult.Measure(ledger, DeliveryPath.Webhook, start, end),
    subscribers.Sum(s => s.CursorBreaks),
    subscribers.Sum(s => s.Unmatched),
    subscribers.Sum(s => s.Reconnects),
    subscribers.Select(s => s.FirstError).FirstOrDefault(e => e is not null),
    sink.Received,
    sink.BadSignatures,
    sink.Unmatched,
    await stack.ReadDeliveryLogAsync(),
    100.0 * cpu.TotalSeconds / (wall.TotalSeconds * Environment.ProcessorCount),
    writes.Succeeded == 0 ? 0 : cpu.TotalMicroseconds / writes.Succeeded,
    Timeline.Build(ledger, start, TimeSpan.FromSeconds(Math.Max(1, Math.Round(options.Measure.TotalSeconds / 10)))));
var document = Report.Document(summary);
Console.WriteLine(document);

var output = options.Output ?? Path.Combine(RepositoryRoot(), "bench", "results", "events-load.md");
if (output != "-")
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
    await File.WriteAllTextAsync(output, document);
    Console.Error.WriteLine($"Wrote {output}");
}

return complete && summary.Stream.Duplicates == 0 && summary.Webhook.Duplicates == 0 && summary.BadSignatures == 0 ? 0 : 1;

// A window starting a moment from now, so every writer is waiting when it opens.
(long Start, long End) Window(TimeSpan length)
{
    var windowStart = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 10;
    return (windowStart, windowStart + (long)(length.TotalSeconds * Stopwatch.Frequency));
}

// Organizations write in turn across the interval rather than all at its start.
long Offset(int organization) => (long)(options.WriteInterval.TotalSeconds * Stopwatch.Frequency * organization / options.Organizations);

async Task<bool> WaitForArrivalsAsync(bool warmup)
{
    var deadline = Stopwatch.GetTimestamp() + (long)(options.Drain.TotalSeconds * Stopwatch.Frequency);
    while (!ledger.AllArrived(warmup))
    {
        if (Stopwatch.GetTimestamp() > deadline || stop.IsCancellationRequested)
        {
            return false;
        }

        await Task.Delay(TimeSpan.FromMilliseconds(100));
    }

    return true;
}

// The folder holding Coordi.sln above the build output, so the default result path does not depend on the working directory.
static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Coordi.sln")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}
