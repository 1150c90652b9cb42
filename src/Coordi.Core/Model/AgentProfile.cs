using Coordi.MultiTenancy;

namespace Coordi.Core.Model;

public sealed class AgentProfile : ITenantOwned
{
    public Guid TenantId { get; set; }
    public string Name { get; set; } = "Alex";
    public string Voice { get; set; } = "alloy";
    public string Greeting { get; set; } = "Thanks for calling! How can I help you today?";
    public string Language { get; set; } = "en-US";
    public int Warmth { get; set; } = 70;
    public int Formality { get; set; } = 40;
    public int Verbosity { get; set; } = 35;
    public int Pace { get; set; } = 50;
    public string CustomInstructions { get; set; } = "";
    public bool RecordingDisclosure { get; set; } = true;
    public bool AiDisclosure { get; set; } = true;
    public EscalationPolicy EscalationPolicy { get; set; } = EscalationPolicy.OnRequestOrEmergency;
    public DateTime UpdatedAt { get; set; }
}

public enum EscalationPolicy
{
    OnRequest = 1,
    OnRequestOrEmergency = 2,
    Never = 3,
}
