using Microsoft.AspNetCore.Identity;

namespace Coordi.Portal.Model;

/// <summary>
/// A person who signs in to the portal. The organization and role are user claims, so they travel in the
/// sign-in cookie and the tenant is always read from there.
/// </summary>
public sealed class PortalUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    public DateTime CreatedAt { get; set; }
}
