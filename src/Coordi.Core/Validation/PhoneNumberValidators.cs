using Coordi.Contracts.V1;
using FluentValidation;

namespace Coordi.Core.Validation;

public sealed class AssignPhoneNumberRequestValidator : AbstractValidator<AssignPhoneNumberRequest>
{
    public AssignPhoneNumberRequestValidator()
    {
        RuleFor(r => r.E164).E164();
        RuleFor(r => r.Label).MaximumLength(100);
        RuleFor(r => r.TwilioSid).Matches("^(PN[0-9a-fA-F]{32})?$").WithMessage("'{PropertyValue}' is not a Twilio phone number sid (PN followed by 32 hex digits).");
    }
}

public sealed class ListPhoneNumbersRequestValidator : AbstractValidator<ListPhoneNumbersRequest>
{
    public ListPhoneNumbersRequestValidator()
    {
        RuleFor(r => r.PageSize).PageSize();
        RuleFor(r => r.PageToken).PageToken();
    }
}

public sealed class ReleasePhoneNumberRequestValidator : AbstractValidator<ReleasePhoneNumberRequest>
{
    public ReleasePhoneNumberRequestValidator() => RuleFor(r => r.Id).Id();
}

public sealed class ResolvePhoneNumberRequestValidator : AbstractValidator<ResolvePhoneNumberRequest>
{
    public ResolvePhoneNumberRequestValidator() => RuleFor(r => r.E164).E164();
}
