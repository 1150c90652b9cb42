using Coordi.Contracts.V1;
using FluentValidation;

namespace Coordi.Core.Validation;

public sealed class UpdateIntegrationsRequestValidator : AbstractValidator<UpdateIntegrationsRequest>
{
    public UpdateIntegrationsRequestValidator()
    {
        RuleFor(r => r.TwilioAccountSid).Matches("^(AC[0-9a-fA-F]{32})?$").When(r => r.HasTwilioAccountSid)
            .WithMessage("'{PropertyValue}' is not a Twilio account sid (AC followed by 32 hex digits).");
        RuleFor(r => r.TwilioAuthToken).Matches("^([0-9a-zA-Z]{32})?$").When(r => r.HasTwilioAuthToken)
            .WithMessage("A Twilio auth token is 32 letters and digits.");
        RuleFor(r => r.OpenaiApiKey).MaximumLength(300).Must(k => k.Length == 0 || k.StartsWith("sk-", StringComparison.Ordinal)).When(r => r.HasOpenaiApiKey)
            .WithMessage("An OpenAI API key starts with 'sk-'.");
        RuleFor(r => r.OpenaiModel).MaximumLength(100).Matches("^[a-zA-Z0-9._:-]*$").When(r => r.HasOpenaiModel);
        RuleFor(r => r.WebhookUrl).MaximumLength(2000)
            .Must(u => u.Length == 0 || (Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps))
            .When(r => r.HasWebhookUrl).WithMessage("The webhook URL must be an absolute https:// URL.");
        RuleFor(r => r.WebhookSecret).MaximumLength(200).When(r => r.HasWebhookSecret);
    }
}

public sealed class CreateApiKeyRequestValidator : AbstractValidator<CreateApiKeyRequest>
{
    public CreateApiKeyRequestValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(100);
        RuleFor(r => r.Scope).DefinedNonZero();
    }
}

public sealed class ListApiKeysRequestValidator : AbstractValidator<ListApiKeysRequest>
{
    public ListApiKeysRequestValidator()
    {
        RuleFor(r => r.PageSize).PageSize();
        RuleFor(r => r.PageToken).PageToken();
    }
}

public sealed class RevokeApiKeyRequestValidator : AbstractValidator<RevokeApiKeyRequest>
{
    public RevokeApiKeyRequestValidator() => RuleFor(r => r.Id).Id();
}

public sealed class GetMetricsRequestValidator : AbstractValidator<GetMetricsRequest>
{
    public GetMetricsRequestValidator()
    {
        RuleFor(r => r.FromDate).Must(IsDate).WithMessage("'{PropertyValue}' is not a date in YYYY-MM-DD form between 1900 and 2199.");
        RuleFor(r => r.ToDate).Must(IsDate).WithMessage("'{PropertyValue}' is not a date in YYYY-MM-DD form between 1900 and 2199.");
        RuleFor(r => r).Must(r => !IsDate(r.FromDate) || !IsDate(r.ToDate) || (Parse(r.ToDate) >= Parse(r.FromDate) && Parse(r.ToDate).DayNumber - Parse(r.FromDate).DayNumber < 366))
            .WithName("to_date").WithMessage("The range must run forwards and span at most 366 days.");
    }

    private static bool IsDate(string value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", out var day) && RequestValueRules.IsInRange(day);

    private static DateOnly Parse(string value) => DateOnly.ParseExact(value, "yyyy-MM-dd");
}
