using Coordi.MultiTenancy.Strategies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Coordi.MultiTenancy;

public static class MultiTenancyServiceCollectionExtensions
{
    public static MultiTenancyBuilder AddMultiTenancy(this IServiceCollection services)
    {
        services.TryAddScoped<TenantContextAccessor>();
        services.TryAddScoped<ITenantContextAccessor>(sp => sp.GetRequiredService<TenantContextAccessor>());
        services.TryAddScoped<TenantResolver>();
        return new MultiTenancyBuilder(services);
    }
}

public sealed class MultiTenancyBuilder(IServiceCollection services)
{
    public IServiceCollection Services { get; } = services;

    public MultiTenancyBuilder WithStore<TStore>()
        where TStore : class, ITenantStore
    {
        Services.TryAddSingleton<TStore>();
        Services.AddSingleton<ITenantStore>(sp => sp.GetRequiredService<TStore>());
        return this;
    }

    public MultiTenancyBuilder WithStrategy(ITenantResolutionStrategy strategy)
    {
        Services.AddSingleton(strategy);
        return this;
    }

    public MultiTenancyBuilder WithClaimStrategy(string claimType) => WithStrategy(new ClaimStrategy(claimType));

    public MultiTenancyBuilder WithHeaderStrategy(string headerName, Func<HttpContext, bool>? trustedWhen = null) =>
        WithStrategy(new HeaderStrategy(headerName, trustedWhen));
}
