using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Coordi.Core.FunctionalTests;

/// <summary>
/// The voice edge instance that ran a conversation writes what follows the media stream; whichever instance
/// Twilio asks next reads it back. Only the voice edge may write it, and only on its tenant's calls.
/// </summary>
[Collection(CoreCollection.Name)]
public sealed class CallHandoffTests(CoreFixture fixture)
{
    [Fact]
    public async Task The_voice_edge_sets_a_hand_off_that_get_call_reads_back()
    {
        var tenant = await fixture.NewTenantAsync();
        var voice = AsVoice(tenant);
        var call = await StartAsync(tenant);
        Assert.Equal(CallHandoff.Unspecified, call.Handoff);

        var set = await voice.Calls.SetCallHandoffAsync(new SetCallHandoffRequest { CallId = call.Id, Handoff = CallHandoff.Transfer, Reason = "gas smell" });
        var read = await tenant.Calls.GetCallAsync(new GetCallRequest { Id = call.Id });

        Assert.Equal((CallHandoff.Transfer, "gas smell"), (set.Handoff, set.HandoffReason));
        Assert.Equal((CallHandoff.Transfer, "gas smell"), (read.Handoff, read.HandoffReason));
        Assert.Equal(CallStatus.InProgress, read.Status);

        // A stream ends once, but a retried write must not fail: the latest word wins.
        await voice.Calls.SetCallHandoffAsync(new SetCallHandoffRequest { CallId = call.Id, Handoff = CallHandoff.Voicemail });
        Assert.Equal((CallHandoff.Voicemail, ""), await HandoffOfAsync(tenant, call.Id));
    }

    [Fact]
    public async Task A_partner_key_and_the_portal_may_not_set_a_hand_off()
    {
        var tenant = await fixture.NewTenantAsync();
        var (_, partner) = await fixture.NewPartnerAsync(tenant, ApiKeyScope.ReadWrite);
        var call = await StartAsync(tenant);
        var request = new SetCallHandoffRequest { CallId = call.Id, Handoff = CallHandoff.HangUp };

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, partner.Calls.SetCallHandoffAsync(request));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, tenant.Calls.SetCallHandoffAsync(request));

        Assert.Equal((CallHandoff.Unspecified, ""), await HandoffOfAsync(tenant, call.Id));
    }

    [Fact]
    public async Task Another_tenants_call_is_not_found_and_keeps_its_hand_off()
    {
        var owner = await fixture.NewTenantAsync("Owner Plumbing");
        var other = await fixture.NewTenantAsync("Other Roofing");
        var call = await StartAsync(owner);
        await AsVoice(owner).Calls.SetCallHandoffAsync(new SetCallHandoffRequest { CallId = call.Id, Handoff = CallHandoff.HangUp });

        await RpcAssert.FailsWith(StatusCode.NotFound, AsVoice(other).Calls.SetCallHandoffAsync(
            new SetCallHandoffRequest { CallId = call.Id, Handoff = CallHandoff.Transfer, Reason = "hijacked" }));

        Assert.Equal((CallHandoff.HangUp, ""), await HandoffOfAsync(owner, call.Id));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(99)]
    [InlineData(-1)]
    public async Task An_unknown_hand_off_is_refused(int handoff)
    {
        var tenant = await fixture.NewTenantAsync();
        var call = await StartAsync(tenant);

        await RpcAssert.InvalidArgument(AsVoice(tenant).Calls.SetCallHandoffAsync(
            new SetCallHandoffRequest { CallId = call.Id, Handoff = (CallHandoff)handoff }), "handoff");
    }

    [Fact]
    public async Task A_malformed_call_id_or_an_overlong_reason_is_refused()
    {
        var tenant = await fixture.NewTenantAsync();
        var call = await StartAsync(tenant);
        var voice = AsVoice(tenant);

        await RpcAssert.InvalidArgument(voice.Calls.SetCallHandoffAsync(new SetCallHandoffRequest { CallId = "not-an-id", Handoff = CallHandoff.HangUp }), "call_id");
        await RpcAssert.InvalidArgument(voice.Calls.SetCallHandoffAsync(
            new SetCallHandoffRequest { CallId = call.Id, Handoff = CallHandoff.HangUp, Reason = new string('x', 501) }), "reason");
    }

    private TenantClients AsVoice(TenantClients tenant) => new(tenant.Organization, fixture.Core.AsService(tenant.TenantId, CoreServer.VoiceCredential));

    private static Task<Call> StartAsync(TenantClients tenant) => tenant.Calls.StartCallAsync(new StartCallRequest
    {
        TwilioCallSid = TestData.CallSid(),
        FromNumber = "+15125550143",
        ToNumber = "+15125550100",
        StartedAt = Timestamp.FromDateTime(DateTime.UtcNow),
    }).ResponseAsync;

    private static async Task<(CallHandoff, string)> HandoffOfAsync(TenantClients tenant, string callId)
    {
        var call = await tenant.Calls.GetCallAsync(new GetCallRequest { Id = callId });
        return (call.Handoff, call.HandoffReason);
    }
}
