using System.Net.WebSockets;
using Coordi.Voice.Calls;
using Grpc.Core;

namespace Coordi.Voice.Media;

/// <summary>
/// Accepts Twilio's Media Stream WebSocket, checks that it belongs to a call we answered (the parameters and
/// token of the TwiML we issued), and runs the call's session until either side ends it. The instance that
/// answered the call need not be this one (ADR 015): the stream's parameters name the call, and the tenant's
/// agent config comes from the cache or the core.
/// </summary>
public sealed class TwilioMediaStreamHandler(
    LiveCallRegistry registry,
    StreamToken tokens,
    AgentConfigCache configs,
    CallHandoffs handoffs,
    CallSessionFactory sessions,
    ILogger<TwilioMediaStreamHandler> logger)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The caller hears silence while a cold config is fetched; the core answers in milliseconds when up.</summary>
    private static readonly TimeSpan ConfigTimeout = TimeSpan.FromSeconds(3);

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
            // <Connect action>: here it gives the caller the busy message, on another instance a voicemail, as
            // no hand-off was recorded (ADR 015). The ingress stops sending here once readiness fails.
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

        var claims = Authorize(start);
        if (claims is null)
        {
            logger.LogWarning("Refused a media stream for call sid {CallSid}: unknown call or bad token", start.CallSid);
            await connection.CloseAsync("unknown call");
            return;
        }

        // Every line from here on, the config lookup's included, names the call.
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["TenantId"] = claims.TenantId, ["CallId"] = claims.CallId });
        var call = await FindOrBuildAsync(claims, context.RequestAborted);
        if (call is null || !registry.TryAttachStream(call))
        {
            logger.LogWarning("Refused a media stream for call {CallId} of tenant {TenantId}: {Reason}",
                claims.CallId, claims.TenantId, call is null ? "no agent config" : "a stream of this call is already live here");
            await connection.CloseAsync("call unavailable");
            return;
        }

        connection.Started(start.StreamSid);
        connection.BeforeServerClose = () => handoffs.RecordAsync(call);
        call.Session = sessions.Create(call, connection);
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
        catch (WebSocketException ex)
        {
            // The peer dropped the connection before the call began: nothing to wrap up, and not our fault.
            logger.LogWarning("A media stream closed before its start event: {Reason}", ex.WebSocketErrorCode);
            return null;
        }
    }

    /// <summary>What the stream's parameters claim, when its token vouches for all of it and the audio is what we speak.</summary>
    private StreamClaims? Authorize(TwilioStreamStart start)
    {
        var p = start.CustomParameters;
        if (!p.TryGetValue(StreamParameters.CallId, out var callId) || !p.TryGetValue(StreamParameters.TenantId, out var tenantId)
            || !p.TryGetValue(StreamParameters.From, out var from) || !p.TryGetValue(StreamParameters.To, out var to)
            || !p.TryGetValue(StreamParameters.Token, out var token))
        {
            return null;
        }

        var claims = new StreamClaims(callId, tenantId, start.CallSid, from, to);
        return tokens.IsValid(claims, token) && start.Encoding == "audio/x-mulaw" && start.SampleRate == 8000 ? claims : null;
    }

    /// <summary>The call as this instance knows it when it answered the call, or else built from the stream's claims.</summary>
    private async Task<LiveCall?> FindOrBuildAsync(StreamClaims claims, CancellationToken cancellationToken)
    {
        if (registry.Find(claims.CallId) is { } known)
        {
            // The token already ties the id to this tenant and CallSid; a mismatch here means another call object.
            return known.TenantId == claims.TenantId && known.CallSid == claims.CallSid ? known : null;
        }

        try
        {
            var config = await configs.GetAsync(claims.TenantId, ConfigTimeout, cancellationToken);
            return new LiveCall(claims.CallId, claims.TenantId, claims.CallSid, claims.From, claims.To, config);
        }
        catch (RpcException ex)
        {
            logger.LogError("No agent config for call {CallId} of tenant {TenantId} ({Status})", claims.CallId, claims.TenantId, ex.StatusCode);
            return null;
        }
    }
}
