using Microsoft.AspNetCore.Http;

namespace Coordi.MultiTenancy.Strategies;

/// <summary>Reads the identifier from a request header (gRPC metadata arrives as headers).</summary>
public sealed class HeaderStrategy(string headerName, Func<HttpContext, bool>? trustedWhen = null) : ITenantResolutionStrategy
{
    public ValueTask<string?> GetIdentifierAsync(HttpContext context)
    {
        if (trustedWhen is not null && !trustedWhen(context))
        {
            return ValueTask.FromResult<string?>(null);
        }

        var value = context.Request.Headers[headerName].ToString();
        return ValueTask.FromResult(string.IsNullOrWhiteSpace(value) ? null : value.Trim());
    }
}
