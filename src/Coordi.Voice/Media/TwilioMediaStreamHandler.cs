using Coordi.Voice.Calls;

namespace Coordi.Voice.Media;

/// <summary>
/// Accepts Twilio's Media Stream WebSocket, checks that it belongs to a call we answered (call id, tenant and
/// token from the TwiML we issued), and runs the call's session until either side ends it.
/// </summary>
public sealed class TwilioMediaStreamHandler(
    LiveCallRegistry registry,
    StreamToken tokens,
    CallSessionFactory sessions,
    ILogger<TwilioMediaStreamHandler> logger)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("This endpoint accepts Twilio Media Stream WebSocket connections only.");
            return;
        }

        if (registry.IsDraining)
        {
            // Shutting down: a stream that was not live yet would only be cut off. Twilio then asks the
            // <Connect action>, which gives the caller the busy message.
            logger.LogInformation("Refused a media stream: this instance is shutting down");
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var connection = new TwilioMediaConnection(socket);
        var start = await WaitForStartAsync(connection);
        if (start is null)
        {
            await connection.CloseAsync("no valid start event");
            return;
        }

        var call = Authorize(start);
        if (call is null)
        {
            logger.LogWarning("Refused a media stream for call sid {CallSid}: unknown call or bad token", start.CallSid);
            await connection.CloseAsync("unknown call");
            return;
        }

        connection.Started(start.StreamSid);
        call.Session = sessions.Create(call, connection);
        call.StreamAttached = true;
        try
        {
            await call.Session.RunAsync();
        }
        finally
        {
            registry.StreamEnded(call.CallId);
        }
    }

    private async Task<TwilioStreamStart?> WaitForStartAsync(TwilioMediaConnection connection)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            while (true)
            {
                var (result, frame) = await connection.ReceiveAsync(timeout.Token);
                if (result == ReceiveResult.Closed)
                {
                    return null;
                }

                if (result != ReceiveResult.Frame || !TwilioFrameParser.TryParse(frame.Span, out var f, out var error))
                {
                    logger.LogWarning("Skipped a frame before the stream started: {Reason}", result == ReceiveResult.Frame ? "malformed" : result.ToString());
                    continue;
                }

                if (f.Event == TwilioEventType.Start)
                {
                    return f.Start;
                }
            }
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("A media stream sent no start event within {Seconds} s", StartTimeout.TotalSeconds);
            return null;
        }
    }

    private LiveCall? Authorize(TwilioStreamStart start)
    {
        var p = start.CustomParameters;
        if (!p.TryGetValue("callId", out var callId) || !p.TryGetValue("tenantId", out var tenantId) || !p.TryGetValue("token", out var token))
        {
            return null;
        }

        var call = registry.Find(callId);
        return call is not null && call.TenantId == tenantId && call.CallSid == start.CallSid && !call.StreamAttached
            && tokens.IsValid(callId, tenantId, token)
            && start.Encoding == "audio/x-mulaw" && start.SampleRate == 8000
            ? call
            : null;
    }
}
