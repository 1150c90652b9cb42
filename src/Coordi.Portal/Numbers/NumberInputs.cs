using System.ComponentModel.DataAnnotations;

namespace Coordi.Portal.Numbers;

/// <summary>What an owner searches Twilio's inventory for. Checked by the core, which knows Twilio's rules.</summary>
public sealed class NumberSearchInput
{
    public static readonly (string Code, string Name)[] Countries = [("US", "United States"), ("CA", "Canada"), ("GB", "United Kingdom")];

    [StringLength(2)]
    [Display(Name = "Country")]
    public string Country { get; set; } = "US";

    [StringLength(3)]
    [Display(Name = "Area code (optional)")]
    public string? AreaCode { get; set; }

    [StringLength(16)]
    [Display(Name = "Contains (optional)")]
    public string? Contains { get; set; }
}

/// <summary>One number picked from the search results.</summary>
public sealed class NumberPurchaseInput
{
    [StringLength(16)]
    public string? E164 { get; set; }

    [StringLength(100)]
    [Display(Name = "Label (optional)")]
    public string? Label { get; set; }
}

/// <summary>A number the owner already has in their Twilio account.</summary>
public sealed class OwnedNumberInput
{
    [StringLength(32)]
    [Display(Name = "Your Twilio number")]
    public string? Number { get; set; }

    [StringLength(100)]
    [Display(Name = "Label (optional)")]
    public string? Label { get; set; }
}
