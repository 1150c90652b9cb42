using Coordi.Contracts.V1;
using Coordi.Portal.Core;
using Coordi.Portal.Forms;
using Coordi.Portal.Onboarding;
using Grpc.Core;
using GrpcStatus = Grpc.Core.StatusCode;
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
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var profile = await Core.Profiles.GetAgentProfileAsync(new GetAgentProfileRequest(), cancellationToken: cancellationToken);
        Agent.ApplyBasicsTo(profile);
        try
        {
            await Core.Profiles.UpdateAgentProfileAsync(new UpdateAgentProfileRequest { Profile = profile }, cancellationToken: cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode == GrpcStatus.InvalidArgument)
        {
            ModelState.AddCoreErrors(ex, AgentForm.CoreFields(nameof(Agent)));
            return Page();
        }

        return await CompleteAsync(cancellationToken);
    }
}
