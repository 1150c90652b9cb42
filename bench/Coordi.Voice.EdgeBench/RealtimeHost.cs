using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Coordi.Voice.EdgeBench;

/// <summary>
/// A lean stand-in for the OpenAI Realtime service, on its own Kestrel port: it speaks the GA protocol the edge
/// uses (session, greeting on response.create, server VAD turns, transcripts, audio deltas every 100 ms of audio),
/// with hand-written JSON so the emulator itself stays cheap at hundreds of sessions (see
/// <see cref="BenchRealtimeSession"/>). Sessions report to the current row's <see cref="BenchStats"/>.
/// </summary>
public sealed class RealtimeHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private BenchStats _stats = new();

    private RealtimeHost(WebApplication app, int port)
    {
        _app = app;
        Url = new Uri($"ws://127.0.0.1:{port}/v1/realtime");
    }

    public Uri Url { get; }

    /// <summary>Milliseconds of audio in each reply.</summary>
    public static int ReplyMs { get; set; } = 4000;

    public void Use(BenchStats stats) => Volatile.Write(ref _stats, stats);

    public static async Task<RealtimeHost> StartAsync()
    {
        var port = PostgresCluster.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var host = new RealtimeHost(app, port);
        app.UseWebSockets();
        app.Map("/v1/realtime", async (HttpContext context) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = 400;
                return;
            }

            var stats = Volatile.Read(ref host._stats);
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            Interlocked.Increment(ref stats.RealtimeSessions);
            await new BenchRealtimeSession(socket, stats).RunAsync(context.RequestAborted);
        });
        await app.StartAsync();
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
