using System.ComponentModel.DataAnnotations;

namespace Coordi.Core.Limits;

/// <summary>Bound from "Coordi:Core:PartnerRateLimits": a token bucket per partner API key, sized by the organization's plan.</summary>
public sealed class PartnerRateLimitOptions
{
    public const string Section = "Coordi:Core:PartnerRateLimits";

    /// <summary>Used while trialing, and for plans without an entry in <see cref="Plans"/>.</summary>
    [Required]
    public RateLimitTier Default { get; set; } = new();

    /// <summary>Event streams one key may hold open at once (per instance); each also costs a token to open.</summary>
    [Range(1, 10_000)]
    public int MaxOpenStreamsPerKey { get; set; } = 10;

    /// <summary>By billing plan id, e.g. "starter", "pro".</summary>
    public Dictionary<string, RateLimitTier> Plans { get; set; } = [];

    public RateLimitTier For(string? planId) =>
        planId is not null && Plans.TryGetValue(planId, out var tier) ? tier : Default;
}

public sealed class RateLimitTier
{
    /// <summary>Bucket size: the burst a key may send at once.</summary>
    [Range(1, 100_000)]
    public int TokenLimit { get; set; } = 100;

    /// <summary>Tokens added each <see cref="ReplenishmentPeriod"/>: the sustained rate.</summary>
    [Range(1, 100_000)]
    public int TokensPerPeriod { get; set; } = 10;

    public TimeSpan ReplenishmentPeriod { get; set; } = TimeSpan.FromSeconds(1);
}
