using System.ComponentModel.DataAnnotations;
using Coordi.Portal.Accounts;
using Coordi.Portal.Core;
using Coordi.Portal.Forms;
using Coordi.Portal.Model;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Coordi.Portal.Pages.Team;

/// <summary>The organization's people and open invitations (owners only).</summary>
public sealed class IndexModel(OrganizationCore core, TeamDirectory team, InvitationService invitations, ILogger<IndexModel> logger) : PageModel
{
    public IReadOnlyList<TeamMember> Members { get; private set; } = [];

    public IReadOnlyList<Invitation> Invitations { get; private set; } = [];

    [BindProperty]
    public InviteInput Input { get; set; } = new();

    public string? StatusMessage { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        StatusMessage = TempData["StatusMessage"] as string;
    }

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var organization = await core.OrganizationAsync(cancellationToken);
            string? error;
            try
            {
                error = await invitations.InviteAsync(User.OrganizationId(), organization.Name, Input.Email.Trim(), Input.Role, User.Email(), cancellationToken);
            }
            catch (Exception ex) when (ex is System.Net.Mail.SmtpException or IOException)
            {
                logger.LogError(ex, "The invitation email could not be sent");
                error = "The invitation was saved but the email could not be sent. Revoke it and try again later.";
            }

            if (error is null)
            {
                TempData["StatusMessage"] = $"Invitation sent to {Input.Email.Trim()}.";
                return RedirectToPage();
            }

            ModelState.AddModelError("Input.Email", error);
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid invitationId, CancellationToken cancellationToken)
    {
        await invitations.RevokeAsync(User.OrganizationId(), invitationId, cancellationToken);
        TempData["StatusMessage"] = "Invitation revoked.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(string userId, CancellationToken cancellationToken)
    {
        if (!await team.RemoveAsync(User.OrganizationId(), userId, cancellationToken))
        {
            return NotFound();
        }

        TempData["StatusMessage"] = "Member removed.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Members = await team.MembersAsync(User.OrganizationId(), cancellationToken);
        Invitations = await invitations.OpenAsync(User.OrganizationId(), cancellationToken);
    }

    public sealed class InviteInput
    {
        [Required(ErrorMessage = "Enter the email address to invite.")]
        [ValidEmail]
        [StringLength(254)]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Required]
        [Display(Name = "Role")]
        public string Role { get; set; } = PortalRoles.Member;
    }
}
