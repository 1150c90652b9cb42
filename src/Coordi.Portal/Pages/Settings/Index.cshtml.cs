using System.ComponentModel.DataAnnotations;
using Coordi.Contracts.V1;
using Coordi.Portal.Core;
using Coordi.Portal.Forms;
using Grpc.Core;
using GrpcStatus = Grpc.Core.StatusCode;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Coordi.Portal.Pages.Settings;

/// <summary>Organization settings (owners only): name, time zone, call recording.</summary>
public sealed class IndexModel(OrganizationCore core) : PageModel
{
    [BindProperty]
    public SettingsInput Input { get; set; } = new();

    public Organization Organization { get; private set; } = new();

    public string? StatusMessage { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Organization = await core.OrganizationAsync(cancellationToken);
        Input = new SettingsInput { Name = Organization.Name, TimeZone = Organization.TimeZone, RecordingEnabled = Organization.RecordingEnabled };
        StatusMessage = TempData["StatusMessage"] as string;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Organization = await core.OrganizationAsync(cancellationToken);
        if (!TimeZones.IsKnown(Input.TimeZone))
        {
            ModelState.AddModelError("Input.TimeZone", "Choose a time zone from the list.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            await core.Organizations.UpdateOrganizationAsync(new UpdateOrganizationRequest
            {
                Name = Input.Name.Trim(),
                TimeZone = Input.TimeZone,
                RecordingEnabled = Input.RecordingEnabled,
            }, cancellationToken: cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode == GrpcStatus.InvalidArgument)
        {
            ModelState.AddCoreErrors(ex, new Dictionary<string, string> { ["name"] = "Input.Name", ["time_zone"] = "Input.TimeZone" });
            return Page();
        }

        TempData["StatusMessage"] = "Settings saved.";
        return RedirectToPage();
    }

    public sealed class SettingsInput
    {
        [Required(ErrorMessage = "Enter the organization's name.")]
        [StringLength(200)]
        [Display(Name = "Organization name")]
        public string Name { get; set; } = "";

        [Required(ErrorMessage = "Choose a time zone.")]
        [Display(Name = "Time zone")]
        public string TimeZone { get; set; } = "";

        [Display(Name = "Record calls")]
        public bool RecordingEnabled { get; set; }
    }
}
