using System.ComponentModel.DataAnnotations;
using Coordi.Contracts.Rules;
using Coordi.Contracts.V1;
using Coordi.Portal.Core;
using Coordi.Portal.Forms;
using Coordi.Portal.Numbers;
using Coordi.Portal.Onboarding;
using Grpc.Core;
using GrpcStatus = Grpc.Core.StatusCode;
using Microsoft.AspNetCore.Mvc;

namespace Coordi.Portal.Pages.Onboarding;

public sealed class PhoneModel(OrganizationCore core, OnboardingStore store, TwilioNumberSetup twilioNumbers) : OnboardingPageModel(core, store), ITwilioNumberSetup
{
    public override OnboardingStep Step => OnboardingStep.Phone;

    [BindProperty]
    public PhoneForm Number { get; set; } = new();

    [BindProperty]
    public NumberSearchInput Search { get; set; } = new();

    [BindProperty]
    public NumberPurchaseInput Buy { get; set; } = new();

    [BindProperty]
    public OwnedNumberInput Owned { get; set; } = new();

    public IReadOnlyList<AvailablePhoneNumber>? Found { get; private set; }

    public bool TwilioConnected { get; private set; }

    public IReadOnlyList<PhoneNumber> Assigned { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        OnlyFieldsOf(nameof(Number));
        await LoadAsync(cancellationToken);
        var e164 = PhoneNumberRules.ToE164(Number.Number);
        if (!string.IsNullOrWhiteSpace(Number.Number) && e164 is null)
        {
            ModelState.AddModelError("Number.Number", "Enter a valid phone number, e.g. (512) 555-0100 or +15125550100.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            await Core.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = e164, Label = Number.Label?.Trim() ?? "" }, cancellationToken: cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode == GrpcStatus.AlreadyExists)
        {
            ModelState.AddModelError("Number.Number", "This number is already connected to a Coordi account.");
            return Page();
        }
        catch (RpcException ex) when (ex.StatusCode == GrpcStatus.InvalidArgument)
        {
            ModelState.AddCoreErrors(ex, new Dictionary<string, string> { ["e164"] = "Number.Number", ["label"] = "Number.Label" });
            return Page();
        }

        return await CompleteAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostSearchNumbersAsync(CancellationToken cancellationToken)
    {
        OnlyFieldsOf(nameof(Search));
        await LoadAsync(cancellationToken);
        if (ModelState.IsValid)
        {
            Found = await twilioNumbers.SearchAsync(Search, ModelState, cancellationToken);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostBuyNumberAsync(CancellationToken cancellationToken)
    {
        OnlyFieldsOf(nameof(Buy));
        await LoadAsync(cancellationToken);
        var bought = ModelState.IsValid ? await twilioNumbers.BuyAsync(Buy, ModelState, cancellationToken) : null;
        return bought is null ? Page() : await CompleteAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostConnectOwnedNumberAsync(CancellationToken cancellationToken)
    {
        OnlyFieldsOf(nameof(Owned));
        await LoadAsync(cancellationToken);
        var connected = ModelState.IsValid ? await twilioNumbers.ConnectOwnedAsync(Owned, ModelState, cancellationToken) : null;
        return connected is null ? Page() : await CompleteAsync(cancellationToken);
    }

    /// <summary>A number assigned earlier (e.g. by support) completes the step without entering another.</summary>
    public async Task<IActionResult> OnPostContinueAsync(CancellationToken cancellationToken)
    {
        OnlyFieldsOf(nameof(Number));
        await LoadAsync(cancellationToken);
        if (Assigned.Count == 0)
        {
            ModelState.AddModelError("Number.Number", "Enter the number callers dial.");
            return Page();
        }

        return await CompleteAsync(cancellationToken);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var assigned = Core.PhoneNumbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest(), cancellationToken: cancellationToken).ResponseAsync;
        var integrations = Core.Integrations.GetIntegrationsAsync(new GetIntegrationsRequest(), cancellationToken: cancellationToken).ResponseAsync;
        await LoadProgressAsync(cancellationToken);
        Assigned = (await assigned).PhoneNumbers;
        TwilioConnected = TwilioNumberSetup.IsConnected(await integrations);
    }

    /// <summary>Each form posts only its own fields: the other forms' (empty) fields are not errors.</summary>
    private void OnlyFieldsOf(string prefix)
    {
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith(prefix + ".", StringComparison.Ordinal)).ToList())
        {
            ModelState.Remove(key);
        }
    }

    public sealed class PhoneForm
    {
        [Required(ErrorMessage = "Enter the number callers dial.")]
        [StringLength(32)]
        [Display(Name = "Phone number")]
        public string? Number { get; set; }

        [StringLength(100)]
        [Display(Name = "Label (optional)")]
        public string? Label { get; set; }
    }
}
