using System.ComponentModel.DataAnnotations;
using Coordi.Portal.Forms;
using Coordi.Portal.Model;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Coordi.Portal.Pages.Account;

public sealed class ResetPasswordModel(UserManager<PortalUser> users) : PageModel
{
    [BindProperty]
    public ResetInput Input { get; set; } = new();

    public bool Done { get; private set; }

    public IActionResult OnGet(string? email, string? token)
    {
        if (string.IsNullOrEmpty(email) || string.IsNullOrEmpty(token))
        {
            ModelState.AddModelError("", "This reset link is incomplete. Ask for a new one.");
        }

        Input = new ResetInput { Email = email ?? "", Token = token ?? "" };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByEmailAsync(Input.Email);
        if (user is null)
        {
            ModelState.AddModelError("", "This reset link is not valid or has expired. Ask for a new one.");
            return Page();
        }

        var result = await users.ResetPasswordAsync(user, Input.Token, Input.Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == "InvalidToken" ? "" : "Input.Password",
                    error.Code == "InvalidToken" ? "This reset link is not valid or has expired. Ask for a new one." : error.Description);
            }

            return Page();
        }

        // The link reached the mailbox, which proves the address, and ends any lockout the forgotten password caused.
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        if (!user.EmailConfirmed)
        {
            user.EmailConfirmed = true;
            await users.UpdateAsync(user);
        }

        Done = true;
        return Page();
    }

    public sealed class ResetInput
    {
        private const string ResetLinkNotValid = "This reset link is not valid. Ask for a new one.";

        // The address comes from the mailed link; a link altered on its way shows this instead of a lookup.
        [Required(ErrorMessage = ResetLinkNotValid)]
        [ValidEmail(ErrorMessage = ResetLinkNotValid)]
        public string Email { get; set; } = "";

        [Required]
        public string Token { get; set; } = "";

        [Required(ErrorMessage = "Choose a new password.")]
        [StringLength(200, MinimumLength = 10, ErrorMessage = "Use at least 10 characters.")]
        [DataType(DataType.Password)]
        [Display(Name = "New password")]
        public string Password { get; set; } = "";

        [Compare(nameof(Password), ErrorMessage = "The two passwords do not match.")]
        [DataType(DataType.Password)]
        [Display(Name = "Repeat the new password")]
        public string ConfirmPassword { get; set; } = "";
    }
}
