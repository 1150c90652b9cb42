using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Coordi.Core.Infrastructure;
using Coordi.Core.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Coordi.Core.Limits;

/// <summary>
/// One token bucket per partner key (per instance). The bucket's size comes from the organization's plan, looked
/// up once a minute; a plan change starts a fresh bucket of the new size.
/// </summary>
public sealed class PartnerRateLimiter(IOptions<PartnerRateLimitOptions> options, IMemoryCache cache) : IDisposable
{
    private static readonly TimeSpan PlanCacheTime = TimeSpan.FromMinutes(1);

    private readonly PartitionedRateLimiter<(Guid KeyId, string? PlanId)> _limiter =
        PartitionedRateLimiter.Create<(Guid KeyId, string? PlanId), (Guid, string?)>(key =>
        {
            var tier = options.Value.For(key.PlanId);
            return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = tier.TokenLimit,
                TokensPerPeriod = tier.TokensPerPeriod,
                ReplenishmentPeriod = tier.ReplenishmentPeriod,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });

    private readonly ConcurrentDictionary<Guid, int> _openStreams = new();

    /// <summary>Counts an open stream of the key; null when it already holds as many as allowed. Dispose to close.</summary>
    public IDisposable? TryOpenStream(Guid keyId)
    {
        var open = _openStreams.AddOrUpdate(keyId, 1, (_, n) => n + 1);
        if (open <= options.Value.MaxOpenStreamsPerKey)
        {
            return new StreamSlot(this, keyId);
        }

        Close(keyId);
        return null;
    }

    /// <summary>Takes a token for the key; when the bucket is empty, says how long until the next one.</summary>
    public async ValueTask<(bool Acquired, TimeSpan RetryAfter)> TryAcquireAsync(Guid keyId, CoreDbContext db, CancellationToken cancellationToken)
    {
        var planId = await PlanOfAsync(db, cancellationToken);
        using var lease = _limiter.AttemptAcquire((keyId, planId));
        if (lease.IsAcquired)
        {
            return (true, TimeSpan.Zero);
        }

        var tier = options.Value.For(planId);
        return (false, lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : tier.ReplenishmentPeriod);
    }

    private async Task<string?> PlanOfAsync(CoreDbContext db, CancellationToken cancellationToken)
    {
        var tenantId = db.CurrentTenantId;
        if (cache.TryGetValue(("plan", tenantId), out string? planId))
        {
            return planId;
        }

        planId = await db.Set<BillingAccount>().AsNoTracking().Select(b => b.PlanId).SingleOrDefaultAsync(cancellationToken);
        cache.Set(("plan", tenantId), planId, PlanCacheTime);
        return planId;
    }

    public void Dispose() => _limiter.Dispose();

    private void Close(Guid keyId)
    {
        if (_openStreams.AddOrUpdate(keyId, 0, (_, n) => n - 1) <= 0)
        {
            _openStreams.TryRemove(new KeyValuePair<Guid, int>(keyId, 0));
        }
    }

    private sealed class StreamSlot(PartnerRateLimiter owner, Guid keyId) : IDisposable
    {
        private int _closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                owner.Close(keyId);
            }
        }
    }
}
