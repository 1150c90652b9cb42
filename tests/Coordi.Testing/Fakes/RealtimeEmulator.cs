using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Coordi.Testing.Fakes;

/// <summary>
/// The OpenAI Realtime API's WebSocket endpoint (/v1/realtime) on a loopback port. It checks the bearer key and
/// the model like the real service, then runs a <see cref="RealtimeSession"/> per connection, playing the
/// <see cref="RealtimeScript"/> whose marker appears in the session's instructions.
/// </summary>
public sealed class RealtimeEmulator : IAsyncDisposable
{
    private readonly string _apiKey;
    private readonly string _model;
    private readonly List<RealtimeScript> _scripts = [];
    private readonly List<RealtimeSession> _sessions = [];
    private WebApplication? _app;
    private int _refused;

    private RealtimeEmulator(string apiKey, string model)
    {
        _apiKey = apiKey;
        _model = model;
    }

    /// <summary>The endpoint, ws://127.0.0.1:port/v1/realtime (clients append ?model=).</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Connections refused for a wrong key or model.</summary>
    public int Refused => _refused;

    public IReadOnlyList<RealtimeSession> Sessions
    {
        get
        {
            lock (_sessions)
            {
                return [.. _sessions];
            }
        }
    }

    public static async Task<RealtimeEmulator> StartAsync(string apiKey, string model)
    {
        var emulator = new RealtimeEmulator(apiKey, model);
        var (app, address) = await LoopbackApp.StartAsync(app =>
        {
            app.UseWebSockets();
            app.Map("/v1/realtime", emulator.HandleAsync);
        });
        emulator._app = app;
        emulator.Url = new UriBuilder(address) { Scheme = "ws", Path = "/v1/realtime" }.Uri;
        return emulator;
    }

    /// <summary>Registers the script for the next session whose instructions contain <paramref name="marker"/>.</summary>
    public RealtimeScript Expect(string marker)
    {
        var script = new RealtimeScript(marker);
        lock (_scripts)
        {
            _scripts.Add(script);
        }

        return script;
    }

    /// <summary>Sessions whose instructions contain <paramref name="marker"/>.</summary>
    public IReadOnlyList<RealtimeSession> SessionsFor(string marker) =>
        Sessions.Where(s => s.Instructions?.Contains(marker, StringComparison.Ordinal) == true).ToList();

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        if (context.Request.Headers.Authorization != $"Bearer {_apiKey}")
        {
            Interlocked.Increment(ref _refused);
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, "invalid_api_key", "Incorrect API key provided.");
            return;
        }

        if (context.Request.Query["model"] != _model)
        {
            Interlocked.Increment(ref _refused);
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "model_not_found", $"The model '{context.Request.Query["model"]}' does not exist.");
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var session = new RealtimeSession(socket, context, _model, Bind);
        lock (_sessions)
        {
            _sessions.Add(session);
        }

        await session.RunAsync();
    }

    private RealtimeScript? Bind(RealtimeSession session, string instructions)
    {
        lock (_scripts)
        {
            var script = _scripts.FirstOrDefault(s => !s.IsBound && s.Marker.Length > 0 && instructions.Contains(s.Marker, StringComparison.Ordinal));
            return script is not null && script.Bind(session) ? script : null;
        }
    }

    private static Task RefuseAsync(HttpContext context, int status, string code, string message) =>
        Results.Json(new { error = new { type = "invalid_request_error", code, message } }, statusCode: status).ExecuteAsync(context);
}
