using Coordi.Portal.Model;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Coordi.Portal.Pages.Account;

public sealed class ConfirmEmailModel(UserManager<PortalUser> users) : PageModel
{
    public bool Confirmed { get; private set; }

    public async Task OnGetAsync(string? userId, string? token)
    {
        // Account ids are GUIDs; anything else (a NUL, which the database cannot even compare) is a broken link.
        if (!Guid.TryParse(userId, out _) || string.IsNullOrEmpty(token))
        {
            return;
        }

        var user = await users.FindByIdAsync(userId);
        Confirmed = user is not null && (await users.ConfirmEmailAsync(user, token)).Succeeded;
    }
}
