using Coordi.Contracts.V1;
using FluentValidation;

namespace Coordi.Contracts.Rules;

/// <summary>
/// What a lead must be for the core to store it. The core runs it on every CreateLead; the voice edge runs the
/// same class before it tells a caller "saved", so a lead it promised is never refused afterwards.
/// </summary>
public sealed class CreateLeadRequestValidator : AbstractValidator<CreateLeadRequest>
{
    public CreateLeadRequestValidator()
    {
        RuleFor(r => r.RequestId).RequestId();
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200).PlainText();
        RuleFor(r => r.Phone).NotEmpty().E164();
        RuleFor(r => r.Email).OptionalEmail().PlainText();
        RuleFor(r => r.Address).MaximumLength(500).PlainText();
        RuleFor(r => r.Service).MaximumLength(200).PlainText();
        RuleFor(r => r.Urgency).DefinedOrZero();
        RuleFor(r => r.Notes).MaximumLength(4000).PlainText();
        RuleFor(r => r.CallId).OptionalId();
    }
}
