using Coordi.Contracts.Rules;
using Coordi.Contracts.V1;
using Coordi.Core.Validation;
using Google.Protobuf.WellKnownTypes;
using static Coordi.Core.UnitTests.Validation.Violations;

namespace Coordi.Core.UnitTests.Validation;

public sealed class CreateLeadRequestValidatorTests
{
    private readonly CreateLeadRequestValidator _validator = new();

    private static CreateLeadRequest Valid() => new()
    {
        RequestId = "call-CA01-lead-1",
        Name = "Jane Doe",
        Phone = "+15125550143",
        Email = "jane@example.com",
        Address = "100 Congress Ave, Austin, TX 78701",
        Service = "Water heater install",
        Urgency = Urgency.High,
        Notes = "Pilot light keeps going out.",
        CallId = NewId(),
    };

    [Fact]
    public void Valid_request_passes() => Assert.Empty(Of(_validator, Valid()));

    [Fact]
    public void Only_request_id_name_and_phone_are_required()
    {
        var request = new CreateLeadRequest { RequestId = "r-1", Name = "Jane Doe", Phone = "+15125550143" };

        Assert.Empty(Of(_validator, request));
    }

    [Theory]
    [InlineData("")]
    [InlineData("5125550143")]
    [InlineData("+1512555")]
    [InlineData("+1 512 555 0143")]
    [InlineData("(512) 555-0143")]
    public void Phone_must_be_e164(string phone)
    {
        var request = Valid();
        request.Phone = phone;

        Assert.Equal(["phone"], Of(_validator, request));
    }

    [Theory]
    [InlineData("jane")]
    [InlineData("@example.com")]
    [InlineData("jane@")]
    public void Email_must_be_an_address_when_set(string email)
    {
        var request = Valid();
        request.Email = email;

        Assert.Equal(["email"], Of(_validator, request));
    }

    [Fact]
    public void Email_is_limited_to_254_characters()
    {
        var request = Valid();
        request.Email = Text(250) + "@x.io";

        Assert.Equal(["email"], Of(_validator, request));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(201)]
    public void Name_is_required_and_limited(int length)
    {
        var request = Valid();
        request.Name = Text(length);

        Assert.Equal(["name"], Of(_validator, request));
    }

    [Fact]
    public void Request_id_is_required()
    {
        var request = Valid();
        request.RequestId = "";

        Assert.Equal(["request_id"], Of(_validator, request));
    }

    [Fact]
    public void Free_text_fields_are_limited()
    {
        var request = Valid();
        request.Address = Text(501);
        request.Service = Text(201);
        request.Notes = Text(4001);

        Assert.Equal(["address", "service", "notes"], Of(_validator, request));
    }

    [Fact]
    public void Urgency_must_be_a_known_value()
    {
        var request = Valid();
        request.Urgency = (Urgency)5;

        Assert.Equal(["urgency"], Of(_validator, request));
    }

    [Fact]
    public void Call_id_must_be_a_uuid_when_set()
    {
        var request = Valid();
        request.CallId = "CA0123456789abcdef0123456789abcdef";

        Assert.Equal(["call_id"], Of(_validator, request));
    }
}

public sealed class GetLeadRequestValidatorTests
{
    private readonly GetLeadRequestValidator _validator = new();

    [Fact]
    public void Uuid_id_passes() => Assert.Empty(Of(_validator, new GetLeadRequest { Id = NewId() }));

    [Theory]
    [InlineData("")]
    [InlineData("lead-1")]
    public void Id_must_be_a_uuid(string id) => Assert.Equal(["id"], Of(_validator, new GetLeadRequest { Id = id }));
}

public sealed class ListLeadsRequestValidatorTests
{
    private static readonly DateTime Monday = new(2026, 11, 2, 0, 0, 0, DateTimeKind.Utc);

    private readonly ListLeadsRequestValidator _validator = new();

    [Fact]
    public void Fully_filtered_request_passes()
    {
        var request = new ListLeadsRequest
        {
            PageSize = 200,
            Status = LeadStatus.Won,
            Text = "Jane",
            CallId = NewId(),
            Created = new TimeRange { End = Timestamp.FromDateTime(Monday) },
        };

        Assert.Empty(Of(_validator, request));
    }

    [Fact]
    public void Filters_must_be_known_values_and_within_limits()
    {
        var request = new ListLeadsRequest { PageSize = -1, PageToken = Text(201), Status = (LeadStatus)6, Text = Text(201), CallId = "call-1" };

        Assert.Equal(["page_size", "page_token", "status", "text", "call_id"], Of(_validator, request));
    }

    [Fact]
    public void Created_range_must_end_after_it_starts()
    {
        var request = new ListLeadsRequest
        {
            Created = new TimeRange { Start = Timestamp.FromDateTime(Monday), End = Timestamp.FromDateTime(Monday.AddSeconds(-1)) },
        };

        Assert.Equal(["created"], Of(_validator, request));
    }
}

public sealed class UpdateLeadRequestValidatorTests
{
    private readonly UpdateLeadRequestValidator _validator = new();

    private static UpdateLeadRequest Request(Lead lead, params string[] mask)
    {
        var request = new UpdateLeadRequest { Id = NewId(), Lead = lead, ChangedBy = "owner@lonestar.example" };
        request.UpdateMask.AddRange(mask);
        return request;
    }

    [Fact]
    public void Valid_request_passes()
    {
        var lead = new Lead
        {
            Name = "Jane Doe",
            Phone = "+15125550143",
            Email = "jane@example.com",
            Urgency = Urgency.Normal,
            Status = LeadStatus.Contacted,
        };

        Assert.Empty(Of(_validator, Request(lead, UpdateLeadRequestValidator.Fields)));
    }

    [Fact]
    public void Fields_outside_the_mask_are_not_validated()
    {
        var lead = new Lead { Name = "", Phone = "5125550143", Email = "jane", Status = LeadStatus.Won };

        Assert.Empty(Of(_validator, Request(lead, "status")));
    }

    [Fact]
    public void Id_must_be_a_uuid()
    {
        var request = Request(new Lead { Status = LeadStatus.Won }, "status");
        request.Id = "lead-1";

        Assert.Equal(["id"], Of(_validator, request));
    }

    [Fact]
    public void Lead_is_required()
    {
        var request = Request(new Lead(), "status");
        request.Lead = null;

        Assert.Equal(["lead"], Of(_validator, request));
    }

    [Fact]
    public void Mask_is_required() =>
        Assert.Equal(["update_mask"], Of(_validator, Request(new Lead { Status = LeadStatus.Won })));

    [Theory]
    [InlineData("id")]
    [InlineData("call_id")]
    [InlineData("Name")]
    public void Mask_names_only_updatable_fields(string field) =>
        Assert.Equal(["update_mask[1]"], Of(_validator, Request(new Lead { Status = LeadStatus.Won }, "status", field)));

    [Theory]
    [InlineData("5125550143")]
    [InlineData("+1 512 555 0143")]
    [InlineData("")]
    public void Phone_in_the_mask_must_be_e164(string phone) =>
        Assert.Equal(["lead.phone"], Of(_validator, Request(new Lead { Phone = phone }, "phone")));

    [Fact]
    public void Name_in_the_mask_is_required() =>
        Assert.Equal(["lead.name"], Of(_validator, Request(new Lead { Name = " " }, "name")));

    [Fact]
    public void Email_in_the_mask_may_be_cleared_but_not_malformed()
    {
        Assert.Empty(Of(_validator, Request(new Lead { Email = "" }, "email")));
        Assert.Equal(["lead.email"], Of(_validator, Request(new Lead { Email = "jane" }, "email")));
    }

    [Fact]
    public void Urgency_and_status_in_the_mask_must_be_set()
    {
        var request = Request(new Lead { Urgency = Urgency.Unspecified, Status = (LeadStatus)42 }, "urgency", "status");

        Assert.Equal(["lead.urgency", "lead.status"], Of(_validator, request));
    }

    [Fact]
    public void Free_text_in_the_mask_is_limited()
    {
        var lead = new Lead { Address = Text(501), Service = Text(201), Notes = Text(4001) };

        Assert.Equal(["lead.address", "lead.service", "lead.notes"], Of(_validator, Request(lead, "address", "service", "notes")));
    }

    [Fact]
    public void Changed_by_is_limited_to_254_characters()
    {
        var request = Request(new Lead { Status = LeadStatus.Won }, "status");
        request.ChangedBy = Text(255);

        Assert.Equal(["changed_by"], Of(_validator, request));
    }
}
