using Coordi.Portal.Accounts;
using Coordi.Portal.Onboarding;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Coordi.Portal.Pages.Onboarding;

/// <summary>Resumes onboarding where the organization left it.</summary>
public sealed class IndexModel(OnboardingStore store) : PageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var progress = await store.GetAsync(User.OrganizationId(), cancellationToken);
        return OnboardingStore.NextStep(progress) is { } next ? Redirect(OnboardingSteps.Page(next)) : RedirectToPage("/Onboarding/Done");
    }
}
