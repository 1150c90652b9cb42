using Coordi.Contracts.V1;
using Coordi.Portal.Core;
using Coordi.Portal.Forms;
using Coordi.Portal.Onboarding;
using Microsoft.AspNetCore.Mvc;

namespace Coordi.Portal.Pages.Onboarding;

public sealed class BusinessModel(OrganizationCore core, OnboardingStore store) : OnboardingPageModel(core, store)
{
    public override OnboardingStep Step => OnboardingStep.Business;

    [BindProperty]
    public BusinessBasicsForm Basics { get; set; } = new();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadProgressAsync(cancellationToken);
        Basics = BusinessBasicsForm.From(await Core.Profiles.GetBusinessProfileAsync(new GetBusinessProfileRequest(), cancellationToken: cancellationToken));
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadProgressAsync(cancellationToken);

        return await SaveStepAsync(async () =>
        {
            var profile = await Core.Profiles.GetBusinessProfileAsync(new GetBusinessProfileRequest(), cancellationToken: cancellationToken);
            Basics.ApplyTo(profile);
            await Core.Profiles.UpdateBusinessProfileAsync(new UpdateBusinessProfileRequest { Profile = profile }, cancellationToken: cancellationToken);
        }, BusinessBasicsForm.CoreFields, cancellationToken);
    }
}
