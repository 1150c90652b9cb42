using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Coordi.Voice.EdgeBench;

/// <summary>The results file: issue 14's table (each edge side by side) and every row's raw figures.</summary>
public static class Report
{
    public static string Markdown(IReadOnlyList<RowResult> rows, BenchOptions options, string command, IReadOnlyList<EdgeBuild> edges)
    {
        var edgesNames = rows.Select(r => r.Edge).Distinct().ToList();
        var text = new StringBuilder();
        text.AppendLine("# Voice edge, out of process");
        text.AppendLine();
        text.AppendLine($"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine($"- Machine: {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        text.AppendLine($"- The published edge (Release, Production settings) runs alone on CPU {Row.EdgeCpu} (`taskset -c {Row.EdgeCpu}`), a fresh process per row; PostgreSQL, the published core, the S3 server and the bench (the Twilio caller and Realtime emulators) run on CPU {BenchSetup.BenchCpu}.");
        text.AppendLine($"- Each call: a stamped caller frame every 20 ms; the caller speaks {options.SpeakMs} ms once the agent has finished and {600} ms have passed; the emulated model answers each turn (and the greeting) with {options.ReplyMs} ms of audio in 100 ms deltas, paced in real time. {options.Warmup} s of conversation before a {options.Seconds} s window.");
        foreach (var edge in edges)
        {
            var runtime = edge.RuntimeEnvironment.Count == 0 ? "none" : string.Join(", ", edge.RuntimeEnvironment.Select(p => $"{p.Key}={p.Value}"));
            text.AppendLine($"- Edge `{edge.Label}`: runtime environment from its Dockerfile: {runtime}");
        }

        text.AppendLine($"- Command: `{command}`");
        text.AppendLine();
        text.AppendLine("## Issue 14's figures");
        text.AppendLine();
        text.Append("| figure |");
        foreach (var calls in options.Calls)
        {
            foreach (var edge in edgesNames)
            {
                text.Append($" {edge}, {calls} calls |");
            }
        }

        text.AppendLine();
        text.Append("|---|");
        text.AppendLine(string.Concat(Enumerable.Repeat("---:|", options.Calls.Count * edgesNames.Count)));
        Line(text, rows, options, edgesNames, "CPU s per call-minute (edge alone)", r => F(r.CpuPerCallMinute, 4));
        Line(text, rows, options, edgesNames, "edge CPU, % of its core", r => F(r.CpuPercentOfCore, 1));
        Line(text, rows, options, edgesNames, "memory per live call, (peak RSS - idle) / N, KB", r => F(r.KbPerCall, 0));
        Line(text, rows, options, edgesNames, "idle RSS → peak RSS, MB", r => $"{r.IdleRssKb / 1024.0:F0} → {r.PeakRssKb / 1024.0:F0}");
        Line(text, rows, options, edgesNames, "peak threads", r => r.PeakThreads.ToString(CultureInfo.InvariantCulture));
        Line(text, rows, options, edgesNames, "agent audio added delay p50 / p99 / max, ms", r => $"{F(r.AddedOutP50, 2)} / {F(r.AddedOutP99, 2)} / {F(r.AddedOutMax, 0)}");
        Line(text, rows, options, edgesNames, "caller audio added delay p50 / p99, ms", r => $"{F(r.AddedInP50, 2)} / {F(r.AddedInP99, 2)}");
        Line(text, rows, options, edgesNames, "caller frames reaching the model, per call per s (50 expected)", r => F(r.FramesIn / (double)Math.Max(1, r.Streaming) / r.WindowSeconds, 1));
        Line(text, rows, options, edgesNames, "voice webhook answer p50 / p99, ms", r => $"{F(r.WebhookP50, 1)} / {F(r.WebhookP99, 1)}");
        Line(text, rows, options, edgesNames, "media stream attach (WebSocket connect) p50 / p99, ms", r => $"{F(r.AttachP50, 1)} / {F(r.AttachP99, 1)}");
        Line(text, rows, options, edgesNames, "start frame to greeting audio p50, ms", r => F(r.GreetingP50, 0));
        Line(text, rows, options, edgesNames, "calls answered / streaming at the end / Realtime sessions", r => $"{r.Answered} / {r.Streaming} / {r.RealtimeSessions}");
        Line(text, rows, options, edgesNames, "turns replied / turns without a reply (in the window)", r => $"{r.TurnsReplied} / {r.TurnsWithoutReply}");
        Line(text, rows, options, edgesNames, "load average before → after the window", r => $"{r.LoadBefore} → {r.LoadAfter}");
        text.AppendLine();
        var errors = rows.Where(r => r.FirstError is not null).ToList();
        if (errors.Count > 0)
        {
            text.AppendLine("Errors:");
            foreach (var row in errors)
            {
                text.AppendLine($"- {row.Edge}, {row.Calls} calls: {row.FirstError}");
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    private static void Line(StringBuilder text, IReadOnlyList<RowResult> rows, BenchOptions options, List<string> edges, string figure, Func<RowResult, string> value)
    {
        text.Append($"| {figure} |");
        foreach (var calls in options.Calls)
        {
            foreach (var edge in edges)
            {
                var row = rows.FirstOrDefault(r => r.Calls == calls && r.Edge == edge);
                text.Append($" {(row is null ? "" : value(row))} |");
            }
        }

        text.AppendLine();
    }

    private static string F(double value, int decimals) => double.IsNaN(value) ? "-" : value.ToString("F" + decimals, CultureInfo.InvariantCulture);
}
