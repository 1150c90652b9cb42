using Coordi.Core.LoadTest;

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or UriFormatException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

// The clients stand in for the voice edge and the portal, which trace their own calls in their own processes.
// Sharing the in-process core's tracer would bill that work to the core, so outgoing HTTP calls start no activity.
AppContext.SetSwitch("System.Net.Http.EnableActivityPropagation", false);

// Ctrl+C ends the load early but still stops the core and deletes the throw-away database.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

Console.Error.WriteLine(options.Target is null ? "Starting PostgreSQL and the core..." : $"Loading {options.Target}...");
await using var target = options.Target is null
    ? await LoadTarget.StartInProcessAsync()
    : LoadTarget.Remote(options.Target, options.Credential!);

var channels = target.OpenChannels(options.Channels);
try
{
    string tenantId;
    string seeded;
    if (options.Tenant is not null)
    {
        tenantId = options.Tenant;
        seeded = $"existing organization {tenantId} (not seeded)";
    }
    else
    {
        Console.Error.WriteLine($"Seeding one organization with {options.SeedCalls} calls, and its neighbours...");
        (tenantId, seeded) = await new Seeder(channels[0].CreateCallInvoker(), target).SeedStandardAsync(options.SeedCalls);
        await target.AnalyzeAsync();
    }

    await WarmUp.UntilCompiledAsync(options.Rpcs,
        (rpc, client) => Scenarios.Create(rpc, channels[client % channels.Length].CreateCallInvoker(),
            target.ServiceHeaders(tenantId), $"warmup-{Guid.NewGuid():N}"),
        stop.Token);

    var loadBefore = Report.LoadAverage();
    Console.Error.WriteLine($"Load average before: {loadBefore}");
    var runTag = Guid.NewGuid().ToString("N")[..8];
    var results = new List<RunResult>();
    foreach (var rpc in options.Rpcs.TakeWhile(_ => !stop.IsCancellationRequested))
    {
        foreach (var clients in options.Concurrency.TakeWhile(_ => !stop.IsCancellationRequested))
        {
            var result = await ClosedLoop.RunAsync(rpc, clients,
                client => Scenarios.Create(rpc, channels[client % channels.Length].CreateCallInvoker(),
                    target.ServiceHeaders(tenantId), $"load-{runTag}-{clients}-{client}"),
                options.Warmup, options.Measure, stop.Token);
            results.Add(result);
            Console.Error.WriteLine($"{rpc} x{clients}: {result.CallsPerSecond:F0} calls/s, p50 {result.Milliseconds(50):F2} ms, "
                + $"p99 {result.Milliseconds(99):F2} ms, {result.CpuMicrosecondsPerCall:F0} CPU µs/call, {result.AllocatedKilobytesPerCall:F1} KB/call, {result.Failed} errors{(result.FirstError is null ? "" : $" (first: {result.FirstError})")}");
        }
    }

    if (stop.IsCancellationRequested)
    {
        Console.Error.WriteLine("Stopped before the end; no report written.");
        return 130;
    }

    var loadAfter = Report.LoadAverage();
    var document = Report.Document(options, target, seeded, results, loadBefore, loadAfter);
    Console.WriteLine(document);

    var output = options.Output ?? Path.Combine(RepositoryRoot(), "bench", "results", "core-load.md");
    if (output != "-")
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, document);
        Console.Error.WriteLine($"Wrote {output}");
    }

    return results.Any(r => r.Succeeded == 0) ? 1 : 0;
}
finally
{
    foreach (var channel in channels)
    {
        channel.Dispose();
    }
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
