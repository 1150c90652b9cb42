using System.ComponentModel.DataAnnotations;
using Coordi.Contracts.Rules;
using Coordi.Contracts.V1;
using Coordi.Portal.Core;
using Coordi.Portal.Forms;
using Coordi.Portal.Numbers;
using Grpc.Core;
using GrpcStatus = Grpc.Core.StatusCode;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Coordi.Portal.Pages.Integrations;

/// <summary>
/// The organization's own Twilio and OpenAI accounts, outbound webhook and phone numbers (owners only). Secrets
/// are write-only: the core returns them masked, and the form never echoes what was typed.
/// </summary>
public sealed class IndexModel(OrganizationCore core, TwilioNumberSetup twilioNumbers, IOptions<PortalOptions> options) : PageModel, ITwilioNumberSetup
{
    private static readonly IReadOnlyDictionary<string, string> CoreFields = new Dictionary<string, string>
    {
        ["twilio_account_sid"] = "Input.TwilioAccountSid",
        ["twilio_auth_token"] = "Input.TwilioAuthToken",
        ["openai_api_key"] = "Input.OpenAiApiKey",
        ["openai_model"] = "Input.OpenAiModel",
        ["webhook_url"] = "Input.WebhookUrl",
        ["webhook_secret"] = "Input.WebhookSecret",
        ["e164"] = "Number.Number",
        ["label"] = "Number.Label",
        ["twilio_sid"] = "Number.TwilioSid",
    };

    public Contracts.V1.Integrations Current { get; private set; } = new();

    public IReadOnlyList<PhoneNumber> Numbers { get; private set; } = [];

    [BindProperty]
    public IntegrationsInput Input { get; set; } = new();

    [BindProperty]
    public NumberInput Number { get; set; } = new();

    [BindProperty]
    public NumberSearchInput Search { get; set; } = new();

    [BindProperty]
    public NumberPurchaseInput Buy { get; set; } = new();

    [BindProperty]
    public OwnedNumberInput Owned { get; set; } = new();

    public IReadOnlyList<AvailablePhoneNumber>? Found { get; private set; }

    public bool TwilioConnected => TwilioNumberSetup.IsConnected(Current);

    public string? StatusMessage { get; private set; }

    public string VoiceWebhookUrl => options.Value.VoicePublicBaseUrl.TrimEnd('/') + "/twilio/voice";

    public string StatusCallbackUrl => options.Value.VoicePublicBaseUrl.TrimEnd('/') + "/twilio/status";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Input = IntegrationsInput.From(Current);
        StatusMessage = TempData["StatusMessage"] as string;
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        RemoveErrorsOf(nameof(Number));
        RemoveErrorsOf(nameof(Search));
        RemoveErrorsOf(nameof(Buy));
        RemoveErrorsOf(nameof(Owned));
        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        try
        {
            await core.Integrations.UpdateIntegrationsAsync(Input.ToRequest(), cancellationToken: cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode == GrpcStatus.InvalidArgument)
        {
            ModelState.AddCoreErrors(ex, CoreFields);
            await LoadAsync(cancellationToken);
            return Page();
        }

        return Saved("Integrations saved.");
    }

    public async Task<IActionResult> OnPostAssignNumberAsync(CancellationToken cancellationToken)
    {
        RemoveErrorsOf(nameof(Input));
        RemoveErrorsOf(nameof(Search));
        RemoveErrorsOf(nameof(Buy));
        RemoveErrorsOf(nameof(Owned));
        await LoadAsync(cancellationToken);
        var e164 = PhoneNumberRules.ToE164(Number.Number);
        if (e164 is null)
        {
            ModelState.AddModelError("Number.Number", "Enter a valid phone number, e.g. (512) 555-0100 or +15125550100.");
        }

        if (!ModelState.IsValid)
        {
            Input = IntegrationsInput.From(Current);
            return Page();
        }

        try
        {
            await core.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest
            {
                E164 = e164,
                Label = Number.Label?.Trim() ?? "",
                TwilioSid = Number.TwilioSid?.Trim() ?? "",
            }, cancellationToken: cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode is GrpcStatus.InvalidArgument or GrpcStatus.AlreadyExists)
        {
            if (ex.StatusCode == GrpcStatus.AlreadyExists)
            {
                ModelState.AddModelError("Number.Number", "This number is already connected to a Coordi account.");
            }
            else
            {
                ModelState.AddCoreErrors(ex, CoreFields);
            }

            Input = IntegrationsInput.From(Current);
            return Page();
        }

        return Saved($"{PhoneNumberRules.Display(e164!)} connected.");
    }

    public async Task<IActionResult> OnPostSearchNumbersAsync(CancellationToken cancellationToken)
    {
        await BeginNumberFormAsync(nameof(Search), cancellationToken);
        if (ModelState.IsValid)
        {
            Found = await twilioNumbers.SearchAsync(Search, ModelState, cancellationToken);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostBuyNumberAsync(CancellationToken cancellationToken)
    {
        await BeginNumberFormAsync(nameof(Buy), cancellationToken);
        var bought = ModelState.IsValid ? await twilioNumbers.BuyAsync(Buy, ModelState, cancellationToken) : null;
        return bought is null ? Page() : Saved($"{PhoneNumberRules.Display(bought.E164)} bought and connected.");
    }

    public async Task<IActionResult> OnPostConnectOwnedNumberAsync(CancellationToken cancellationToken)
    {
        await BeginNumberFormAsync(nameof(Owned), cancellationToken);
        var connected = ModelState.IsValid ? await twilioNumbers.ConnectOwnedAsync(Owned, ModelState, cancellationToken) : null;
        return connected is null ? Page() : Saved($"{PhoneNumberRules.Display(connected.E164)} connected.");
    }

    public async Task<IActionResult> OnPostReleaseNumberAsync(Guid numberId, CancellationToken cancellationToken)
    {
        // NotFound for another organization's number is shown as a 404 page.
        await core.PhoneNumbers.ReleasePhoneNumberAsync(new ReleasePhoneNumberRequest { Id = numberId.ToString() }, cancellationToken: cancellationToken);
        return Saved("Number released.");
    }

    private IActionResult Saved(string message)
    {
        TempData["StatusMessage"] = message;
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var current = core.Integrations.GetIntegrationsAsync(new GetIntegrationsRequest(), cancellationToken: cancellationToken).ResponseAsync;
        var numbers = core.PhoneNumbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest { PageSize = 200 }, cancellationToken: cancellationToken).ResponseAsync;
        Current = await current;
        Numbers = (await numbers).PhoneNumbers;
    }

    /// <summary>Only the posted form's fields count; the page shows the saved integrations around it.</summary>
    private async Task BeginNumberFormAsync(string prefix, CancellationToken cancellationToken)
    {
        foreach (var other in new[] { nameof(Input), nameof(Number), nameof(Search), nameof(Buy), nameof(Owned) }.Where(p => p != prefix))
        {
            RemoveErrorsOf(other);
        }

        await LoadAsync(cancellationToken);
        Input = IntegrationsInput.From(Current);
    }

    private void RemoveErrorsOf(string prefix)
    {
        foreach (var key in ModelState.Keys.Where(k => k.StartsWith(prefix + ".", StringComparison.Ordinal)).ToList())
        {
            ModelState.Remove(key);
        }
    }

    public sealed class IntegrationsInput
    {
        [StringLength(34)]
        [Display(Name = "Twilio account SID")]
        public string? TwilioAccountSid { get; set; }

        [StringLength(64)]
        [DataType(DataType.Password)]
        [Display(Name = "Twilio auth token")]
        public string? TwilioAuthToken { get; set; }

        [Display(Name = "Remove the saved Twilio auth token")]
        public bool ClearTwilioAuthToken { get; set; }

        [StringLength(300)]
        [DataType(DataType.Password)]
        [Display(Name = "OpenAI API key")]
        public string? OpenAiApiKey { get; set; }

        [Display(Name = "Remove the saved OpenAI API key")]
        public bool ClearOpenAiApiKey { get; set; }

        [StringLength(100)]
        [Display(Name = "OpenAI realtime model (optional)")]
        public string? OpenAiModel { get; set; }

        [StringLength(2000)]
        [Display(Name = "Webhook URL")]
        public string? WebhookUrl { get; set; }

        [StringLength(200)]
        [DataType(DataType.Password)]
        [Display(Name = "Webhook signing secret")]
        public string? WebhookSecret { get; set; }

        [Display(Name = "Remove the saved webhook secret")]
        public bool ClearWebhookSecret { get; set; }

        public static IntegrationsInput From(Contracts.V1.Integrations current) => new()
        {
            TwilioAccountSid = current.TwilioAccountSid,
            OpenAiModel = current.OpenaiModel,
            WebhookUrl = current.WebhookUrl,
        };

        /// <summary>A blank secret field keeps the saved secret; only a typed value or "remove" changes it.</summary>
        public UpdateIntegrationsRequest ToRequest()
        {
            var request = new UpdateIntegrationsRequest
            {
                TwilioAccountSid = TwilioAccountSid?.Trim() ?? "",
                OpenaiModel = OpenAiModel?.Trim() ?? "",
                WebhookUrl = WebhookUrl?.Trim() ?? "",
            };
            if (ClearTwilioAuthToken)
            {
                request.TwilioAuthToken = "";
            }
            else if (!string.IsNullOrWhiteSpace(TwilioAuthToken))
            {
                request.TwilioAuthToken = TwilioAuthToken.Trim();
            }

            if (ClearOpenAiApiKey)
            {
                request.OpenaiApiKey = "";
            }
            else if (!string.IsNullOrWhiteSpace(OpenAiApiKey))
            {
                request.OpenaiApiKey = OpenAiApiKey.Trim();
            }

            if (ClearWebhookSecret)
            {
                request.WebhookSecret = "";
            }
            else if (!string.IsNullOrWhiteSpace(WebhookSecret))
            {
                request.WebhookSecret = WebhookSecret.Trim();
            }

            return request;
        }
    }

    public sealed class NumberInput
    {
        [StringLength(32)]
        [Display(Name = "Phone number")]
        public string? Number { get; set; }

        [StringLength(100)]
        [Display(Name = "Label (optional)")]
        public string? Label { get; set; }

        [StringLength(34)]
        [Display(Name = "Twilio number SID (optional, PN…)")]
        public string? TwilioSid { get; set; }
    }
}
