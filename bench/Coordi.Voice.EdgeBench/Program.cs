using Coordi.Voice.EdgeBench;

// The voice edge measured as an operator would: published, in its own process, pinned to one CPU, with the
// callers, the model and the core on the other. See bench/README.md.
var options = BenchOptions.Parse(args);
var repository = Directory.GetCurrentDirectory();
if (!File.Exists(Path.Combine(repository, "Coordi.sln")))
{
    Console.Error.WriteLine("Run the bench from the repository root.");
    return 2;
}

if (!OperatingSystem.IsLinux() || Environment.ProcessorCount < 2)
{
    Console.Error.WriteLine("The bench needs Linux (taskset, /proc) and two CPUs: one for the edge alone, one for everything else.");
    return 2;
}

// The bench and everything it starts (PostgreSQL, the core, the S3 server) stay off the edge's CPU.
System.Diagnostics.Process.GetCurrentProcess().ProcessorAffinity = 1 << BenchSetup.BenchCpu;
RealtimeHost.ReplyMs = options.ReplyMs;
var work = Path.Combine(Path.GetTempPath(), "coordi-edgebench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(work);
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var edges = new List<EdgeBuild>();
foreach (var edge in options.Edges)
{
    var (label, folder) = (edge[..edge.IndexOf('=')], edge[(edge.IndexOf('=') + 1)..]);
    var dockerfile = File.Exists(folder.TrimEnd('/') + ".Dockerfile") ? folder.TrimEnd('/') + ".Dockerfile" : Path.Combine(repository, "Dockerfile");
    edges.Add(EdgeBuild.FromFolder(label, folder, dockerfile));
}

if (options.BaselineRevision is { } baseline)
{
    edges.Add(await EdgeBuild.PublishAsync(repository, baseline, "before", work));
}

if (!options.SkipWorkingTree && options.Edges.Count == 0)
{
    edges.Add(await EdgeBuild.PublishAsync(repository, null, "after", work));
}

var coreFolder = options.CoreFolder;
if (coreFolder is null)
{
    coreFolder = Path.Combine(work, "core");
    await EdgeBuild.PublishProjectAsync(Path.Combine(repository, "src", "Coordi.Core", "Coordi.Core.csproj"), coreFolder);
}

var rows = new List<RowResult>();
var command = "dotnet run -c Release --project bench/Coordi.Voice.EdgeBench -- " + string.Join(' ', args);
try
{
    await using var setup = await BenchSetup.StartAsync(work, coreFolder, options.Businesses);
    foreach (var calls in options.Calls)
    {
        // Each row measures every edge back to back, so they see the same machine load.
        foreach (var edge in edges)
        {
            Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {edge.Label}: {calls} calls (load {ProcStats.LoadAverage()})");
            var row = await Row.RunAsync(setup, edge, calls, options, cancel.Token);
            rows.Add(row);
            Console.Error.WriteLine($"  cpu/call-min {row.CpuPerCallMinute:F4} s, {row.KbPerCall:F0} KB/call, out p50/p99 {row.AddedOutP50:F2}/{row.AddedOutP99:F2} ms, in p50/p99 {row.AddedInP50:F2}/{row.AddedInP99:F2} ms, webhook p50 {row.WebhookP50:F1} ms, attach p50 {row.AttachP50:F1} ms, answered {row.Answered}/{calls}, turns {row.TurnsReplied} replied, {row.TurnsWithoutReply} without reply {row.FirstError}");
        }
    }
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("Stopped early.");
}

var report = Report.Markdown(rows, options, command, edges);
Console.WriteLine(report);
if (options.Output != "-" && rows.Count > 0)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Output))!);
    await File.WriteAllTextAsync(options.Output, report);
}

Console.Error.WriteLine($"Logs of the edge and the core: {work}");
return 0;
