using Coordi.Contracts.V1;
using FluentValidation;

namespace Coordi.Core.Validation;

public sealed class ListWebhookDeliveriesRequestValidator : AbstractValidator<ListWebhookDeliveriesRequest>
{
    public ListWebhookDeliveriesRequestValidator()
    {
        RuleFor(r => r.PageSize).PageSize();
        RuleFor(r => r.PageToken).PageToken();
    }
}
