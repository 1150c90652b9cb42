using Coordi.Contracts.V1;
using Coordi.Portal.Core;
using Coordi.Portal.Forms;
using Grpc.Core;
using GrpcStatus = Grpc.Core.StatusCode;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Coordi.Portal.Pages.Business;

/// <summary>The business profile the receptionist knows: what, when, where, FAQs, who takes over, booking rules.</summary>
public sealed class IndexModel(OrganizationCore core) : PageModel
{
    [BindProperty]
    public BusinessBasicsForm Basics { get; set; } = new();

    [BindProperty]
    public ServicesForm Offer { get; set; } = new();

    [BindProperty]
    public BusinessExtrasForm Extras { get; set; } = new();

    public string? StatusMessage { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var profile = await core.Profiles.GetBusinessProfileAsync(new GetBusinessProfileRequest(), cancellationToken: cancellationToken);
        Basics = BusinessBasicsForm.From(profile);
        Offer = ServicesForm.From(profile);
        Extras = BusinessExtrasForm.From(profile);
        StatusMessage = TempData["StatusMessage"] as string;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        foreach (var (field, message) in Offer.Validate(nameof(Offer)).Concat(Extras.Validate(nameof(Extras))))
        {
            ModelState.AddModelError(field, message);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var profile = new BusinessProfile();
        Basics.ApplyTo(profile);
        Offer.ApplyTo(profile);
        Extras.ApplyTo(profile);
        try
        {
            await core.Profiles.UpdateBusinessProfileAsync(new UpdateBusinessProfileRequest { Profile = profile }, cancellationToken: cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode == GrpcStatus.InvalidArgument)
        {
            ModelState.AddCoreErrors(ex, BusinessBasicsForm.CoreFields.Concat(ServicesForm.CoreFields).Concat(BusinessExtrasForm.CoreFields).ToDictionary());
            return Page();
        }

        TempData["StatusMessage"] = "Business profile saved.";
        return RedirectToPage();
    }
}
