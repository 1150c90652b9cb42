using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Coordi.Events.LoadTest;

/// <summary>The run as markdown: the figures, and what a reader needs to judge them.</summary>
public static class Report
{
    public static string Document(RunSummary run)
    {
        var o = run.Options;
        var sb = new StringBuilder();
        sb.AppendLine("# Event fan-out load test");
        sb.AppendLine();
        sb.AppendLine(Invariant($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC with `bench/Coordi.Events.LoadTest` (see `bench/README.md`):"));
        sb.AppendLine();
        sb.AppendLine(Invariant($"    {run.CommandLine}"));
        sb.AppendLine();
        sb.AppendLine("- Target: in-process core (Release) on a throw-away PostgreSQL cluster; writers, stream subscribers and webhook receivers in the same process");
        sb.AppendLine($"- Machine: {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
        sb.AppendLine($"- Load average (1, 5, 15 min) before the window: {run.LoadBefore}; after the drain: {run.LoadAfter}");
        sb.AppendLine(Invariant($"- {o.Organizations} organizations, each with 1 stream subscriber (read-only partner key) and 1 webhook endpoint (all event types) on a local Kestrel receiver: {o.Organizations} streams, {o.Organizations} endpoints"));
        sb.AppendLine(Invariant($"- Target write rate {o.Rate} events/s in total ({(double)o.Rate / o.Organizations:0.##}/s per organization), warm-up of up to {o.Warmup.TotalSeconds:F0} s until tiered compilation settled (drained, not reported), then {o.Measure.TotalSeconds:F0} s measured; drain limit {o.Drain.TotalSeconds:F0} s"));
        sb.AppendLine("- Writes: the story of calls, several at once per organization: StartCall, CreateLead (of the call), UpdateLead (notes, status), CompleteCall, each after the previous one's answer; one event each (call.started, lead.created, lead.updated, call.completed), sent with the voice edge's service credential");
        var shipped = new Coordi.Core.Webhooks.WebhookOptions();
        sb.AppendLine(Invariant($"- Webhook worker as shipped (batch {shipped.BatchSize}, {shipped.MaxConcurrentDeliveries} concurrent deliveries, 1 s poll, 10 s timeout, first retry after 30 s), except that plain-HTTP loopback receivers are allowed"));
        sb.AppendLine(Invariant($"- Runtime: DOTNET_TieredCompilation={Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") ?? "(default)"}, DOTNET_ReadyToRun={Environment.GetEnvironmentVariable("DOTNET_ReadyToRun") ?? "(default)"}, DOTNET_TieredPGO={Environment.GetEnvironmentVariable("DOTNET_TieredPGO") ?? "(default)"}"));
        sb.AppendLine(Invariant($"- Process CPU (core, load generator, receivers; PostgreSQL not included) from the window's start to the end of the drain: {run.CpuPercentOfMachine:F0}% of the machine, {run.CpuMicrosecondsPerEvent:F0} µs per event written"));
        sb.AppendLine();

        var w = run.Writes;
        sb.AppendLine("## Writes");
        sb.AppendLine();
        sb.AppendLine("Open loop: writes go out on schedule, at most " + o.MaxInFlight.ToString(CultureInfo.InvariantCulture)
            + " awaiting their answer; achieved is successful writes per second from the window's start to its end or the last answer, whichever is later.");
        sb.AppendLine();
        sb.AppendLine("| Target/s | Achieved/s | Written | Failed | RPC p50 ms | RPC p99 ms | RPC max ms |");
        sb.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        sb.AppendLine(Invariant($"| {o.Rate} | {w.PerSecond:F0} | {w.Succeeded} | {w.Failed} | {w.Milliseconds(50):F1} | {w.Milliseconds(99):F1} | {w.Milliseconds(100):F1} |"));
        if (run.FirstWriteError is not null)
        {
            sb.AppendLine();
            sb.AppendLine($"First write error: `{run.FirstWriteError}`");
        }

        sb.AppendLine();
        sb.AppendLine("## Delivery");
        sb.AppendLine();
        sb.AppendLine("Latency p50 to max is from the write's answer reaching the writer (the change is committed by then) to the event's first arrival; "
            + "an event that arrived before its answer counts as 0 (\"Before answer\"). \"From send\" is from sending the write, so it includes the write's own time: "
            + "the commit lies between the two. \"In window /s\": events first arriving during the write window, per second of it; \"Overall /s\": all of them, "
            + "per second from the window's start to the last arrival; \"Drain s\": from the end of the window to the last arrival.");
        sb.AppendLine();
        sb.AppendLine("| Path | Delivered | Missing | Duplicates | p50 ms | p95 ms | p99 ms | max ms | From send p50 / p99 ms | In window /s | Overall /s | Drain s | Before answer |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var p in new[] { run.Stream, run.Webhook })
        {
            var name = p.Path == DeliveryPath.Stream ? "Event stream" : "Webhook";
            sb.AppendLine(Invariant($"| {name} | {p.Arrived} | {p.Missing} | {p.Duplicates} | {p.Milliseconds(50):F1} | {p.Milliseconds(95):F1} | {p.Milliseconds(99):F1} | {p.MaxMilliseconds:F1} | {p.FromSendMilliseconds(50):F1} / {p.FromSendMilliseconds(99):F1} | {p.InWindowPerSecond:F0} | {p.OverallPerSecond:F0} | {p.Drain.TotalSeconds:F1} | {p.BeforeAnswer} |"));
        }

        sb.AppendLine();
        sb.AppendLine("Checks:");
        sb.AppendLine();
        sb.AppendLine(Invariant($"- Event streams: {run.StreamCursorBreaks} cursor breaks (an event whose cursor was not the previous one + 1), {run.StreamUnmatched} events not written by this run or of another organization, {run.StreamReconnects} reconnects{(run.FirstStreamError is null ? "" : $" (first: `{run.FirstStreamError}`)")}"));
        sb.AppendLine(Invariant($"- Webhook receivers: {run.WebhookRequests} requests, {run.BadSignatures} failed the signature check, {run.WebhookUnmatched} correctly signed but not matching a write of this run"));
        sb.AppendLine(Invariant($"- Core's delivery log at the end (warm-up included): {run.DeliveryLog.Succeeded} succeeded, {run.DeliveryLog.Pending} pending, {run.DeliveryLog.Failed} failed, {run.DeliveryLog.Retries} attempts beyond the first"));
        sb.AppendLine();
        sb.AppendLine("## Timeline");
        sb.AppendLine();
        sb.AppendLine("Writes answered and first arrivals per slice, from the start of the measured window.");
        sb.AppendLine();
        sb.AppendLine("| Seconds | Writes/s | Stream/s | Webhook/s |");
        sb.AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var row in run.Timeline)
        {
            var seconds = row.ToSeconds - row.FromSeconds;
            sb.AppendLine(Invariant($"| {row.FromSeconds:0}-{row.ToSeconds:0} | {row.Writes / seconds:F0} | {row.Stream / seconds:F0} | {row.Webhook / seconds:F0} |"));
        }

        return sb.ToString();
    }

    /// <summary>The 1, 5 and 15 minute load averages, where the system reports them.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "n/a";
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

public sealed record RunSummary(
    LoadOptions Options,
    string CommandLine,
    string LoadBefore,
    string LoadAfter,
    WriteResult Writes,
    string? FirstWriteError,
    PathResult Stream,
    PathResult Webhook,
    long StreamCursorBreaks,
    long StreamUnmatched,
    long StreamReconnects,
    string? FirstStreamError,
    long WebhookRequests,
    long BadSignatures,
    long WebhookUnmatched,
    DeliveryLog DeliveryLog,
    double CpuPercentOfMachine,
    double CpuMicrosecondsPerEvent,
    IReadOnlyList<TimelineRow> Timeline);
