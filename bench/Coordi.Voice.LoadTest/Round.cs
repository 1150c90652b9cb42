using System.Diagnostics;

namespace Coordi.Voice.LoadTest;

/// <summary>One round: N calls dialled, talking for a warm-up and then a measured window, then hung up.</summary>
public static class Round
{
    public static async Task<RoundResult> RunAsync(VoiceStack stack, IReadOnlyList<LoadBusiness> businesses, int calls, int warmupSeconds, int seconds, LoadOptions options, BridgeMeter meter, CancellationToken cancel)
    {
        var process = Process.GetCurrentProcess();
        var (heapBefore, workingSetBefore) = Memory(process);
        var responses = new WindowedHistogram();
        var failed = 0;
        string? firstError = null;

        // Calls of one business are dialled one after another, so each script binds to the session of its own
        // call; the businesses dial in parallel.
        var connected = new List<LoadCall>(calls);
        await Task.WhenAll(businesses.Select(async (business, b) =>
        {
            for (var i = b; i < calls; i += businesses.Count)
            {
                try
                {
                    var call = await LoadCall.DialAsync(stack, business, options, responses);
                    lock (connected)
                    {
                        connected.Add(call);
                    }
                }
                catch (Exception ex) when (!cancel.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failed);
                    // A call that cannot connect under load is a result to report, not a reason to stop.
                    Interlocked.CompareExchange(ref firstError, $"{ex.GetType().Name}: {ex.Message}", null);
                }
            }
        }));

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var conversations = connected.Select(c => Task.Run(() => c.ConverseAsync(options.SpeakMs, stop.Token))).ToList();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(warmupSeconds), cancel);
            var loadBefore = LoadAverage();
            meter.FrameAddedLatency.Open();
            responses.Open();
            var cpuBefore = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(seconds), cancel);
            var added = meter.FrameAddedLatency.Close();
            var response = responses.Close();
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuBefore;
            var window = clock.Elapsed;
            var loadAfter = LoadAverage();
            var (heapAfter, workingSetAfter) = Memory(process);
            return new RoundResult(calls, connected.Count, failed, connected.Count(c => c.Dropped), window, added, response, cpu,
                heapAfter - heapBefore, workingSetAfter - workingSetBefore, loadBefore, loadAfter, firstError);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(conversations);
            await Task.WhenAll(connected.Select(c => c.HangUpAsync()));
            foreach (var call in connected)
            {
                await call.DisposeAsync();
            }

            // Let the edge finish the calls (core writes, recordings) before the next round starts.
            var deadline = Stopwatch.StartNew();
            while (meter.LiveCallCount > 0 && deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(200, CancellationToken.None);
            }

            await Task.Delay(TimeSpan.FromSeconds(3), CancellationToken.None);
        }
    }

    public static string LoadAverage() => string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    /// <summary>Live managed heap after a full collection, and the process's working set.</summary>
    private static (long Heap, long WorkingSet) Memory(Process process)
    {
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        process.Refresh();
        return (heap, process.WorkingSet64);
    }
}
