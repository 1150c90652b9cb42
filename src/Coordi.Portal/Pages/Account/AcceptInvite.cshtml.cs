using System.ComponentModel.DataAnnotations;
using Coordi.Portal.Accounts;
using Coordi.Portal.Model;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Coordi.Portal.Pages.Account;

public sealed class AcceptInviteModel(InvitationService invitations, SignInManager<PortalUser> signIn) : PageModel
{
    [BindProperty]
    public AcceptInput Input { get; set; } = new();

    public Invitation? Invitation { get; private set; }

    public async Task OnGetAsync(string? token, CancellationToken cancellationToken)
    {
        Invitation = await invitations.FindOpenAsync(token, cancellationToken);
        Input.Token = token ?? "";
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Invitation = await invitations.FindOpenAsync(Input.Token, cancellationToken);
        if (Invitation is null || !ModelState.IsValid)
        {
            return Page();
        }

        var (user, errors) = await invitations.AcceptAsync(Invitation, Input.Name, Input.Password, cancellationToken);
        if (user is null)
        {
            foreach (var error in errors)
            {
                ModelState.AddModelError("", error);
            }

            return Page();
        }

        await signIn.SignInAsync(user, isPersistent: false);
        return Redirect("/");
    }

    public sealed class AcceptInput
    {
        [Required]
        public string Token { get; set; } = "";

        [Required(ErrorMessage = "Enter your name.")]
        [StringLength(100)]
        [Display(Name = "Your name")]
        public string Name { get; set; } = "";

        [Required(ErrorMessage = "Choose a password.")]
        [StringLength(200, MinimumLength = 10, ErrorMessage = "Use at least 10 characters.")]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";
    }
}
