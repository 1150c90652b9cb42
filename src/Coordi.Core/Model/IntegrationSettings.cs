using Coordi.MultiTenancy;

namespace Coordi.Core.Model;

/// <summary>The tenant's own accounts. Secret columns hold Data Protection ciphertext, never plain text.</summary>
public sealed class IntegrationSettings : ITenantOwned
{
    public Guid TenantId { get; set; }
    public string TwilioAccountSid { get; set; } = "";
    public string? TwilioAuthTokenProtected { get; set; }
    public string? OpenAiApiKeyProtected { get; set; }
    public string OpenAiModel { get; set; } = "";
    public string WebhookUrl { get; set; } = "";
    public string? WebhookSecretProtected { get; set; }
    public DateTime UpdatedAt { get; set; }
}
