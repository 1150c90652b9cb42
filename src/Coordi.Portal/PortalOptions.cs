using System.ComponentModel.DataAnnotations;
using Coordi.Portal.Forms;

namespace Coordi.Portal;

/// <summary>Bound from the "Coordi:Portal" section, validated at start-up.</summary>
public sealed class PortalOptions : IValidatableObject
{
    public const string Section = "Coordi:Portal";

    /// <summary>HTTP/1.1 port the portal listens on (TLS ends at the ingress).</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 5000;

    /// <summary>
    /// HTTP/1.1 port that serves /metrics (and the health probes) apart from the public port, so the ingress never
    /// exposes the scrape. 0: no separate port, /metrics is served on <see cref="Port"/> (local runs).
    /// </summary>
    [Range(0, 65535)]
    public int ManagementPort { get; set; }

    /// <summary>
    /// The portal's own public URL, used for links in emails. Links are never built from the request's Host
    /// header, which a client controls.
    /// </summary>
    [Required, Url]
    public string PublicBaseUrl { get; set; } = "http://localhost:5000";

    /// <summary>
    /// Behind a TLS-terminating ingress: trust X-Forwarded-Proto/For so cookies are marked Secure. Only set it
    /// where the ingress is the sole way in.
    /// </summary>
    public bool BehindProxy { get; set; }

    /// <summary>The core's gRPC address (HTTP/2): "http://host:5100", or "dns:///host:5100" to balance across pods.</summary>
    [Required]
    public string CoreAddress { get; set; } = "http://127.0.0.1:5100";

    /// <summary>This service's credential at the core (Coordi:Core:ServiceCredentials:portal there).</summary>
    [Required, MinLength(32)]
    public string CoreCredential { get; set; } = "";

    /// <summary>Deadline of every call to the core.</summary>
    [Range(1, 120)]
    public int CoreTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// Public base URL of the voice edge, which serves recordings through links the core signs (the core's
    /// Coordi:Core:VoicePublicBaseUrl, the same edge); allowed as a media source by the Content-Security-Policy.
    /// </summary>
    [Required, Url]
    public string VoicePublicBaseUrl { get; set; } = "http://127.0.0.1:5200";

    /// <summary>Platform OpenAI key for voice previews, used when the organization has none of its own.</summary>
    public string OpenAiApiKey { get; set; } = "";

    /// <summary>Base URL of the OpenAI API (a proxy or compatible endpoint); empty for api.openai.com.</summary>
    public string OpenAiBaseUrl { get; set; } = "";

    /// <summary>Text-to-speech model of the voice preview.</summary>
    [Required]
    public string OpenAiSpeechModel { get; set; } = "gpt-4o-mini-tts";

    /// <summary>
    /// Origins the Billing page's forms may redirect to (Stripe Checkout and the customer portal), space-separated,
    /// for the Content-Security-Policy's form-action.
    /// </summary>
    public string StripeFormOrigins { get; set; } = "https://checkout.stripe.com https://billing.stripe.com";

    [Required]
    public EmailOptions Email { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // [Url] would refuse the "dns:" scheme the cluster uses to reach every core pod.
        if (!Uri.TryCreate(CoreAddress, UriKind.Absolute, out var core) || core.Scheme is not ("http" or "https" or "dns"))
        {
            yield return new ValidationResult("CoreAddress must be an http(s):// or dns:/// address.", [nameof(CoreAddress)]);
        }

        if (OpenAiBaseUrl.Length > 0 && !Uri.TryCreate(OpenAiBaseUrl, UriKind.Absolute, out _))
        {
            yield return new ValidationResult("OpenAiBaseUrl must be an absolute URL.", [nameof(OpenAiBaseUrl)]);
        }

        var emailResults = new List<ValidationResult>();
        Validator.TryValidateObject(Email, new ValidationContext(Email), emailResults, validateAllProperties: true);
        foreach (var result in emailResults)
        {
            yield return new ValidationResult("Email: " + result.ErrorMessage, [nameof(Email)]);
        }

        if (string.IsNullOrWhiteSpace(Email.SmtpHost) && string.IsNullOrWhiteSpace(Email.PickupDirectory))
        {
            yield return new ValidationResult("Configure Email:SmtpHost, or Email:PickupDirectory to write messages as .eml files.", [nameof(Email)]);
        }
    }
}

/// <summary>Outgoing mail: SMTP when a host is set, otherwise .eml files in a pickup folder (development).</summary>
public sealed class EmailOptions
{
    [Required, ValidEmail]
    public string From { get; set; } = "no-reply@coordi.local";

    public string FromName { get; set; } = "Coordi";

    public string SmtpHost { get; set; } = "";

    [Range(1, 65535)]
    public int SmtpPort { get; set; } = 587;

    public string SmtpUser { get; set; } = "";

    public string SmtpPassword { get; set; } = "";

    public bool SmtpEnableSsl { get; set; } = true;

    /// <summary>Folder that receives messages as .eml files when no SMTP host is set; relative to the content root.</summary>
    public string PickupDirectory { get; set; } = "../../.local/mail";
}
