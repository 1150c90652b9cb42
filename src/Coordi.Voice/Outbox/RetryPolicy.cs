using Coordi.Contracts.Rules;
using Grpc.Core;

namespace Coordi.Voice.Outbox;

/// <summary>What to do with an entry the core did not take: try again after a while, or park it (ADR 008).</summary>
public sealed class RetryPolicy(OutboxOptions options)
{
    /// <summary>
    /// Null to park: the core refused the request itself, or kept failing on it <see cref="OutboxOptions.MaxAttempts"/>
    /// times without that looking like an outage. Otherwise the wait before the next attempt. Outages never park.
    /// </summary>
    public TimeSpan? NextDelay(StatusCode status, int attempts)
    {
        if (GrpcStatuses.IsRefusal(status) || (!GrpcStatuses.IsTransient(status) && attempts >= options.MaxAttempts))
        {
            return null;
        }

        return Backoff(attempts);
    }

    /// <summary>
    /// Doubling from the first delay up to the cap, scaled by a random 50-100 % so that entries (and edges) failing
    /// together do not retry together.
    /// </summary>
    public TimeSpan Backoff(int attempts)
    {
        var doubled = options.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var capped = Math.Min(doubled, options.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() / 2)));
    }
}
