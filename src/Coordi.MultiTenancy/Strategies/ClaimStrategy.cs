using Microsoft.AspNetCore.Http;

namespace Coordi.MultiTenancy.Strategies;

/// <summary>Reads the identifier from a claim of the authenticated user (a signed-in owner, a partner key).</summary>
public sealed class ClaimStrategy(string claimType) : ITenantResolutionStrategy
{
    public ValueTask<string?> GetIdentifierAsync(HttpContext context)
    {
        var value = context.User.FindFirst(claimType)?.Value;
        return ValueTask.FromResult(string.IsNullOrWhiteSpace(value) ? null : value);
    }
}
