using FluentValidation;
using NodaTime;
using PhoneNumbers;

namespace Coordi.Core.Validation;

/// <summary>Rules shared by the request validators, with messages a person can act on.</summary>
public static class ValidationRules
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public static bool IsE164(string? value)
    {
        if (string.IsNullOrEmpty(value) || value[0] != '+' || value.Length > 16)
        {
            return false;
        }

        try
        {
            var parsed = Phones.Parse(value, null);
            return Phones.IsValidNumber(parsed) && Phones.Format(parsed, PhoneNumberFormat.E164) == value;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    public static bool IsTimeZone(string? value) =>
        !string.IsNullOrEmpty(value) && DateTimeZoneProviders.Tzdb.GetZoneOrNull(value) is not null;

    public static bool IsId(string? value) => Guid.TryParseExact(value, "D", out _);

    public static IRuleBuilderOptions<T, string> E164<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(IsE164).WithMessage("'{PropertyValue}' is not a valid phone number in E.164 form, like +15125550100.");

    public static IRuleBuilderOptions<T, string> OptionalE164<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(v => v.Length == 0 || IsE164(v)).WithMessage("'{PropertyValue}' is not a valid phone number in E.164 form, like +15125550100.");

    public static IRuleBuilderOptions<T, string> Id<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(IsId).WithMessage("'{PropertyValue}' is not a valid id (a UUID like 3f2b8c9e-...).");

    public static IRuleBuilderOptions<T, string> OptionalId<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(v => v.Length == 0 || IsId(v)).WithMessage("'{PropertyValue}' is not a valid id (a UUID like 3f2b8c9e-...).");

    public static IRuleBuilderOptions<T, string> TimeZone<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(IsTimeZone).WithMessage("'{PropertyValue}' is not an IANA time zone id, like America/Chicago.");

    public static IRuleBuilderOptions<T, string> Email<T>(this IRuleBuilder<T, string> rule) =>
        rule.MaximumLength(254).EmailAddress().WithMessage("'{PropertyValue}' is not a valid email address.");

    public static IRuleBuilderOptions<T, string> OptionalEmail<T>(this IRuleBuilder<T, string> rule) =>
        rule.MaximumLength(254).Must(v => v.Length == 0 || (v.Contains('@') && !v.StartsWith('@') && !v.EndsWith('@')))
            .WithMessage("'{PropertyValue}' is not a valid email address.");

    public static IRuleBuilderOptions<T, string> RequestId<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().WithMessage("A request id is required so a retry does not create a duplicate.").MaximumLength(100);

    public static IRuleBuilderOptions<T, TEnum> DefinedNonZero<T, TEnum>(this IRuleBuilder<T, TEnum> rule)
        where TEnum : struct, Enum =>
        rule.Must(v => Enum.IsDefined(v) && Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) != 0)
            .WithMessage("'{PropertyValue}' is not an accepted value.");

    public static IRuleBuilderOptions<T, TEnum> DefinedOrZero<T, TEnum>(this IRuleBuilder<T, TEnum> rule)
        where TEnum : struct, Enum =>
        rule.Must(Enum.IsDefined).WithMessage("'{PropertyValue}' is not an accepted value.");

    public static IRuleBuilderOptions<T, string> PageToken<T>(this IRuleBuilder<T, string> rule) =>
        rule.MaximumLength(200);

    public static IRuleBuilderOptions<T, int> PageSize<T>(this IRuleBuilder<T, int> rule) =>
        rule.InclusiveBetween(0, Application.PageToken.MaxPageSize).WithMessage($"Page size must be between 1 and {Application.PageToken.MaxPageSize} (0 for the default).");
}
