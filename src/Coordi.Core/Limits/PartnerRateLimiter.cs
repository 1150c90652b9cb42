using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Coordi.Core.Infrastructure;
using Coordi.Core.Model;
using Coordi.MultiTenancy.EntityFrameworkCore;
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
    /// <remarks>
    /// Called as soon as the key is authenticated, before its scope or the request is checked: a refused request
    /// costs a token too, so a flood of bad requests is limited like any other. The tenant is the key's own
    /// organization, passed explicitly because it is not resolved yet.
    /// </remarks>
    public async ValueTask<(bool Acquired, TimeSpan RetryAfter)> TryAcquireAsync(Guid keyId, Guid tenantId, CoreDbContext db, CancellationToken cancellationToken)
    {
        var planId = await PlanOfAsync(tenantId, db, cancellationToken);
        using var lease = _limiter.AttemptAcquire((keyId, planId));
        if (lease.IsAcquired)
        {
            return (true, TimeSpan.Zero);
        }

        var tier = options.Value.For(planId);
        return (false, lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : tier.ReplenishmentPeriod);
    }

    private async Task<string?> PlanOfAsync(Guid tenantId, CoreDbContext db, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(("plan", tenantId), out string? planId))
        {
            return planId;
        }

        planId = await db.Set<BillingAccount>().IgnoreQueryFilters([TenantDbContext.TenantFilterName]).AsNoTracking()
            .Where(b => b.TenantId == tenantId).Select(b => b.PlanId).SingleOrDefaultAsync(cancellationToken);
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
