using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Coordi.Core.LoadTest;

/// <summary>The results as markdown: the table, and what a reader needs to judge the figures.</summary>
public static class Report
{
    public static string Table(IEnumerable<RunResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| RPC | Clients | Calls/s | p50 ms | p99 ms | max ms | Errors | CPU µs/call | KB alloc/call |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            var errors = r.Failed == 0 ? "0" : $"{r.Failed} ({string.Join(", ", r.Errors.Select(e => $"{e.Key} {e.Value}"))})";
            sb.AppendLine(Invariant($"| {r.Rpc} | {r.Clients} | {r.CallsPerSecond:F0} | {r.Milliseconds(50):F2} | {r.Milliseconds(99):F2} | {r.MaxMilliseconds:F1} | {errors} | {r.CpuMicrosecondsPerCall:F0} | {r.AllocatedKilobytesPerCall:F1} |"));
        }

        return sb.ToString();
    }

    public static string Document(LoadOptions options, LoadTarget target, string seeded, IReadOnlyList<RunResult> results, string loadBefore, string loadAfter)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Core load test");
        sb.AppendLine();
        sb.AppendLine(Invariant($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC with `bench/Coordi.Core.LoadTest` (see `bench/README.md`)."));
        sb.AppendLine();
        sb.AppendLine($"- Target: {target.Description}");
        sb.AppendLine($"- Machine: {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
        sb.AppendLine($"- Load average (1, 5, 15 min) before: {loadBefore}; after: {loadAfter}");
        sb.AppendLine(Invariant($"- Closed loop, {options.Warmup.TotalSeconds:F0} s warm-up then {options.Measure.TotalSeconds:F0} s measured per row; clients share {options.Channels} gRPC channel(s)"));
        sb.AppendLine($"- Data: {seeded}");
        sb.AppendLine("- CPU µs/call and KB alloc/call: CPU time and heap allocation of the load test's own process in the measured window, per call; "
            + "with the core in process that is client and server together (PostgreSQL not included). Allocation does not depend on what else runs on the machine; CPU time depends on it less than calls/s do.");
        sb.AppendLine();
        sb.Append(Table(results));
        return sb.ToString();
    }

    /// <summary>The 1, 5 and 15 minute load averages, where the system reports them.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
        catch (UnauthorizedAccessException)
        {
            return "n/a";
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
