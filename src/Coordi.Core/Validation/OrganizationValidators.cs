using Coordi.Contracts.V1;
using FluentValidation;

namespace Coordi.Core.Validation;

public sealed class CreateOrganizationRequestValidator : AbstractValidator<CreateOrganizationRequest>
{
    public CreateOrganizationRequestValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        RuleFor(r => r.OwnerEmail).NotEmpty().Email();
        RuleFor(r => r.TimeZone).TimeZone();
        RuleFor(r => r.RequestId).RequestId();
    }
}

public sealed class UpdateOrganizationRequestValidator : AbstractValidator<UpdateOrganizationRequest>
{
    public UpdateOrganizationRequestValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        RuleFor(r => r.TimeZone).TimeZone();
        RuleFor(r => r.ConcurrentCallCap).InclusiveBetween(1, 1000).When(r => r.HasConcurrentCallCap);
    }
}
