using System.Collections.Concurrent;

namespace Coordi.Voice.Billing;

/// <summary>
/// Lets an owner alert through once per organization, reason and billing period. A business whose plan stops
/// its calls gets every caller sent to voicemail; one text saying why is useful, one per call is spam.
/// </summary>
public sealed class OwnerAlertThrottle(TimeProvider clock)
{
    /// <summary>Entries older than this are forgotten; a billing period never lasts longer.</summary>
    private static readonly TimeSpan Retention = TimeSpan.FromDays(40);

    private readonly ConcurrentDictionary<(string TenantId, string Reason, string Period), DateTimeOffset> _sent = new();

    /// <summary>
    /// True the first time it is asked for this organization, reason and period (so the caller sends the alert);
    /// false after that.
    /// </summary>
    public bool TryClaim(string tenantId, string reason, string period)
    {
        var now = clock.GetUtcNow();
        if (_sent.Count > 1000)
        {
            foreach (var stale in _sent.Where(e => now - e.Value > Retention).Select(e => e.Key).ToList())
            {
                _sent.TryRemove(stale, out _);
            }
        }

        return _sent.TryAdd((tenantId, reason, period), now);
    }

    /// <summary>Gives the claim back when the alert could not be sent, so the next refused call tries again.</summary>
    public void Release(string tenantId, string reason, string period) => _sent.TryRemove((tenantId, reason, period), out _);
}
