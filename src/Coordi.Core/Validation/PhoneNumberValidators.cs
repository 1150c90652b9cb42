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

public sealed class SearchAvailablePhoneNumbersRequestValidator : AbstractValidator<SearchAvailablePhoneNumbersRequest>
{
    public SearchAvailablePhoneNumbersRequestValidator()
    {
        RuleFor(r => r.Country).Matches("^[A-Za-z]{2}$").WithMessage("'{PropertyValue}' is not a two-letter country code, like US.");
        RuleFor(r => r.AreaCode).Matches("^([0-9]{3})?$").WithMessage("'{PropertyValue}' is not an area code: three digits, like 512.");
        RuleFor(r => r.Contains).MaximumLength(16).Matches("^[0-9A-Za-z*]*$").WithMessage("Search for digits, letters and * (any one digit) only.");
        RuleFor(r => r.PageSize).InclusiveBetween(0, 50).WithMessage("Page size must be between 1 and 50 (0 for the default).");
    }
}

public sealed class PurchasePhoneNumberRequestValidator : AbstractValidator<PurchasePhoneNumberRequest>
{
    public PurchasePhoneNumberRequestValidator()
    {
        RuleFor(r => r.E164).E164();
        RuleFor(r => r.Label).MaximumLength(100);
    }
}

public sealed class ConnectOwnedPhoneNumberRequestValidator : AbstractValidator<ConnectOwnedPhoneNumberRequest>
{
    public ConnectOwnedPhoneNumberRequestValidator()
    {
        RuleFor(r => r.E164).E164();
        RuleFor(r => r.Label).MaximumLength(100);
    }
}
