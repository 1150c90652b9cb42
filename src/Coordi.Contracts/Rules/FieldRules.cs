using FluentValidation;

namespace Coordi.Contracts.Rules;

/// <summary>Field rules shared by the request validators, with messages a person can act on.</summary>
public static class FieldRules
{
    public const string E164Message = "'{PropertyValue}' is not a valid phone number in E.164 form, like +15125550100.";

    public static bool IsId(string? value) => Guid.TryParseExact(value, "D", out _);

    public static IRuleBuilderOptions<T, string> E164<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(PhoneNumberRules.IsE164).WithMessage(E164Message);

    public static IRuleBuilderOptions<T, string> OptionalE164<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(v => v.Length == 0 || PhoneNumberRules.IsE164(v)).WithMessage(E164Message);

    public static IRuleBuilderOptions<T, string> Id<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(IsId).WithMessage("'{PropertyValue}' is not a valid id (a UUID like 3f2b8c9e-...).");

    public static IRuleBuilderOptions<T, string> OptionalId<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(v => v.Length == 0 || IsId(v)).WithMessage("'{PropertyValue}' is not a valid id (a UUID like 3f2b8c9e-...).");

    public static IRuleBuilderOptions<T, string> Email<T>(this IRuleBuilder<T, string> rule) =>
        rule.MaximumLength(EmailRules.MaxLength).Must(EmailRules.IsEmail).WithMessage("'{PropertyValue}' is not a valid email address, like jane@example.com.");

    public static IRuleBuilderOptions<T, string> OptionalEmail<T>(this IRuleBuilder<T, string> rule) =>
        rule.MaximumLength(EmailRules.MaxLength).Must(v => v.Length == 0 || EmailRules.IsEmail(v))
            .WithMessage("'{PropertyValue}' is not a valid email address, like jane@example.com.");

    public static IRuleBuilderOptions<T, string> RequestId<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().WithMessage("A request id is required so a retry does not create a duplicate.").MaximumLength(100).PlainText();

    /// <summary>No NUL or other control character (see <see cref="TextRules"/>); the value is not echoed, it may not print.</summary>
    public static IRuleBuilderOptions<T, string> PlainText<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(v => !TextRules.HasControlCharacters(v)).WithMessage("'{PropertyName}' contains a control character (such as NUL); send plain text.");

    /// <summary>No string in the JSON decodes to NUL, which a jsonb column cannot store.</summary>
    public static IRuleBuilderOptions<T, string> NoNulInJson<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(v => !TextRules.JsonHasNul(v)).WithMessage("'{PropertyName}' contains a NUL character (\\u0000); send plain text.");

    public static IRuleBuilderOptions<T, TEnum> DefinedNonZero<T, TEnum>(this IRuleBuilder<T, TEnum> rule)
        where TEnum : struct, Enum =>
        rule.Must(v => Enum.IsDefined(v) && Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) != 0)
            .WithMessage("'{PropertyValue}' is not an accepted value.");

    public static IRuleBuilderOptions<T, TEnum> DefinedOrZero<T, TEnum>(this IRuleBuilder<T, TEnum> rule)
        where TEnum : struct, Enum =>
        rule.Must(Enum.IsDefined).WithMessage("'{PropertyValue}' is not an accepted value.");
}
