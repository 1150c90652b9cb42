using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Coordi.Portal.LoadTest;

/// <summary>
/// The portal's own time per request, from the first middleware seeing the request to the page having been
/// written: what the owner waits for, without the client's side of the loopback connection.
/// </summary>
public sealed class ServerTimings
{
    private ConcurrentQueue<long> _ticks = new();

    /// <summary>Starts a new window and returns the timings of the one that ends.</summary>
    public IReadOnlyCollection<long> Swap() => Interlocked.Exchange(ref _ticks, new ConcurrentQueue<long>());

    public void UseIn(WebApplication app) => app.Use(async (HttpContext context, RequestDelegate next) =>
    {
        var started = Stopwatch.GetTimestamp();
        await next(context);
        _ticks.Enqueue(Stopwatch.GetTimestamp() - started);
    });
}
