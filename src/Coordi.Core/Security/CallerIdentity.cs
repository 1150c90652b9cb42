using System.Security.Claims;
using Coordi.Core.Model;

namespace Coordi.Core.Security;

/// <summary>Claims Coordi puts on an authenticated gRPC caller.</summary>
public static class CoordiClaims
{
    public const string AuthenticationType = "coordi";
    public const string CallerKind = "coordi:caller";
    public const string Tenant = "coordi:tenant";
    public const string Scope = "coordi:scope";
    public const string KeyId = "coordi:key_id";
    public const string ServiceRole = "service";
    public const string PartnerRole = "partner";
}

public static class ClaimsPrincipalExtensions
{
    public static bool IsService(this ClaimsPrincipal user) => user.IsInRole(CoordiClaims.ServiceRole);

    public static bool IsPartner(this ClaimsPrincipal user) => user.IsInRole(CoordiClaims.PartnerRole);

    public static ApiKeyScope? PartnerScope(this ClaimsPrincipal user) =>
        Enum.TryParse<ApiKeyScope>(user.FindFirst(CoordiClaims.Scope)?.Value, out var scope) ? scope : null;

    /// <summary>How the history of a change names the caller: the service's own value, or the partner key.</summary>
    public static string Actor(this ClaimsPrincipal user) =>
        user.IsPartner() ? "partner:" + user.Identity?.Name : user.Identity?.Name ?? "unknown";
}
