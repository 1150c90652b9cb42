using System.Diagnostics;
using Grpc.Core;
using HdrHistogram;

namespace Coordi.Core.LoadTest;

/// <summary>
/// Closed-loop load: each client sends its next call as soon as the previous one answered. The run is one
/// continuous stretch; calls that complete inside the measured window (after the warm-up) are counted, so
/// the clients never pause between warm-up and measurement.
/// </summary>
public static class ClosedLoop
{
    /// <summary>Latencies are recorded in microseconds, up to a minute, to three significant digits.</summary>
    private const long HighestMicroseconds = 60_000_000;

    public static async Task<RunResult> RunAsync(
        string rpc, int clients, Func<int, Func<Task>> clientFactory, TimeSpan warmup, TimeSpan measure, CancellationToken stop)
    {
        var calls = Enumerable.Range(0, clients).Select(clientFactory).ToArray();
        var from = Stopwatch.GetTimestamp() + Ticks(warmup);
        var to = from + Ticks(measure);
        var cost = ProcessCostAsync(from, to, stop);
        var tallies = await Task.WhenAll(calls.Select(call => Task.Run(() => ClientAsync(call, from, to, stop))));

        var latency = new LongHistogram(HighestMicroseconds, 3);
        var errors = new Dictionary<StatusCode, long>();
        string? firstError = null;
        foreach (var tally in tallies)
        {
            latency.Add(tally.Latency);
            foreach (var (code, count) in tally.Errors)
            {
                errors[code] = errors.GetValueOrDefault(code) + count;
            }

            firstError ??= tally.FirstError;
        }

        return new RunResult(rpc, clients, measure, latency, errors, firstError, await cost);
    }

    /// <summary>
    /// CPU and heap allocation of this process in the measured window. Unlike throughput they barely move
    /// when other programs compete for the cores, so they compare builds fairly on a busy machine.
    /// </summary>
    private static async Task<ProcessCost> ProcessCostAsync(long from, long to, CancellationToken stop)
    {
        try
        {
            await Task.Delay(Until(from), stop);
            var cpu = Environment.CpuUsage.TotalTime;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            await Task.Delay(Until(to), stop);
            return new ProcessCost(Environment.CpuUsage.TotalTime - cpu, GC.GetTotalAllocatedBytes(precise: true) - allocated);
        }
        catch (OperationCanceledException)
        {
            return new ProcessCost(TimeSpan.Zero, 0);
        }
    }

    // Never negative: Task.Delay reads -1 ms as "forever".
    private static TimeSpan Until(long timestamp)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    private static async Task<Tally> ClientAsync(Func<Task> call, long from, long to, CancellationToken stop)
    {
        var tally = new Tally();
        while (true)
        {
            var begin = Stopwatch.GetTimestamp();
            if (begin >= to || stop.IsCancellationRequested)
            {
                return tally;
            }

            StatusCode? failure = null;
            try
            {
                await call();
            }
            catch (RpcException ex)
            {
                failure = ex.StatusCode;
                tally.FirstError ??= $"{ex.StatusCode}: {ex.Status.Detail}";
            }

            var end = Stopwatch.GetTimestamp();
            if (end < from || end >= to)
            {
                continue;
            }

            if (failure is { } code)
            {
                tally.Errors[code] = tally.Errors.GetValueOrDefault(code) + 1;
            }
            else
            {
                tally.Latency.RecordValue(Math.Min((end - begin) * 1_000_000 / Stopwatch.Frequency, HighestMicroseconds));
            }
        }
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private sealed class Tally
    {
        public LongHistogram Latency { get; } = new(HighestMicroseconds, 3);

        public Dictionary<StatusCode, long> Errors { get; } = [];

        public string? FirstError { get; set; }
    }
}

/// <summary>What one (RPC, concurrency) run measured. Latency is in microseconds.</summary>
public sealed record RunResult(
    string Rpc, int Clients, TimeSpan Measured, LongHistogram Latency, IReadOnlyDictionary<StatusCode, long> Errors, string? FirstError, ProcessCost Cost)
{
    public long Succeeded => Latency.TotalCount;

    public long Failed => Errors.Values.Sum();

    public double CallsPerSecond => Succeeded / Measured.TotalSeconds;

    public double Milliseconds(double percentile) => Latency.TotalCount == 0 ? double.NaN : Latency.GetValueAtPercentile(percentile) / 1000.0;

    /// <summary>CPU microseconds this process spent per call: client and, in process, server too (PostgreSQL excluded).</summary>
    public double CpuMicrosecondsPerCall => Succeeded + Failed == 0 ? double.NaN : Cost.Cpu.TotalMicroseconds / (Succeeded + Failed);

    /// <summary>Heap kilobytes this process allocated per call, on the same terms.</summary>
    public double AllocatedKilobytesPerCall => Succeeded + Failed == 0 ? double.NaN : Cost.AllocatedBytes / 1024.0 / (Succeeded + Failed);

    public double MaxMilliseconds => Latency.TotalCount == 0 ? double.NaN : Latency.GetMaxValue() / 1000.0;
}

/// <summary>What the process spent in a measured window.</summary>
public readonly record struct ProcessCost(TimeSpan Cpu, long AllocatedBytes);
