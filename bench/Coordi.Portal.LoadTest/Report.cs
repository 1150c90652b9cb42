using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Coordi.Portal.LoadTest;

/// <summary>The results as markdown: the table, and what a reader needs to judge the figures.</summary>
public static class Report
{
    public const double TargetP95Ms = 100;

    public static string Table(IEnumerable<PageResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| Page | URL | Clients | Req/s | p50 ms | p95 ms | p99 ms | Server p50 ms | Server p95 ms | Server p99 ms | Errors |");
        sb.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            var errors = r.Failed == 0 ? "0" : $"{r.Failed} ({r.FirstError})";
            sb.AppendLine(Invariant($"| {r.Page.Name} | `{Shorten(r.Page.Url)}` | {r.Clients} | {r.RequestsPerSecond:F1} | {P(r.ClientMs, 50):F1} | {P(r.ClientMs, 95):F1} | {P(r.ClientMs, 99):F1} | {P(r.ServerMs, 50):F1} | {P(r.ServerMs, 95):F1} | {P(r.ServerMs, 99):F1} | {errors} |"));
        }

        return sb.ToString();
    }

    public static string Document(LoadOptions options, string command, string seeded, IReadOnlyList<PageResult> results, string loadBefore, string loadAfter)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Portal load test");
        sb.AppendLine();
        sb.AppendLine(Invariant($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC with `bench/Coordi.Portal.LoadTest` (see `bench/README.md`): `{command}`"));
        sb.AppendLine();
        sb.AppendLine("- Stack: the real portal (Release, Production environment) and the real core, each on its own Kestrel port in this process, on a throw-away PostgreSQL cluster; the owner's session signed in through the portal's sign-up form");
        sb.AppendLine($"- Machine: {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
        sb.AppendLine($"- Load average (1, 5, 15 min) before: {loadBefore}; after: {loadAfter}");
        sb.AppendLine(Invariant($"- Closed loop: {string.Join(" and ", options.Clients)} concurrent clients (one signed-in session), two rounds of {options.Warmup} unmeasured requests per page, then {options.Requests} measured requests per page and concurrency"));
        sb.AppendLine($"- Data: {seeded}");
        sb.AppendLine("- p50/p95/p99: latency the client saw (loopback HTTP/1.1, whole page read). Server: the portal's own time per request, measured by the first middleware (includes its gRPC calls to the core and the core's SQL).");
        sb.AppendLine(Invariant($"- Aim: server p95 under {TargetP95Ms:F0} ms for every page."));
        sb.AppendLine();
        sb.Append(Table(results));
        sb.AppendLine();
        foreach (var page in results.Select(r => r.Page).Distinct())
        {
            sb.AppendLine($"- **{page.Name}**: {page.What}");
        }

        return sb.ToString();
    }

    public static double P(double[] sorted, double p) => PageResult.Percentile(sorted, p);

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

    private static string Shorten(string url) => url.Length <= 60 ? url : url[..40] + "…" + url[^12..];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
