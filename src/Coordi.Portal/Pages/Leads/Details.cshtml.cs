using System.ComponentModel.DataAnnotations;
using Coordi.Contracts.Rules;
using Coordi.Contracts.V1;
using Coordi.Portal.Accounts;
using Coordi.Portal.Core;
using Coordi.Portal.Display;
using Coordi.Portal.Forms;
using Grpc.Core;
using GrpcStatus = Grpc.Core.StatusCode;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Coordi.Portal.Pages.Leads;

public sealed class DetailsModel(OrganizationCore core, NodaTime.IClock clock) : PageModel
{
    private static readonly IReadOnlyDictionary<string, string> CoreFields = new Dictionary<string, string>
    {
        ["lead.name"] = "Edit.Name",
        ["lead.phone"] = "Edit.Phone",
        ["lead.email"] = "Edit.Email",
        ["lead.address"] = "Edit.Address",
        ["lead.service"] = "Edit.Service",
        ["lead.urgency"] = "Edit.Urgency",
        ["lead.notes"] = "Edit.Notes",
        ["lead.status"] = "NewStatus",
    };

    public Lead Lead { get; private set; } = new();

    public IReadOnlyList<Appointment> Appointments { get; private set; } = [];

    public OrganizationTime Time { get; private set; } = null!;

    [BindProperty]
    public LeadForm Edit { get; set; } = new();

    [BindProperty]
    public LeadStatus NewStatus { get; set; }

    public string? StatusMessage { get; private set; }

    public async Task OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        await LoadAsync(id, cancellationToken);
        Edit = LeadForm.From(Lead);
        NewStatus = Lead.Status;
    }

    public async Task<IActionResult> OnPostSaveAsync(Guid id, CancellationToken cancellationToken)
    {
        // Only the edit form is validated here; the status picker belongs to the other form.
        ModelState.Remove(nameof(NewStatus));
        await LoadAsync(id, cancellationToken);
        var phone = PhoneNumberRules.ToE164(Edit.Phone);
        if (phone is null)
        {
            ModelState.AddModelError("Edit.Phone", "Enter a valid phone number, e.g. (512) 555-0143.");
        }

        if (!ModelState.IsValid)
        {
            NewStatus = Lead.Status;
            return Page();
        }

        var values = Edit.ToProto(phone!);
        var mask = Edit.ChangedFields(Lead, values).ToList();
        if (mask.Count == 0)
        {
            return RedirectToPage(new { id });
        }

        return await UpdateAsync(id, values, mask, "Lead saved.", cancellationToken);
    }

    public async Task<IActionResult> OnPostStatusAsync(Guid id, CancellationToken cancellationToken)
    {
        foreach (var key in ModelState.Keys.Where(k => k.StartsWith(nameof(Edit) + ".", StringComparison.Ordinal)).ToList())
        {
            ModelState.Remove(key);
        }

        await LoadAsync(id, cancellationToken);
        if (!Labels.LeadStatuses.Contains(NewStatus))
        {
            ModelState.AddModelError(nameof(NewStatus), "Choose a status.");
            Edit = LeadForm.From(Lead);
            return Page();
        }

        if (NewStatus == Lead.Status)
        {
            return RedirectToPage(new { id });
        }

        return await UpdateAsync(id, new Lead { Status = NewStatus }, ["status"], $"Status changed to {Labels.Of(NewStatus)}.", cancellationToken);
    }

    private async Task<IActionResult> UpdateAsync(Guid id, Lead values, List<string> mask, string message, CancellationToken cancellationToken)
    {
        var request = new UpdateLeadRequest { Id = id.ToString(), Lead = values, ChangedBy = User.Email() };
        request.UpdateMask.AddRange(mask);
        try
        {
            await core.Leads.UpdateLeadAsync(request, cancellationToken: cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode == GrpcStatus.InvalidArgument)
        {
            ModelState.AddCoreErrors(ex, CoreFields);
            NewStatus = Lead.Status;
            return Page();
        }

        TempData["StatusMessage"] = message;
        return RedirectToPage(new { id });
    }

    private async Task LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        // NotFound for another organization's lead becomes a 404 page.
        var lead = core.Leads.GetLeadAsync(new GetLeadRequest { Id = id.ToString() }, cancellationToken: cancellationToken).ResponseAsync;
        var organization = core.OrganizationAsync(cancellationToken);
        Lead = await lead;
        Time = new OrganizationTime((await organization).TimeZone, clock);
        Appointments = Lead.AppointmentIds.Count == 0 ? [] :
            (await core.Appointments.ListAppointmentsAsync(new ListAppointmentsRequest { LeadId = Lead.Id, PageSize = 50 }, cancellationToken: cancellationToken)).Appointments;
        StatusMessage = TempData["StatusMessage"] as string;
    }

    public static string HistoryValue(string field, string value) => field switch
    {
        "status" when Enum.TryParse<LeadStatus>(value, true, out var s) => Labels.Of(s),
        "urgency" when Enum.TryParse<Urgency>(value, true, out var u) => Labels.Of(u),
        _ => value,
    };

    public sealed class LeadForm
    {
        [Required(ErrorMessage = "Enter the lead's name.")]
        [StringLength(200)]
        public string Name { get; set; } = "";

        [Required(ErrorMessage = "Enter a phone number.")]
        [StringLength(32)]
        public string Phone { get; set; } = "";

        [ValidEmail]
        [StringLength(254)]
        public string? Email { get; set; }

        [StringLength(500)]
        public string? Address { get; set; }

        [StringLength(200)]
        public string? Service { get; set; }

        public Urgency Urgency { get; set; } = Urgency.Normal;

        [StringLength(4000)]
        public string? Notes { get; set; }

        public static LeadForm From(Lead lead) => new()
        {
            Name = lead.Name,
            Phone = lead.Phone,
            Email = lead.Email,
            Address = lead.Address,
            Service = lead.Service,
            Urgency = lead.Urgency == Urgency.Unspecified ? Urgency.Normal : lead.Urgency,
            Notes = lead.Notes,
        };

        public Lead ToProto(string e164) => new()
        {
            Name = Name.Trim(),
            Phone = e164,
            Email = Email?.Trim() ?? "",
            Address = Address?.Trim() ?? "",
            Service = Service?.Trim() ?? "",
            Urgency = Urgency,
            Notes = Notes?.Trim() ?? "",
        };

        /// <summary>Only what changed is sent, so the history records real edits.</summary>
        public IEnumerable<string> ChangedFields(Lead current, Lead values)
        {
            if (current.Name != values.Name) yield return "name";
            if (current.Phone != values.Phone) yield return "phone";
            if (current.Email != values.Email) yield return "email";
            if (current.Address != values.Address) yield return "address";
            if (current.Service != values.Service) yield return "service";
            if (current.Urgency != values.Urgency) yield return "urgency";
            if (current.Notes != values.Notes) yield return "notes";
        }
    }
}
