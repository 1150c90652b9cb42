using Coordi.Portal.Accounts;
using Coordi.Portal.Core;
using Coordi.Portal.Model;
using Coordi.Portal.Onboarding;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Coordi.Portal.Pages.Onboarding;

/// <summary>One step of onboarding: knows its place in the sequence and records completion.</summary>
public abstract class OnboardingPageModel(OrganizationCore core, OnboardingStore store) : PageModel
{
    protected OrganizationCore Core { get; } = core;

    public abstract OnboardingStep Step { get; }

    public OnboardingProgress Progress { get; private set; } = new();

    protected async Task LoadProgressAsync(CancellationToken cancellationToken) =>
        Progress = await store.GetAsync(User.OrganizationId(), cancellationToken);

    /// <summary>Records the step and moves on to the next one; after the last, to whatever is still open.</summary>
    protected async Task<IActionResult> CompleteAsync(CancellationToken cancellationToken)
    {
        await store.CompleteAsync(User.OrganizationId(), Step, cancellationToken);
        var following = OnboardingSteps.InOrder.SkipWhile(s => s != Step).Skip(1).Cast<OnboardingStep?>().FirstOrDefault();
        return following is { } next ? Redirect(OnboardingSteps.Page(next)) : RedirectToPage("/Onboarding/Index");
    }
}
