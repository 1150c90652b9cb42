using Coordi.Contracts.V1;
using Coordi.Portal.Core;
using Coordi.Portal.Forms;
using Coordi.Portal.Onboarding;
using Microsoft.AspNetCore.Mvc;

namespace Coordi.Portal.Pages.Onboarding;

public sealed class AgentModel(OrganizationCore core, OnboardingStore store) : OnboardingPageModel(core, store)
{
    public override OnboardingStep Step => OnboardingStep.Agent;

    [BindProperty]
    public AgentForm Agent { get; set; } = new();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadProgressAsync(cancellationToken);
        Agent = AgentForm.From(await Core.Profiles.GetAgentProfileAsync(new GetAgentProfileRequest(), cancellationToken: cancellationToken));
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadProgressAsync(cancellationToken);

        return await SaveStepAsync(async () =>
        {
            var profile = await Core.Profiles.GetAgentProfileAsync(new GetAgentProfileRequest(), cancellationToken: cancellationToken);
            Agent.ApplyBasicsTo(profile);
            await Core.Profiles.UpdateAgentProfileAsync(new UpdateAgentProfileRequest { Profile = profile }, cancellationToken: cancellationToken);
        }, AgentForm.CoreFields(nameof(Agent)), cancellationToken);
    }
}
