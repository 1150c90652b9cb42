using Microsoft.Extensions.Options;

namespace Coordi.Core.Billing;

/// <summary>A plan as configured, with its id.</summary>
public sealed record BillingPlan(
    string Id,
    string Name,
    long MonthlyPriceMinor,
    int IncludedMinutes,
    long OveragePerMinuteMinor,
    int ConcurrentCallCap,
    int PhoneNumberCap,
    string StripePriceId,
    string StripeMeteredPriceId);

/// <summary>The configured plans, looked up by id or by the Stripe prices a subscription carries.</summary>
public sealed class PlanCatalog(IOptions<BillingOptions> options)
{
    private readonly BillingPlan[] _plans = options.Value.Plans
        .Select(p => new BillingPlan(p.Key.ToLowerInvariant(), p.Value.Name, p.Value.MonthlyPriceMinor, p.Value.IncludedMinutes,
            p.Value.OveragePerMinuteMinor, p.Value.ConcurrentCallCap, p.Value.PhoneNumberCap, p.Value.StripePriceId, p.Value.StripeMeteredPriceId))
        .OrderBy(p => p.MonthlyPriceMinor)
        .ToArray();

    public IReadOnlyList<BillingPlan> All => _plans;

    public string Currency => options.Value.Currency;

    public BillingPlan? Find(string? id) =>
        id is null ? null : _plans.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The plan one of whose Stripe prices appears among <paramref name="priceIds"/>.</summary>
    public BillingPlan? FindByPrices(IEnumerable<string> priceIds)
    {
        var prices = priceIds.Where(p => p.Length > 0).ToHashSet(StringComparer.Ordinal);
        return _plans.FirstOrDefault(p => prices.Contains(p.StripePriceId) || (p.StripeMeteredPriceId.Length > 0 && prices.Contains(p.StripeMeteredPriceId)));
    }
}
