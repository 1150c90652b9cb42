using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Coordi.Voice.Calls;

/// <summary>
/// Calls on this instance: the ones it answered and the ones whose media stream it runs. It counts them, finds a
/// duplicate stream, enforces the concurrent-call cap when the core cannot be asked, and on shutdown stops
/// taking calls, lets live ones finish for the drain time, and then wraps up the rest (goodbye, hang-up,
/// everything reported to the core or the outbox).
/// </summary>
/// <remarks>
/// <para>
/// This is not where a call's state lives: the stream and every callback may reach another instance, which
/// works from the core (ADR 015). A call found here only saves that instance a round trip.
/// </para>
/// <para>
/// The drain runs in <see cref="StoppingAsync"/>, before any hosted service stops: the web server stops first
/// (it is registered last), and it must keep serving while calls drain, to answer new calls with the busy
/// message and to serve the live calls' streams and callbacks.
/// </para>
/// </remarks>
public sealed class LiveCallRegistry(IOptions<VoiceOptions> options, TimeProvider clock, ILogger<LiveCallRegistry> logger) : IHostedLifecycleService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>A call answered but whose stream never arrived stops counting after this.</summary>
    private static readonly TimeSpan StreamGrace = TimeSpan.FromSeconds(60);

    /// <summary>Ended calls stay findable this long for the webhooks that follow them.</summary>
    private static readonly TimeSpan Retention = TimeSpan.FromHours(2);

    private readonly ConcurrentDictionary<string, LiveCall> _calls = new(StringComparer.Ordinal);
    private readonly Lock _admission = new();
    private volatile bool _draining;

    public int LiveCount => _calls.Values.Count(IsLive);

    public bool IsDraining => _draining;

    /// <summary>Admits a call unless the tenant is at its cap or this instance is shutting down.</summary>
    public bool TryAdmit(LiveCall call, int cap)
    {
        if (_draining)
        {
            return false;
        }

        lock (_admission)
        {
            Sweep();
            if (_calls.ContainsKey(call.CallId))
            {
                return true; // Twilio retried the webhook: the call is already admitted
            }

            if (_calls.Values.Count(c => c.TenantId == call.TenantId && IsLive(c)) >= Math.Max(cap, 1))
            {
                return false;
            }

            _calls[call.CallId] = call;
            return true;
        }
    }

    /// <summary>
    /// Keeps a call that was not admitted (e.g. sent to voicemail) findable for the webhooks that follow it,
    /// without counting it against the cap.
    /// </summary>
    public void Remember(LiveCall call)
    {
        call.Ended = true;
        _calls.TryAdd(call.CallId, call);
    }

    public LiveCall? Find(string callId) => _calls.GetValueOrDefault(callId);

    /// <summary>
    /// Marks the call's stream as running on this instance (adding the call when another instance answered it).
    /// False when a stream of this call already runs here, or another call object holds its id.
    /// </summary>
    public bool TryAttachStream(LiveCall call)
    {
        lock (_admission)
        {
            if (_calls.TryGetValue(call.CallId, out var existing) && !ReferenceEquals(existing, call))
            {
                return false;
            }

            if (call.StreamAttached)
            {
                return false;
            }

            call.StreamAttached = true;
            _calls[call.CallId] = call;
            return true;
        }
    }

    public LiveCall? FindByCallSid(string callSid) => _calls.Values.FirstOrDefault(c => c.CallSid == callSid);

    /// <summary>The stream ended: the call no longer counts against the cap, but stays findable for a while.</summary>
    public void StreamEnded(string callId)
    {
        if (_calls.TryGetValue(callId, out var call))
        {
            call.Ended = true;
            call.StreamAttached = false;
        }
    }

    public void Release(string callId) => _calls.TryRemove(callId, out _);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        var live = LiveStreams().Count;
        if (live == 0)
        {
            return;
        }

        logger.LogInformation("Draining {Count} live calls before shutdown (up to {Seconds} s)", live, options.Value.DrainSeconds);
        await WaitForStreamsAsync(TimeSpan.FromSeconds(options.Value.DrainSeconds), cancellationToken);
        var remaining = LiveStreams();
        if (remaining.Count == 0)
        {
            return;
        }

        logger.LogWarning("Drain time over: wrapping up {Count} live calls", remaining.Count);
        await Task.WhenAll(remaining.Select(c => c.Session?.WrapUpAsync(WrapUpReason.Shutdown) ?? Task.CompletedTask));

        // Each goodbye is bounded by GoodbyeSeconds; the hang-up and the call's final report follow it.
        await WaitForStreamsAsync(TimeSpan.FromSeconds(options.Value.GoodbyeSeconds + 10), cancellationToken);
        var stuck = LiveStreams().Count;
        if (stuck > 0)
        {
            logger.LogError("{Count} calls were still live when shutdown went on", stuck);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _draining = true; // StoppingAsync has drained already
        return Task.CompletedTask;
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private List<LiveCall> LiveStreams() => _calls.Values.Where(c => c.StreamAttached).ToList();

    private async Task WaitForStreamsAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + limit;
        while (_calls.Values.Any(c => c.StreamAttached) && clock.GetUtcNow() < deadline && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(PollInterval, CancellationToken.None);
        }
    }

    private bool IsLive(LiveCall call) => !call.Ended && (call.StreamAttached || clock.GetUtcNow() - call.StartedAt < StreamGrace);

    private void Sweep()
    {
        var now = clock.GetUtcNow();
        foreach (var stale in _calls.Values.Where(c => now - c.StartedAt > Retention).ToList())
        {
            _calls.TryRemove(stale.CallId, out _);
        }
    }
}
