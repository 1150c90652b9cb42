using Microsoft.AspNetCore.Http;

namespace Coordi.MultiTenancy;

/// <summary>One way of finding the tenant identifier of a request. Strategies are tried in order.</summary>
public interface ITenantResolutionStrategy
{
    ValueTask<string?> GetIdentifierAsync(HttpContext context);
}
