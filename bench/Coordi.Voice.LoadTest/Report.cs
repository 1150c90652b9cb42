using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Coordi.Voice.LoadTest;

/// <summary>The markdown report of a run.</summary>
public static class Report
{
    public const double AddedLatencyBudgetMs = 5;

    public static string Document(LoadOptions options, IReadOnlyList<RoundResult> rounds)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Voice edge under load");
        sb.AppendLine();
        sb.AppendLine($"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine($"- Machine: {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, server GC");
        sb.AppendLine($"- Each call: caller audio every 20 ms; the caller speaks {options.SpeakMs} ms whenever the agent has finished, "
            + $"the emulated model answers each turn with {options.ReplyMs} ms of audio (sent as fast as the real model does, played by the caller in real time)");
        sb.AppendLine($"- Per row: calls dialled over {options.Businesses} businesses in parallel, {options.Warmup} s of conversation before the window, {options.Seconds} s measured");
        sb.AppendLine("- In one process: the voice edge, the core, the Twilio caller emulator and the Realtime emulator (PostgreSQL runs apart). "
            + "The CPU and memory columns include the emulators: they are an upper bound for the edge alone.");
        sb.AppendLine();
        sb.AppendLine("| Calls | Live | Frames/s (expected) | Added p50 ms | Added p99 ms | Added max ms | Response p50 ms | Response p99 ms | Turns | CPU % of machine | CPU % of a core per call | Heap KB/call | Working set KB/call | Load avg before → after |");
        sb.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var r in rounds)
        {
            sb.AppendLine(Invariant($"| {r.Calls} | {r.Connected - r.Dropped} | {r.FramesPerSecond:F0} ({r.ExpectedFramesPerSecond:F0}) | ")
                + Invariant($"{RoundResult.Ms(r.AddedLatency, 50):F3} | {RoundResult.Ms(r.AddedLatency, 99):F3} | {RoundResult.MaxMs(r.AddedLatency):F1} | ")
                + Invariant($"{RoundResult.Ms(r.ResponseLatency, 50):F1} | {RoundResult.Ms(r.ResponseLatency, 99):F1} | {r.ResponseLatency.TotalCount} | ")
                + Invariant($"{r.CpuPercentOfMachine:F0} | {r.CpuPercentOfCorePerCall:F2} | {r.HeapKbPerCall:F0} | {r.WorkingSetKbPerCall:F0} | {r.LoadBefore} → {r.LoadAfter} |"));
        }

        sb.AppendLine();
        var within = rounds.Where(r => r.Connected == r.Calls && r.Dropped == 0 && RoundResult.Ms(r.AddedLatency, 99) < AddedLatencyBudgetMs).Select(r => r.Calls).ToList();
        sb.AppendLine(within.Count > 0
            ? Invariant($"Largest N with every call connected and p99 added latency under {AddedLatencyBudgetMs} ms: **{within.Max()}**.")
            : Invariant($"No N measured kept p99 added latency under {AddedLatencyBudgetMs} ms with every call connected."));
        foreach (var r in rounds.Where(r => r.Failed > 0 || r.Dropped > 0))
        {
            sb.AppendLine();
            sb.AppendLine($"- {r.Calls} calls: {r.Failed} failed to connect, {r.Dropped} dropped by the edge{(r.FirstError is null ? "" : $" (first error: {r.FirstError})")}.");
        }

        return sb.ToString();
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
