using Coordi.Portal.Core;
using Coordi.Portal.Onboarding;

namespace Coordi.Portal.Pages.Onboarding;

public sealed class DoneModel(OrganizationCore core, OnboardingStore store) : OnboardingPageModel(core, store)
{
    public override OnboardingStep Step => OnboardingStep.Phone;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadProgressAsync(cancellationToken);
}
