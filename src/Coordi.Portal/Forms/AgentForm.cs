using System.ComponentModel.DataAnnotations;
using Coordi.Contracts.V1;

namespace Coordi.Portal.Forms;

/// <summary>Everything about how the receptionist sounds, as one form.</summary>
public sealed class AgentForm
{
    [Required(ErrorMessage = "Give your receptionist a name.")]
    [StringLength(60)]
    [Display(Name = "Receptionist's name")]
    public string Name { get; set; } = "";

    [Required]
    [Display(Name = "Voice")]
    public string Voice { get; set; } = "alloy";

    [Required(ErrorMessage = "Write the first words of every call.")]
    [StringLength(500)]
    [Display(Name = "Greeting")]
    public string Greeting { get; set; } = "";

    [Required]
    [StringLength(35)]
    [Display(Name = "Language")]
    public string Language { get; set; } = "en-US";

    [Range(0, 100)]
    public int Warmth { get; set; } = 70;

    [Range(0, 100)]
    public int Formality { get; set; } = 40;

    [Range(0, 100)]
    public int Verbosity { get; set; } = 35;

    [Range(0, 100)]
    public int Pace { get; set; } = 50;

    [StringLength(4000)]
    [Display(Name = "Extra instructions")]
    public string? CustomInstructions { get; set; }

    [Display(Name = "Say that the caller is speaking with an AI assistant")]
    public bool AiDisclosure { get; set; } = true;

    [Display(Name = "Say that the call may be recorded")]
    public bool RecordingDisclosure { get; set; } = true;

    [Display(Name = "Hand calls to a person")]
    public EscalationPolicy EscalationPolicy { get; set; } = EscalationPolicy.OnRequestOrEmergency;

    public static AgentForm From(AgentProfile p) => new()
    {
        Name = p.Name,
        Voice = p.Voice,
        Greeting = p.Greeting,
        Language = p.Language,
        Warmth = p.Warmth,
        Formality = p.Formality,
        Verbosity = p.Verbosity,
        Pace = p.Pace,
        CustomInstructions = p.CustomInstructions,
        AiDisclosure = p.AiDisclosure,
        RecordingDisclosure = p.RecordingDisclosure,
        EscalationPolicy = p.EscalationPolicy == EscalationPolicy.Unspecified ? EscalationPolicy.OnRequestOrEmergency : p.EscalationPolicy,
    };

    /// <summary>Also used for previews of a form that failed validation, so every field may be missing.</summary>
    public AgentProfile ToProto() => new()
    {
        Name = Name?.Trim() ?? "",
        Voice = Voice ?? "",
        Greeting = Greeting?.Trim() ?? "",
        Language = Language?.Trim() ?? "",
        Warmth = Warmth,
        Formality = Formality,
        Verbosity = Verbosity,
        Pace = Pace,
        CustomInstructions = CustomInstructions?.Trim() ?? "",
        AiDisclosure = AiDisclosure,
        RecordingDisclosure = RecordingDisclosure,
        EscalationPolicy = EscalationPolicy,
    };

    /// <summary>Only the fields onboarding asks for; the rest keep their saved values.</summary>
    public void ApplyBasicsTo(AgentProfile p)
    {
        p.Name = Name.Trim();
        p.Voice = Voice;
        p.Greeting = Greeting.Trim();
        p.AiDisclosure = AiDisclosure;
        p.RecordingDisclosure = RecordingDisclosure;
    }

    public static IReadOnlyDictionary<string, string> CoreFields(string prefix) => new Dictionary<string, string>
    {
        ["profile.name"] = prefix + ".Name",
        ["profile.voice"] = prefix + ".Voice",
        ["profile.greeting"] = prefix + ".Greeting",
        ["profile.language"] = prefix + ".Language",
        ["profile.warmth"] = prefix + ".Warmth",
        ["profile.formality"] = prefix + ".Formality",
        ["profile.verbosity"] = prefix + ".Verbosity",
        ["profile.pace"] = prefix + ".Pace",
        ["profile.custom_instructions"] = prefix + ".CustomInstructions",
        ["profile.escalation_policy"] = prefix + ".EscalationPolicy",
        ["agent.name"] = prefix + ".Name",
        ["agent.voice"] = prefix + ".Voice",
        ["agent.greeting"] = prefix + ".Greeting",
        ["agent.language"] = prefix + ".Language",
        ["agent.custom_instructions"] = prefix + ".CustomInstructions",
    };
}
