using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Coordi.Portal.Email;
using Coordi.Portal.Infrastructure;
using Coordi.Portal.Model;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Coordi.Portal.Accounts;

/// <summary>
/// Owners invite team members by email. The link carries a random token; only its hash is stored, so a copy of
/// the database cannot be turned into working invitations.
/// </summary>
public sealed class InvitationService(
    PortalDbContext db,
    UserManager<PortalUser> users,
    AccountEmails emails,
    TimeProvider clock)
{
    public static readonly TimeSpan Validity = TimeSpan.FromDays(7);

    public async Task<string?> InviteAsync(string organizationId, string organizationName, string email, string role, string invitedBy, CancellationToken cancellationToken)
    {
        if (!PortalRoles.All.Contains(role))
        {
            return "Choose a role.";
        }

        if (await users.FindByEmailAsync(email) is not null)
        {
            return "This person already has a Coordi account.";
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = clock.GetUtcNow().UtcDateTime;
        db.Invitations.Add(new Invitation
        {
            Id = Guid.CreateVersion7(),
            OrganizationId = organizationId,
            OrganizationName = organizationName,
            Email = email.Trim(),
            Role = role,
            TokenHash = Hash(token),
            InvitedBy = invitedBy,
            CreatedAt = now,
            ExpiresAt = now + Validity,
        });
        await db.SaveChangesAsync(cancellationToken);
        await emails.SendInvitationAsync(email, organizationName, invitedBy, token, cancellationToken);
        return null;
    }

    public Task<List<Invitation>> OpenAsync(string organizationId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.Invitations.AsNoTracking()
            .Where(i => i.OrganizationId == organizationId && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .OrderByDescending(i => i.CreatedAt)
            .ToListAsync(cancellationToken);
    }

    public async Task RevokeAsync(string organizationId, Guid id, CancellationToken cancellationToken)
    {
        // Scoped to the owner's organization: another organization's invitation id matches nothing.
        var invitation = await db.Invitations.SingleOrDefaultAsync(i => i.Id == id && i.OrganizationId == organizationId, cancellationToken);
        if (invitation is not null && invitation.RevokedAt is null)
        {
            invitation.RevokedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    public async Task<Invitation?> FindOpenAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }

        var hash = Hash(token);
        var invitation = await db.Invitations.SingleOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        return invitation is not null && invitation.IsOpen(clock.GetUtcNow().UtcDateTime) ? invitation : null;
    }

    /// <summary>Creates the member's account from an open invitation, in one transaction with its claims.</summary>
    public async Task<(PortalUser? User, IReadOnlyList<string> Errors)> AcceptAsync(Invitation invitation, string name, string password, CancellationToken cancellationToken)
    {
        if (await users.FindByEmailAsync(invitation.Email) is not null)
        {
            return (null, ["This person already has a Coordi account. Sign in instead."]);
        }

        var user = new PortalUser
        {
            UserName = invitation.Email,
            Email = invitation.Email,
            // The invitation reached this address, which proves it as well as a confirmation link would.
            EmailConfirmed = true,
            DisplayName = name.Trim(),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded)
        {
            result = await users.AddClaimsAsync(user,
            [
                new Claim(PortalClaims.Organization, invitation.OrganizationId),
                new Claim(ClaimTypes.Role, invitation.Role),
            ]);
        }

        if (!result.Succeeded)
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return (null, result.Errors.Select(e => e.Description).ToList());
        }

        invitation.AcceptedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (user, []);
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
