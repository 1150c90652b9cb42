using Coordi.Portal.Infrastructure;
using Coordi.Portal.Model;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Coordi.Portal.Accounts;

/// <summary>The people of one organization, found through their organization claim.</summary>
public sealed class TeamDirectory(PortalDbContext db, UserManager<PortalUser> users)
{
    public async Task<List<TeamMember>> MembersAsync(string organizationId, CancellationToken cancellationToken)
    {
        var ids = db.UserClaims.Where(c => c.ClaimType == PortalClaims.Organization && c.ClaimValue == organizationId).Select(c => c.UserId);
        var members = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).OrderBy(u => u.CreatedAt).ToListAsync(cancellationToken);
        var roles = await db.UserClaims.AsNoTracking()
            .Where(c => ids.Contains(c.UserId) && c.ClaimType == System.Security.Claims.ClaimTypes.Role)
            .ToDictionaryAsync(c => c.UserId, c => c.ClaimValue ?? "", cancellationToken);
        return members.Select(u => new TeamMember(u.Id, u.DisplayName, u.Email ?? "", roles.GetValueOrDefault(u.Id, ""), u.EmailConfirmed)).ToList();
    }

    /// <summary>Removes a member of the organization; owners cannot be removed here, so an organization always keeps one.</summary>
    public async Task<bool> RemoveAsync(string organizationId, string userId, CancellationToken cancellationToken)
    {
        var member = (await MembersAsync(organizationId, cancellationToken)).SingleOrDefault(m => m.Id == userId);
        if (member is null || member.Role == PortalRoles.Owner)
        {
            return false;
        }

        var user = await users.FindByIdAsync(userId);
        // Deleting the account also invalidates its cookie at the next security stamp check.
        return user is not null && (await users.DeleteAsync(user)).Succeeded;
    }
}

public sealed record TeamMember(string Id, string Name, string Email, string Role, bool EmailConfirmed);
