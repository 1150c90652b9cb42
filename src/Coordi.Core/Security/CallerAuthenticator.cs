using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Coordi.Core.Infrastructure;
using Coordi.Core.Model;
using Coordi.MultiTenancy.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Coordi.Core.Security;

/// <summary>
/// Turns the bearer credential of a gRPC call into a principal: an internal service (shared secret) or a
/// partner (API key, whose organization becomes the tenant claim).
/// </summary>
public sealed class CallerAuthenticator(
    IOptions<CoreOptions> options,
    IMemoryCache cache,
    IServiceScopeFactory scopes,
    TimeProvider clock)
{
    private static readonly TimeSpan KeyCacheTime = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private readonly (string Name, byte[] Hash)[] _services = options.Value.ServiceCredentials
        .Select(kv => (kv.Key, SHA256.HashData(Encoding.UTF8.GetBytes(kv.Value))))
        .ToArray();

    public async ValueTask<AuthenticationOutcome> AuthenticateAsync(string? authorization, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return AuthenticationOutcome.Fail("Missing credentials: send 'authorization: Bearer <API key>'.");
        }

        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticationOutcome.Fail("The authorization metadata must use the Bearer scheme.");
        }

        var token = authorization["Bearer ".Length..].Trim();
        if (ApiKeySecret.LooksLikeKey(token))
        {
            return await AuthenticatePartnerAsync(token, cancellationToken);
        }

        var service = FindService(token);
        return service is null
            ? AuthenticationOutcome.Fail("The credential is not valid.")
            : AuthenticationOutcome.Success(Principal(service, CoordiClaims.ServiceRole));
    }

    /// <summary>Drops a key from the cache so a revocation takes effect at once on this instance.</summary>
    public void Forget(string prefix) => cache.Remove(CacheKey(prefix));

    private string? FindService(string token)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        string? found = null;
        foreach (var (name, expected) in _services)
        {
            // Compare with every credential in constant time so timing reveals neither which nor how much matched.
            if (CryptographicOperations.FixedTimeEquals(hash, expected))
            {
                found = name;
            }
        }

        return found;
    }

    private async ValueTask<AuthenticationOutcome> AuthenticatePartnerAsync(string key, CancellationToken cancellationToken)
    {
        var prefix = ApiKeySecret.PrefixOf(key);
        if (prefix is null)
        {
            return AuthenticationOutcome.Fail("The API key is malformed.");
        }

        if (!cache.TryGetValue(CacheKey(prefix), out CachedKey? entry))
        {
            entry = await LoadAsync(prefix, cancellationToken);
            cache.Set(CacheKey(prefix), entry, KeyCacheTime);
        }

        if (entry is null || entry.RevokedAt is not null || !ApiKeySecret.Matches(key, entry.Hash))
        {
            return AuthenticationOutcome.Fail("The API key is not valid or has been revoked.");
        }

        await TouchAsync(entry, cancellationToken);
        var principal = Principal(entry.Name, CoordiClaims.PartnerRole,
            new Claim(CoordiClaims.Tenant, entry.TenantId.ToString("D")),
            new Claim(CoordiClaims.Scope, entry.Scope.ToString()),
            new Claim(CoordiClaims.KeyId, entry.Id.ToString("D")));
        return AuthenticationOutcome.Success(principal);
    }

    private async Task<CachedKey?> LoadAsync(string prefix, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        // The key is what identifies the tenant, so this lookup necessarily runs before any tenant is known.
        return await db.ApiKeys.IgnoreQueryFilters([TenantDbContext.TenantFilterName]).AsNoTracking()
            .Where(k => k.Prefix == prefix)
            .Select(k => new CachedKey(k.Id, k.TenantId, k.Name, k.SecretHash, k.Scope, k.RevokedAt))
            .SingleOrDefaultAsync(cancellationToken);
    }

    private async Task TouchAsync(CachedKey entry, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now - entry.LastTouched < LastUsedResolution)
        {
            return;
        }

        entry.LastTouched = now;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        await db.ApiKeys.IgnoreQueryFilters([TenantDbContext.TenantFilterName])
            .Where(k => k.Id == entry.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now.UtcDateTime), cancellationToken);
    }

    private static ClaimsPrincipal Principal(string name, string role, params Claim[] claims)
    {
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role), new Claim(CoordiClaims.CallerKind, role), .. claims],
            CoordiClaims.AuthenticationType);
        return new ClaimsPrincipal(identity);
    }

    private static string CacheKey(string prefix) => "apikey:" + prefix;

    private sealed record CachedKey(Guid Id, Guid TenantId, string Name, byte[] Hash, ApiKeyScope Scope, DateTime? RevokedAt)
    {
        public DateTimeOffset LastTouched { get; set; } = DateTimeOffset.MinValue;
    }
}

public readonly record struct AuthenticationOutcome(ClaimsPrincipal? Principal, string? Error)
{
    public static AuthenticationOutcome Success(ClaimsPrincipal principal) => new(principal, null);

    public static AuthenticationOutcome Fail(string error) => new(null, error);
}
