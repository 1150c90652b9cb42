namespace Coordi.Portal.Model;

/// <summary>An owner's invitation to join the organization. Only the hash of the link's token is stored.</summary>
public sealed class Invitation
{
    public Guid Id { get; set; }

    public string OrganizationId { get; set; } = "";

    /// <summary>Shown on the acceptance page, which runs before the invitee belongs to the organization.</summary>
    public string OrganizationName { get; set; } = "";

    public string Email { get; set; } = "";

    public string Role { get; set; } = "";

    public byte[] TokenHash { get; set; } = [];

    public string InvitedBy { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime? AcceptedAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public bool IsOpen(DateTime now) => AcceptedAt is null && RevokedAt is null && ExpiresAt > now;
}
