using System.Security.Claims;

namespace Coordi.Portal.Accounts;

/// <summary>Claims a portal user carries; the organization claim is the only source of the tenant.</summary>
public static class PortalClaims
{
    public const string Organization = "coordi:organization";
}

public static class PortalRoles
{
    public const string Owner = "Owner";
    public const string Member = "Member";

    public static readonly string[] All = [Owner, Member];
}

public static class PortalPolicies
{
    /// <summary>Signed in and belonging to an organization: the fallback for every page.</summary>
    public const string OrganizationMember = "OrganizationMember";

    /// <summary>Billing, API keys, integrations, team and settings.</summary>
    public const string Owner = "Owner";
}

public static class PortalPrincipalExtensions
{
    /// <summary>The signed-in user's organization id, from the claim only.</summary>
    public static string OrganizationId(this ClaimsPrincipal user) =>
        user.FindFirstValue(PortalClaims.Organization) is { Length: > 0 } id
            ? id
            : throw new InvalidOperationException("The signed-in user has no organization claim.");

    public static bool IsOwner(this ClaimsPrincipal user) => user.IsInRole(PortalRoles.Owner);

    public static string Email(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name ?? "";
}
