namespace Coordi.Portal.Model;

/// <summary>How far an organization got through onboarding, so it can be resumed from any device.</summary>
public sealed class OnboardingProgress
{
    public string OrganizationId { get; set; } = "";

    public DateTime? BusinessDoneAt { get; set; }

    public DateTime? ServicesDoneAt { get; set; }

    public DateTime? AgentDoneAt { get; set; }

    public DateTime? PhoneDoneAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public bool IsComplete => BusinessDoneAt is not null && ServicesDoneAt is not null && AgentDoneAt is not null && PhoneDoneAt is not null;
}
