using Coordi.Contracts.V1;
using Coordi.Core.Validation;
using static Coordi.Core.UnitTests.Validation.Violations;

namespace Coordi.Core.UnitTests.Validation;

public sealed class ListWebhookDeliveriesRequestValidatorTests
{
    private readonly ListWebhookDeliveriesRequestValidator _validator = new();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(200)]
    public void Page_sizes_up_to_200_pass(int size) => Assert.Empty(Of(_validator, new ListWebhookDeliveriesRequest { PageSize = size }));

    [Theory]
    [InlineData(-1)]
    [InlineData(201)]
    [InlineData(int.MaxValue)]
    [InlineData(int.MinValue)]
    public void Other_page_sizes_are_refused(int size) =>
        Assert.Equal(["page_size"], Of(_validator, new ListWebhookDeliveriesRequest { PageSize = size }));

    [Fact]
    public void An_oversize_page_token_is_refused() =>
        Assert.Equal(["page_token"], Of(_validator, new ListWebhookDeliveriesRequest { PageToken = Text(201) }));
}
