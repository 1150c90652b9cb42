using System.Diagnostics;
using System.Net;

namespace Coordi.Voice.EdgeBench;

/// <summary>
/// One row: a fresh edge process (so idle memory and CPU belong to this row alone), N calls dialled, a warm-up
/// of conversation, the measured window, then every caller hangs up and the edge is stopped as a deploy stops it.
/// </summary>
public static class Row
{
    public const int EdgeCpu = 0;

    private const int WarmUpCalls = 20;

    public static async Task<RowResult> RunAsync(BenchSetup setup, EdgeBuild edge, int calls, BenchOptions options, CancellationToken cancel)
    {
        var port = PostgresCluster.FreePort();
        var managementPort = PostgresCluster.FreePort();
        var data = Path.Combine(setup.WorkFolder, $"edge-data-{edge.Label}-{calls}");
        var environment = EdgeSettings.EdgeEnvironment(port, managementPort, setup.CoreAddress, setup.TwilioApi.BaseAddress, setup.Realtime.Url, data, setup.S3);
        foreach (var (key, value) in edge.RuntimeEnvironment.Concat(options.EdgeEnvironment))
        {
            environment[key] = value;
        }

        Console.Error.WriteLine($"  edge log: {Path.Combine(setup.WorkFolder, $"edge-{edge.Label}-{calls}.log")}");

        await using var process = PinnedProcess.Start(EdgeCpu, edge.Dll, [], environment, Path.Combine(setup.WorkFolder, $"edge-{edge.Label}-{calls}.log"));
        await process.WaitReadyAsync(new Uri($"http://127.0.0.1:{managementPort}/readyz"), TimeSpan.FromSeconds(60));
        Console.Error.WriteLine($"  edge pid {process.Pid}");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Dialers * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { Timeout = TimeSpan.FromSeconds(30) };
        var edgeAddress = new Uri($"http://127.0.0.1:{port}");

        // A few calls first, not measured, so call set-up is timed on code that has been run (as on any edge that
        // has served a call since it started) and idle memory includes what every call set-up loads once.
        await WarmUpAsync(setup, http, edgeAddress, options, cancel);
        var stats = new BenchStats();
        setup.Realtime.Use(stats);
        var idleRss = ProcStats.RssKb(process.Pid);
        long peakRss = idleRss, peakThreads = 0;
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested && !process.HasExited)
            {
                peakRss = Math.Max(peakRss, ProcStats.RssKb(process.Pid));
                peakThreads = Math.Max(peakThreads, ProcStats.Threads(process.Pid));
                await Task.Delay(100, CancellationToken.None);
            }
        }, CancellationToken.None);

        var connected = new List<BenchCall>(calls);
        var failed = 0;
        string? firstError = null;
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, options.Dialers).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < calls && !cancel.IsCancellationRequested)
            {
                try
                {
                    var call = await BenchCall.DialAsync(http, edgeAddress, TestData.UsNumber(), setup.Numbers[i % setup.Numbers.Count], stats, options.SpeakMs);
                    lock (connected)
                    {
                        connected.Add(call);
                    }
                }
                catch (Exception ex) when (!cancel.IsCancellationRequested)
                {
                    // A call that cannot connect under load is a result, not a reason to stop.
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstError, $"{ex.GetType().Name}: {ex.Message}", null);
                }
            }
        }));

        try
        {
            await Task.Delay(TimeSpan.FromSeconds(options.Warmup), cancel);
            var loadBefore = ProcStats.LoadAverage();
            stats.OpenWindow();
            var cpuBefore = ProcStats.CpuSeconds(process.Pid);
            var clock = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(options.Seconds), cancel);
            var cpu = ProcStats.CpuSeconds(process.Pid) - cpuBefore;
            var window = clock.Elapsed.TotalSeconds;
            stats.CloseWindow();
            var added = (In: stats.CallerToModel.Close(), Out: stats.ModelToCaller.Close());
            var webhook = stats.Webhook.Snapshot();
            var attach = stats.Attach.Snapshot();
            var greeting = stats.Greeting.Snapshot();
            var loadAfter = ProcStats.LoadAverage();
            var streaming = connected.Count(c => !c.Dropped);
            return new RowResult(edge.Label, calls, connected.Count, streaming, connected.Count - streaming, stats.RealtimeSessions, window, cpu,
                idleRss, peakRss, peakThreads,
                Latencies.Ms(added.In, 50), Latencies.Ms(added.In, 99), Latencies.Ms(added.Out, 50), Latencies.Ms(added.Out, 99), added.Out.TotalCount == 0 ? double.NaN : added.Out.GetValueAtPercentile(100) / 1000.0,
                added.In.TotalCount,
                Latencies.Ms(webhook, 50), Latencies.Ms(webhook, 99), Latencies.Ms(attach, 50), Latencies.Ms(attach, 99), Latencies.Ms(greeting, 50),
                stats.TurnsReplied, stats.TurnsWithoutReply, loadBefore, loadAfter,
                failed == 0 ? null : $"{failed} calls failed; first: {firstError}");
        }
        finally
        {
            await sampling.CancelAsync();
            await sampler;
            await Task.WhenAll(connected.Select(c => c.HangUpAsync()));
            foreach (var call in connected)
            {
                await call.DisposeAsync();
            }

            // Give the edge time to finish the calls (core writes, recordings) before it is stopped.
            await Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None);
        }
    }

    private static async Task WarmUpAsync(BenchSetup setup, HttpClient http, Uri edge, BenchOptions options, CancellationToken cancel)
    {
        var stats = new BenchStats();
        setup.Realtime.Use(stats);
        var calls = new List<BenchCall>();
        for (var i = 0; i < WarmUpCalls; i++)
        {
            calls.Add(await BenchCall.DialAsync(http, edge, TestData.UsNumber(), setup.Numbers[i % setup.Numbers.Count], stats, options.SpeakMs));
        }

        // Long enough for most of the edge's code to reach tier 1: tiered compilation recompiles in the background,
        // on the same single core, and a pod serves calls for days, so the row should measure the steady state.
        await Task.Delay(TimeSpan.FromSeconds(30), cancel);
        foreach (var call in calls)
        {
            await call.HangUpAsync();
            await call.DisposeAsync();
        }

        await Task.Delay(TimeSpan.FromSeconds(3), cancel);
    }
}
