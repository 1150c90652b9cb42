using Coordi.Contracts.V1;
using Coordi.Core.Validation;
using Google.Protobuf.WellKnownTypes;
using static Coordi.Core.UnitTests.Validation.Violations;

namespace Coordi.Core.UnitTests.Validation;

public sealed class GetAvailabilityRequestValidatorTests
{
    private static readonly DateTime From = new(2026, 11, 2, 14, 0, 0, DateTimeKind.Utc);

    private readonly GetAvailabilityRequestValidator _validator = new();

    private static GetAvailabilityRequest Request(TimeSpan length, int maxSlots = 20) => new()
    {
        From = Timestamp.FromDateTime(From),
        To = Timestamp.FromDateTime(From + length),
        MaxSlots = maxSlots,
    };

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(200)]
    public void Valid_request_passes(int maxSlots) => Assert.Empty(Of(_validator, Request(TimeSpan.FromDays(7), maxSlots)));

    [Fact]
    public void Exactly_31_days_passes() => Assert.Empty(Of(_validator, Request(TimeSpan.FromDays(31))));

    [Fact]
    public void From_is_required()
    {
        var request = Request(TimeSpan.FromDays(1));
        request.From = null;

        Assert.Equal(["from"], Of(_validator, request));
    }

    [Fact]
    public void To_is_required()
    {
        var request = Request(TimeSpan.FromDays(1));
        request.To = null;

        Assert.Equal(["to"], Of(_validator, request));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    public void To_must_be_after_from(int minutes) =>
        Assert.Equal(["to"], Of(_validator, Request(TimeSpan.FromMinutes(minutes))));

    [Fact]
    public void More_than_31_days_fails() =>
        Assert.Equal(["to"], Of(_validator, Request(TimeSpan.FromDays(31) + TimeSpan.FromSeconds(1))));

    [Theory]
    [InlineData(-1)]
    [InlineData(201)]
    public void Max_slots_outside_bounds_fails(int maxSlots) =>
        Assert.Equal(["max_slots"], Of(_validator, Request(TimeSpan.FromDays(1), maxSlots)));
}

public sealed class BookAppointmentRequestValidatorTests
{
    private readonly BookAppointmentRequestValidator _validator = new();

    private static BookAppointmentRequest Valid() => new()
    {
        RequestId = "call-CA01-book-1",
        Start = Timestamp.FromDateTime(new DateTime(2026, 11, 2, 15, 0, 0, DateTimeKind.Utc)),
        LeadId = NewId(),
        CallId = NewId(),
        Notes = "Side gate code 1234",
    };

    [Fact]
    public void Valid_request_passes() => Assert.Empty(Of(_validator, Valid()));

    [Fact]
    public void Lead_and_call_are_optional()
    {
        var request = Valid();
        request.LeadId = "";
        request.CallId = "";

        Assert.Empty(Of(_validator, request));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Request_id_is_required_and_limited(int length)
    {
        var request = Valid();
        request.RequestId = Text(length);

        Assert.Equal(["request_id"], Of(_validator, request));
    }

    [Fact]
    public void Start_is_required()
    {
        var request = Valid();
        request.Start = null;

        Assert.Equal(["start"], Of(_validator, request));
    }

    [Fact]
    public void Lead_id_must_be_a_uuid_when_set()
    {
        var request = Valid();
        request.LeadId = "lead-1";

        Assert.Equal(["lead_id"], Of(_validator, request));
    }

    [Fact]
    public void Call_id_must_be_a_uuid_when_set()
    {
        var request = Valid();
        request.CallId = "CA0123";

        Assert.Equal(["call_id"], Of(_validator, request));
    }

    [Fact]
    public void Notes_are_limited_to_2000_characters()
    {
        var request = Valid();
        request.Notes = Text(2001);

        Assert.Equal(["notes"], Of(_validator, request));
    }
}

public sealed class CancelAppointmentRequestValidatorTests
{
    private readonly CancelAppointmentRequestValidator _validator = new();

    [Fact]
    public void Valid_request_passes() =>
        Assert.Empty(Of(_validator, new CancelAppointmentRequest { Id = NewId(), Reason = "Customer rescheduled" }));

    [Fact]
    public void Id_must_be_a_uuid() =>
        Assert.Equal(["id"], Of(_validator, new CancelAppointmentRequest { Id = "1" }));

    [Fact]
    public void Reason_is_limited_to_500_characters() =>
        Assert.Equal(["reason"], Of(_validator, new CancelAppointmentRequest { Id = NewId(), Reason = Text(501) }));
}

public sealed class GetAppointmentRequestValidatorTests
{
    private readonly GetAppointmentRequestValidator _validator = new();

    [Fact]
    public void Uuid_id_passes() => Assert.Empty(Of(_validator, new GetAppointmentRequest { Id = NewId() }));

    [Theory]
    [InlineData("")]
    [InlineData("not-an-id")]
    public void Id_must_be_a_uuid(string id) => Assert.Equal(["id"], Of(_validator, new GetAppointmentRequest { Id = id }));
}

public sealed class ListAppointmentsRequestValidatorTests
{
    private static readonly DateTime Monday = new(2026, 11, 2, 0, 0, 0, DateTimeKind.Utc);

    private readonly ListAppointmentsRequestValidator _validator = new();

    [Fact]
    public void Empty_request_passes() => Assert.Empty(Of(_validator, new ListAppointmentsRequest()));

    [Fact]
    public void Fully_filtered_request_passes()
    {
        var request = new ListAppointmentsRequest
        {
            PageSize = 25,
            PageToken = "abc",
            Status = AppointmentStatus.Booked,
            LeadId = NewId(),
            Start = new TimeRange { Start = Timestamp.FromDateTime(Monday), End = Timestamp.FromDateTime(Monday.AddDays(7)) },
        };

        Assert.Empty(Of(_validator, request));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(201)]
    public void Page_size_outside_bounds_fails(int size) =>
        Assert.Equal(["page_size"], Of(_validator, new ListAppointmentsRequest { PageSize = size }));

    [Fact]
    public void Page_token_is_limited_to_200_characters() =>
        Assert.Equal(["page_token"], Of(_validator, new ListAppointmentsRequest { PageToken = Text(201) }));

    [Fact]
    public void Status_must_be_a_known_value() =>
        Assert.Equal(["status"], Of(_validator, new ListAppointmentsRequest { Status = (AppointmentStatus)9 }));

    [Fact]
    public void Lead_id_must_be_a_uuid_when_set() =>
        Assert.Equal(["lead_id"], Of(_validator, new ListAppointmentsRequest { LeadId = "lead-1" }));

    [Fact]
    public void Open_ended_start_range_passes() =>
        Assert.Empty(Of(_validator, new ListAppointmentsRequest { Start = new TimeRange { Start = Timestamp.FromDateTime(Monday) } }));

    [Fact]
    public void Start_range_must_end_after_it_starts()
    {
        var request = new ListAppointmentsRequest
        {
            Start = new TimeRange { Start = Timestamp.FromDateTime(Monday.AddDays(7)), End = Timestamp.FromDateTime(Monday) },
        };

        Assert.Equal(["start"], Of(_validator, request));
    }
}
