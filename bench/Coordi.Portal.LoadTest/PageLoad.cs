using System.Diagnostics;
using System.Net;

namespace Coordi.Portal.LoadTest;

/// <summary>A page as the owner opens it, by name.</summary>
public sealed record PageTarget(string Name, string Url, string What);

/// <summary>The figures of one page: client-observed and server-side latency, throughput and failures.</summary>
public sealed record PageResult(PageTarget Page, int Clients, int Succeeded, int Failed, string? FirstError, TimeSpan Elapsed, double[] ClientMs, double[] ServerMs)
{
    public double RequestsPerSecond => Succeeded / Elapsed.TotalSeconds;

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <summary>
/// Closed loop: <c>clients</c> concurrent owners' tabs share the requests, each sending its next GET as soon as the
/// previous page has been read in full.
/// </summary>
public static class PageLoad
{
    public static async Task<PageResult> RunAsync(PortalSession session, ServerTimings timings, PageTarget page, int requests, int clients, CancellationToken cancellationToken)
    {
        var clientTicks = new long[requests];
        var succeeded = new bool[requests];
        var next = -1;
        string? firstError = null;
        timings.Swap();
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests && !cancellationToken.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await session.Http.GetAsync(page.Url, HttpCompletionOption.ResponseContentRead, cancellationToken);
                    clientTicks[i] = Stopwatch.GetTimestamp() - started;
                    succeeded[i] = response.StatusCode == HttpStatusCode.OK;
                    if (!succeeded[i])
                    {
                        Interlocked.CompareExchange(ref firstError, $"{(int)response.StatusCode} {response.Headers.Location}", null);
                    }
                }
                catch (HttpRequestException ex)
                {
                    Interlocked.CompareExchange(ref firstError, ex.Message, null);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
            }
        }, CancellationToken.None)));
        wall.Stop();

        var serverTicks = timings.Swap();
        var ok = Enumerable.Range(0, requests).Where(i => succeeded[i]).ToArray();
        return new PageResult(page, clients, ok.Length, requests - ok.Length, firstError, wall.Elapsed,
            Sorted(ok.Select(i => clientTicks[i])), Sorted(serverTicks));
    }

    private static double[] Sorted(IEnumerable<long> ticks)
    {
        var ms = ticks.Select(t => t * 1000.0 / Stopwatch.Frequency).ToArray();
        Array.Sort(ms);
        return ms;
    }
}
