using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Coordi.Voice.Calls;

/// <summary>
/// Calls on this instance: enforces each tenant's concurrent-call cap, lets the media stream and later
/// webhooks find their call, and on shutdown stops taking calls and waits for live ones to finish.
/// </summary>
public sealed class LiveCallRegistry(IOptions<VoiceOptions> options, TimeProvider clock, ILogger<LiveCallRegistry> logger) : IHostedService
{
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

    public LiveCall? Find(string callId) => _calls.GetValueOrDefault(callId);

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

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        var deadline = clock.GetUtcNow().AddSeconds(options.Value.DrainSeconds);
        var live = _calls.Values.Count(c => c.StreamAttached);
        if (live > 0)
        {
            logger.LogInformation("Draining {Count} live calls before shutdown", live);
        }

        while (_calls.Values.Any(c => c.StreamAttached) && clock.GetUtcNow() < deadline && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(250, CancellationToken.None);
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
