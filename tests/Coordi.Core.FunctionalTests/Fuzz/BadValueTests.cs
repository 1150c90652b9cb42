using Coordi.Testing.Logging;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Coordi.Core.FunctionalTests.Fuzz;

/// <summary>The bad values an outside probe found answered INTERNAL or UNKNOWN, each now InvalidArgument with a sentence.</summary>
[Collection(CoreCollection.Name)]
public sealed class BadValueTests(CoreFixture fixture)
{
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(b => b, b => b);

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0x0A, 0x7F, 0x41 })]
    public async Task Malformed_protobuf_is_invalid_argument_even_without_a_credential(byte[] payload)
    {
        var logged = fixture.Core.Logs.Checkpoint();
        var ex = await SendRawAsync(fixture.Core.Anonymous(), "coordi.v1.LeadService", "ListLeads", payload);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains("could not be read", ex.Status.Detail);
        Assert.DoesNotContain("Exception", ex.Status.Detail);
        LogAssert.NoAlarmsSince("a malformed request", ("core", fixture.Core.Logs, logged));
    }

    [Fact]
    public async Task A_lone_surrogate_from_a_javascript_client_is_invalid_argument()
    {
        var tenant = await fixture.NewTenantAsync();
        var logged = fixture.Core.Logs.Checkpoint();
        var request = new CreateLeadRequest { RequestId = Guid.NewGuid().ToString(), Name = "Dana", Phone = "+15125550143" }.ToByteArray();
        var at = request.AsSpan().IndexOf("Dana"u8);
        // CESU-8 bytes of U+D800, which a JavaScript encoder emits for an unpaired surrogate.
        request[at] = 0xED;
        request[at + 1] = 0xA0;
        request[at + 2] = 0x80;

        var ex = await SendRawAsync(tenant.Invoker, "coordi.v1.LeadService", "CreateLead", request);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains("UTF-8", ex.Status.Detail);
        Assert.Empty((await tenant.Leads.ListLeadsAsync(new ListLeadsRequest())).Leads);
        LogAssert.NoAlarmsSince("a request with a lone surrogate", ("core", fixture.Core.Logs, logged));
    }

    [Fact]
    public async Task A_nul_in_a_read_only_keys_list_request_is_invalid_argument()
    {
        var tenant = await fixture.NewTenantAsync();
        var (_, reader) = await fixture.NewPartnerAsync(tenant, ApiKeyScope.Read);

        await RpcAssert.InvalidArgument(reader.Leads.ListLeadsAsync(new ListLeadsRequest { PageToken = "abc\0" }), "page_token");
        await RpcAssert.InvalidArgument(reader.Calls.ListCallsAsync(new ListCallsRequest { PageToken = "\0" }), "page_token");
    }

    [Theory]
    [InlineData(1_800_000_000L, -1)]
    [InlineData(1_800_000_000L, 1_000_000_000)]
    [InlineData(-62_167_219_200L, 0)]
    [InlineData(253_402_300_800L, 0)]
    [InlineData(253_402_214_400L, 0)]
    public async Task A_timestamp_out_of_range_is_invalid_argument_naming_the_field(long seconds, int nanos)
    {
        var tenant = await fixture.NewTenantAsync();

        await RpcAssert.InvalidArgument(
            tenant.Appointments.GetAvailabilityAsync(new GetAvailabilityRequest
            {
                From = Timestamp.FromDateTime(DateTime.UtcNow.AddDays(1)),
                To = new Timestamp { Seconds = seconds, Nanos = nanos },
            }),
            "to");
    }

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("0001-01-01")]
    public async Task A_date_far_outside_the_calendar_the_service_keeps_is_invalid_argument(string date)
    {
        var tenant = await fixture.NewTenantAsync();

        await RpcAssert.InvalidArgument(tenant.Metrics.GetMetricsAsync(new GetMetricsRequest { FromDate = "2026-01-01", ToDate = date }), "to_date");
    }

    private static async Task<RpcException> SendRawAsync(CallInvoker invoker, string service, string method, byte[] payload)
    {
        var call = new Method<byte[], byte[]>(MethodType.Unary, service, method, Raw, Raw);
        return await Assert.ThrowsAsync<RpcException>(() => invoker.AsyncUnaryCall(call, null, default, payload).ResponseAsync);
    }
}
