using Coordi.Contracts.V1;
using FluentValidation;

namespace Coordi.Core.Validation;

public sealed class GetLeadRequestValidator : AbstractValidator<GetLeadRequest>
{
    public GetLeadRequestValidator() => RuleFor(r => r.Id).Id();
}

public sealed class ListLeadsRequestValidator : AbstractValidator<ListLeadsRequest>
{
    public ListLeadsRequestValidator()
    {
        RuleFor(r => r.PageSize).PageSize();
        RuleFor(r => r.PageToken).PageToken();
        RuleFor(r => r.Status).DefinedOrZero();
        RuleFor(r => r.Text).MaximumLength(200);
        RuleFor(r => r.CallId).OptionalId();
        RuleFor(r => r.Created).Must(Ranges.IsOrdered).When(r => r.Created is not null).WithMessage("The range must end after it starts.");
    }
}

public sealed class UpdateLeadRequestValidator : AbstractValidator<UpdateLeadRequest>
{
    public static readonly string[] Fields = ["name", "phone", "email", "address", "service", "urgency", "notes", "status"];

    public UpdateLeadRequestValidator()
    {
        RuleFor(r => r.Id).Id();
        RuleFor(r => r.Lead).NotNull().WithMessage("The new values are required in 'lead'.");
        RuleFor(r => r.UpdateMask).NotEmpty().WithMessage("Name the fields to change in update_mask.");
        RuleForEach(r => r.UpdateMask).Must(f => Fields.Contains(f)).WithMessage($"'{{PropertyValue}}' cannot be updated; use {string.Join(", ", Fields)}.");
        RuleFor(r => r.ChangedBy).MaximumLength(254);
        When(r => r.Lead is not null, () =>
        {
            RuleFor(r => r.Lead.Name).NotEmpty().MaximumLength(200).PlainText().When(r => r.UpdateMask.Contains("name"));
            RuleFor(r => r.Lead.Phone).E164().When(r => r.UpdateMask.Contains("phone"));
            RuleFor(r => r.Lead.Email).OptionalEmail().PlainText().When(r => r.UpdateMask.Contains("email"));
            RuleFor(r => r.Lead.Address).MaximumLength(500).PlainText().When(r => r.UpdateMask.Contains("address"));
            RuleFor(r => r.Lead.Service).MaximumLength(200).PlainText().When(r => r.UpdateMask.Contains("service"));
            RuleFor(r => r.Lead.Urgency).DefinedNonZero().When(r => r.UpdateMask.Contains("urgency"));
            RuleFor(r => r.Lead.Notes).MaximumLength(4000).PlainText().When(r => r.UpdateMask.Contains("notes"));
            RuleFor(r => r.Lead.Status).DefinedNonZero().When(r => r.UpdateMask.Contains("status"));
        });
    }
}
