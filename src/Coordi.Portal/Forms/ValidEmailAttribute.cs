using System.ComponentModel.DataAnnotations;
using Coordi.Contracts.Rules;

namespace Coordi.Portal.Forms;

/// <summary>
/// An e-mail field checked by the same rule as the core (<see cref="EmailRules"/>), so the portal never accepts an
/// address the core would refuse. Used instead of <see cref="EmailAddressAttribute"/>, which only looks for one "@"
/// somewhere and so lets through "a@@b", "a b@c.test" and "mailto:x@y.test". Surrounding spaces are allowed because
/// every form trims the address before using it; an empty value is left to [Required].
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class ValidEmailAttribute : ValidationAttribute
{
    public const string Message = "Enter a valid email address, like jane@example.com.";

    public ValidEmailAttribute()
        : base(Message)
    {
    }

    public override bool IsValid(object? value) => value switch
    {
        null => true,
        string text when string.IsNullOrWhiteSpace(text) => true,
        string text => EmailRules.IsEmail(text.Trim()),
        _ => false,
    };
}
