using Coordi.Contracts.V1;
using Coordi.Portal.Core;
using Coordi.Portal.Forms;
using Coordi.Portal.Onboarding;
using Microsoft.AspNetCore.Mvc;

namespace Coordi.Portal.Pages.Onboarding;

public sealed class ServicesModel(OrganizationCore core, OnboardingStore store) : OnboardingPageModel(core, store)
{
    public override OnboardingStep Step => OnboardingStep.Services;

    [BindProperty]
    public ServicesForm Offer { get; set; } = new();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadProgressAsync(cancellationToken);
        Offer = ServicesForm.From(await Core.Profiles.GetBusinessProfileAsync(new GetBusinessProfileRequest(), cancellationToken: cancellationToken));
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadProgressAsync(cancellationToken);
        foreach (var (field, message) in Offer.Validate(nameof(Offer)))
        {
            ModelState.AddModelError(field, message);
        }

        if (!Offer.FilledServices.Any())
        {
            ModelState.AddModelError("Offer.Services[0].Name", "Add at least one service your business offers.");
        }

        return await SaveStepAsync(async () =>
        {
            var profile = await Core.Profiles.GetBusinessProfileAsync(new GetBusinessProfileRequest(), cancellationToken: cancellationToken);
            Offer.ApplyTo(profile);
            await Core.Profiles.UpdateBusinessProfileAsync(new UpdateBusinessProfileRequest { Profile = profile }, cancellationToken: cancellationToken);
        }, ServicesForm.CoreFields, cancellationToken);
    }
}
