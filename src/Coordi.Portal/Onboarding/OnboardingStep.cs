namespace Coordi.Portal.Onboarding;

/// <summary>The onboarding steps in the order an owner goes through them.</summary>
public enum OnboardingStep
{
    Business,
    Services,
    Agent,
    Phone,
}

public static class OnboardingSteps
{
    public static readonly OnboardingStep[] InOrder = [OnboardingStep.Business, OnboardingStep.Services, OnboardingStep.Agent, OnboardingStep.Phone];

    public static string Title(OnboardingStep step) => step switch
    {
        OnboardingStep.Business => "Business basics",
        OnboardingStep.Services => "Services, hours and service area",
        OnboardingStep.Agent => "Your receptionist",
        OnboardingStep.Phone => "Phone number",
        _ => step.ToString(),
    };

    public static string Page(OnboardingStep step) => "/Onboarding/" + step;
}
