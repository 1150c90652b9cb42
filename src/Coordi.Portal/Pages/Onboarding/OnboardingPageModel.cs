using Coordi.Portal.Accounts;
using Coordi.Portal.Core;
using Coordi.Portal.Model;
using Coordi.Portal.Onboarding;
using Grpc.Core;
using GrpcStatus = Grpc.Core.StatusCode;
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

    /// <summary>
    /// Ends a step's post: with errors on the form the page is shown again; otherwise <paramref name="save"/> sends it
    /// to the core, whose field errors come back onto the form, and the step is completed.
    /// </summary>
    protected async Task<IActionResult> SaveStepAsync(Func<Task> save, IReadOnlyDictionary<string, string> coreFields, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            await save();
        }
        catch (RpcException ex) when (ex.StatusCode == GrpcStatus.InvalidArgument)
        {
            ModelState.AddCoreErrors(ex, coreFields);
            return Page();
        }

        return await CompleteAsync(cancellationToken);
    }

    /// <summary>Records the step and moves on to the next one; after the last, to whatever is still open.</summary>
    protected async Task<IActionResult> CompleteAsync(CancellationToken cancellationToken)
    {
        await store.CompleteAsync(User.OrganizationId(), Step, cancellationToken);
        var following = OnboardingSteps.InOrder.SkipWhile(s => s != Step).Skip(1).Cast<OnboardingStep?>().FirstOrDefault();
        return following is { } next ? Redirect(OnboardingSteps.Page(next)) : RedirectToPage("/Onboarding/Index");
    }
}
