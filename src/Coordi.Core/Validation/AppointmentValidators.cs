using Coordi.Contracts.V1;
using FluentValidation;

namespace Coordi.Core.Validation;

public sealed class GetAvailabilityRequestValidator : AbstractValidator<GetAvailabilityRequest>
{
    public GetAvailabilityRequestValidator()
    {
        RuleFor(r => r.From).NotNull();
        RuleFor(r => r.To).NotNull();
        RuleFor(r => r.To).Must((r, to) => to.ToDateTime() > r.From.ToDateTime()).When(r => r.From is not null && r.To is not null)
            .WithMessage("'to' must be after 'from'.");
        RuleFor(r => r.To).Must((r, to) => to.ToDateTime() - r.From.ToDateTime() <= TimeSpan.FromDays(31)).When(r => r.From is not null && r.To is not null)
            .WithMessage("Ask for at most 31 days at a time.");
        RuleFor(r => r.MaxSlots).InclusiveBetween(0, 200);
    }
}

public sealed class BookAppointmentRequestValidator : AbstractValidator<BookAppointmentRequest>
{
    public BookAppointmentRequestValidator()
    {
        RuleFor(r => r.RequestId).RequestId();
        RuleFor(r => r.Start).NotNull().WithMessage("The start of the slot is required.");
        RuleFor(r => r.LeadId).OptionalId();
        RuleFor(r => r.CallId).OptionalId();
        RuleFor(r => r.Notes).MaximumLength(2000);
    }
}

public sealed class CancelAppointmentRequestValidator : AbstractValidator<CancelAppointmentRequest>
{
    public CancelAppointmentRequestValidator()
    {
        RuleFor(r => r.Id).Id();
        RuleFor(r => r.Reason).MaximumLength(500);
    }
}

public sealed class GetAppointmentRequestValidator : AbstractValidator<GetAppointmentRequest>
{
    public GetAppointmentRequestValidator() => RuleFor(r => r.Id).Id();
}

public sealed class ListAppointmentsRequestValidator : AbstractValidator<ListAppointmentsRequest>
{
    public ListAppointmentsRequestValidator()
    {
        RuleFor(r => r.PageSize).PageSize();
        RuleFor(r => r.PageToken).PageToken();
        RuleFor(r => r.Status).DefinedOrZero();
        RuleFor(r => r.LeadId).OptionalId();
        RuleFor(r => r.Start).Must(Ranges.IsOrdered).When(r => r.Start is not null).WithMessage("The range must end after it starts.");
    }
}
