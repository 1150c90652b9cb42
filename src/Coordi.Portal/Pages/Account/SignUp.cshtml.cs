using System.ComponentModel.DataAnnotations;
using Coordi.Portal.Accounts;
using Coordi.Portal.Email;
using Coordi.Portal.Forms;
using Coordi.Portal.Model;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Coordi.Portal.Pages.Account;

public sealed class SignUpModel(
    SignUpService signUp,
    SignInManager<PortalUser> signIn,
    UserManager<PortalUser> users,
    AccountEmails emails,
    ILogger<SignUpModel> logger) : PageModel
{
    [BindProperty]
    public SignUpInput Input { get; set; } = new();

    public void OnGet()
    {
        Input.RequestId = Guid.NewGuid().ToString();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(Input.RequestId, out _))
        {
            Input.RequestId = Guid.NewGuid().ToString();
        }

        if (!TimeZones.IsKnown(Input.TimeZone))
        {
            ModelState.AddModelError("Input.TimeZone", "Choose your business's time zone from the list.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await signUp.SignUpAsync(
            new SignUpRequest(Input.Name.Trim(), Input.Email.Trim(), Input.Password, Input.OrganizationName.Trim(), Input.TimeZone, Input.RequestId),
            cancellationToken);
        if (!result.Succeeded)
        {
            foreach (var (field, message) in result.Errors)
            {
                ModelState.AddModelError(field, message);
            }

            if (result.RequestIdSpent)
            {
                Input.RequestId = Guid.NewGuid().ToString();
                ModelState.Remove("Input.RequestId");
            }

            return Page();
        }

        await SendConfirmationAsync(result.User!, cancellationToken);
        await signIn.SignInAsync(result.User!, isPersistent: false);
        return RedirectToPage("/Onboarding/Index");
    }

    private async Task SendConfirmationAsync(PortalUser user, CancellationToken cancellationToken)
    {
        try
        {
            var token = await users.GenerateEmailConfirmationTokenAsync(user);
            await emails.SendConfirmationAsync(user.Email!, user.Id, token, cancellationToken);
        }
        catch (Exception ex) when (ex is System.Net.Mail.SmtpException or IOException)
        {
            // The account exists; the owner can ask for the message again from the dashboard.
            logger.LogWarning(ex, "The confirmation email could not be sent");
        }
    }

    public sealed class SignUpInput
    {
        [Required(ErrorMessage = "Enter your name.")]
        [StringLength(100)]
        [Display(Name = "Your name")]
        public string Name { get; set; } = "";

        [Required(ErrorMessage = "Enter your email address.")]
        [ValidEmail]
        [StringLength(254)]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Choose a password.")]
        [StringLength(200, MinimumLength = 10, ErrorMessage = "Use at least 10 characters.")]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Enter your business name.")]
        [StringLength(200)]
        [Display(Name = "Business name")]
        public string OrganizationName { get; set; } = "";

        [Required(ErrorMessage = "Choose your business's time zone.")]
        [Display(Name = "Time zone")]
        public string TimeZone { get; set; } = "America/Chicago";

        /// <summary>Chosen when the form is shown, so a re-submitted form reuses the organization it created.</summary>
        [Required]
        public string RequestId { get; set; } = "";
    }
}
