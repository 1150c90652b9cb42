using System.ComponentModel.DataAnnotations;
using Coordi.Portal.Email;
using Coordi.Portal.Forms;
using Coordi.Portal.Model;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Coordi.Portal.Pages.Account;

public sealed class ForgotPasswordModel(UserManager<PortalUser> users, AccountEmails emails, ILogger<ForgotPasswordModel> logger) : PageModel
{
    [BindProperty]
    public ForgotInput Input { get; set; } = new();

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is not null)
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            try
            {
                await emails.SendPasswordResetAsync(user.Email!, token, cancellationToken);
            }
            catch (Exception ex) when (ex is System.Net.Mail.SmtpException or IOException)
            {
                logger.LogError(ex, "The password reset email could not be sent");
                ModelState.AddModelError("", "We could not send the email just now. Please try again in a moment.");
                return Page();
            }
        }

        // The same answer whether or not the address has an account, so the form reveals no accounts.
        Sent = true;
        return Page();
    }

    public sealed class ForgotInput
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [ValidEmail]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";
    }
}
