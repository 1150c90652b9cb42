using FluentValidation;
using NodaTime;

namespace Coordi.Core.Validation;

/// <summary>Rules only the core's validators use; those the edge and portal share are in Coordi.Contracts.Rules.</summary>
public static class ValidationRules
{
    public static bool IsTimeZone(string? value) =>
        !string.IsNullOrEmpty(value) && DateTimeZoneProviders.Tzdb.GetZoneOrNull(value) is not null;

    public static IRuleBuilderOptions<T, string> TimeZone<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(IsTimeZone).WithMessage("'{PropertyValue}' is not an IANA time zone id, like America/Chicago.");

    public static IRuleBuilderOptions<T, string> PageToken<T>(this IRuleBuilder<T, string> rule) =>
        rule.MaximumLength(200);

    public static IRuleBuilderOptions<T, int> PageSize<T>(this IRuleBuilder<T, int> rule) =>
        rule.InclusiveBetween(0, Application.PageToken.MaxPageSize).WithMessage($"Page size must be between 1 and {Application.PageToken.MaxPageSize} (0 for the default).");
}
