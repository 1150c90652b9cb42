using Coordi.Core.Billing;
using Microsoft.Extensions.Options;

namespace Coordi.Core.UnitTests.Billing;

public sealed class PlanCatalogTests
{
    private static PlanCatalog Catalog()
    {
        var options = new BillingOptions();
        options.Plans["starter"].StripePriceId = "price_s";
        options.Plans["starter"].StripeMeteredPriceId = "price_s_minutes";
        options.Plans["pro"].StripePriceId = "price_p";
        return new PlanCatalog(Options.Create(options));
    }

    [Fact]
    public void Plans_are_listed_cheapest_first_and_found_by_id_in_any_case()
    {
        var catalog = Catalog();

        Assert.Equal(["starter", "pro"], catalog.All.Select(p => p.Id));
        Assert.Equal("pro", catalog.Find("PRO")?.Id);
        Assert.Null(catalog.Find("gold"));
        Assert.Null(catalog.Find(null));
    }

    [Fact]
    public void A_subscription_is_matched_to_its_plan_by_either_price()
    {
        var catalog = Catalog();

        Assert.Equal("starter", catalog.FindByPrices(["price_s_minutes"])?.Id);
        Assert.Equal("pro", catalog.FindByPrices(["price_other", "price_p"])?.Id);
        Assert.Null(catalog.FindByPrices(["price_other", ""]));
    }
}
