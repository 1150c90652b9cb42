using Coordi.Contracts;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Coordi.Core.FunctionalTests;

/// <summary>
/// Recording references are written by the voice edge alone, and playback links are signed by the core for calls
/// of the caller's own organization, with tenant and call inside the signature.
/// </summary>
[Collection(CoreCollection.Name)]
public sealed class RecordingLinkTests(CoreFixture fixture)
{
    [Fact]
    public async Task Only_the_voice_edge_may_set_a_recording_reference()
    {
        var tenant = await fixture.NewTenantAsync();
        var (_, partner) = await fixture.NewPartnerAsync(tenant);
        var call = await tenant.Calls.StartCallAsync(Ringing());
        var other = await fixture.NewTenantAsync();
        var stolen = $"s3:recordings/{Guid.Parse(other.TenantId):N}/{Guid.NewGuid():N}.wav";

        var fromPartner = await RpcAssert.FailsWith(StatusCode.PermissionDenied, partner.Calls.CompleteCallAsync(Completion(call.Id, stolen)));
        // The portal is a trusted service, but it records nothing either.
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, tenant.Calls.CompleteCallAsync(Completion(call.Id, stolen)));
        Assert.Equal("", (await tenant.Calls.GetCallAsync(new GetCallRequest { Id = call.Id })).RecordingRef);
        Assert.Contains("recording_ref", fromPartner.Status.Detail, StringComparison.Ordinal);

        // Without the reference the partner's completion is accepted, as before.
        var completed = await partner.Calls.CompleteCallAsync(Completion(call.Id, ""));
        Assert.Equal(CallStatus.Completed, completed.Status);

        var mine = $"s3:recordings/{Guid.Parse(tenant.TenantId):N}/{Guid.Parse(call.Id):N}.wav";
        var byVoice = await new CallService.CallServiceClient(fixture.Core.AsVoice(tenant.TenantId)).CompleteCallAsync(Completion(call.Id, mine));
        Assert.Equal(mine, byVoice.RecordingRef);
    }

    [Fact]
    public async Task A_link_names_the_tenant_and_call_and_only_the_owner_of_the_call_gets_one()
    {
        var tenant = await fixture.NewTenantAsync();
        var other = await fixture.NewTenantAsync();
        var recorded = await RecordedCallAsync(tenant);
        var unrecorded = await tenant.Calls.StartCallAsync(Ringing());
        var before = DateTimeOffset.UtcNow;

        var link = await tenant.Calls.GetRecordingLinkAsync(new GetRecordingLinkRequest { CallId = recorded.Id });

        var url = new Uri(link.Url);
        Assert.Equal(CoreFixture.VoicePublicBaseUrl + "/recordings", url.GetLeftPart(UriPartial.Path));
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        Assert.Equal(
            (Guid.Parse(tenant.TenantId), Guid.Parse(recorded.Id)),
            new RecordingLinkSigner(CoreServer.RecordingUrlSecret).Verify(query["tenant"], query["call"], query["exp"], query["sig"], DateTimeOffset.UtcNow));
        Assert.InRange(link.ExpiresAt.ToDateTimeOffset(), before.AddMinutes(59), before.AddMinutes(61));
        Assert.Equal(link.ExpiresAt.ToDateTimeOffset().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), query["exp"]);

        // Another organization's call is not found, whoever asks: a service acting for it or its partner key.
        var (_, otherPartner) = await fixture.NewPartnerAsync(other, ApiKeyScope.Read);
        await RpcAssert.FailsWith(StatusCode.NotFound, other.Calls.GetRecordingLinkAsync(new GetRecordingLinkRequest { CallId = recorded.Id }));
        await RpcAssert.FailsWith(StatusCode.NotFound, otherPartner.Calls.GetRecordingLinkAsync(new GetRecordingLinkRequest { CallId = recorded.Id }));

        var none = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, tenant.Calls.GetRecordingLinkAsync(new GetRecordingLinkRequest { CallId = unrecorded.Id }));
        Assert.Equal("NO_RECORDING", RpcAssert.ErrorInfoOf(none).Reason);
        Assert.Contains("has no recording", none.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_voice_address_the_core_says_playback_is_off()
    {
        await using var core = await CoreServer.StartAsync(fixture.ConnectionString);
        var tenant = await fixture.NewTenantAsync();
        var recorded = await RecordedCallAsync(tenant);

        var off = await RpcAssert.FailsWith(StatusCode.FailedPrecondition,
            new CallService.CallServiceClient(core.AsService(tenant.TenantId)).GetRecordingLinkAsync(new GetRecordingLinkRequest { CallId = recorded.Id }));

        Assert.Equal("RECORDING_PLAYBACK_OFF", RpcAssert.ErrorInfoOf(off).Reason);
    }

    private async Task<Call> RecordedCallAsync(TenantClients tenant)
    {
        var call = await tenant.Calls.StartCallAsync(Ringing());
        var reference = $"s3:recordings/{Guid.Parse(tenant.TenantId):N}/{Guid.Parse(call.Id):N}.wav";
        return await new CallService.CallServiceClient(fixture.Core.AsVoice(tenant.TenantId)).CompleteCallAsync(Completion(call.Id, reference));
    }

    private static StartCallRequest Ringing() => new()
    {
        TwilioCallSid = TestData.CallSid(),
        FromNumber = TestData.UsNumber(),
        ToNumber = TestData.UsNumber(),
        StartedAt = Timestamp.FromDateTime(DateTime.UtcNow.AddMinutes(-3)),
    };

    private static CompleteCallRequest Completion(string callId, string recordingRef) => new()
    {
        CallId = callId,
        Status = CallStatus.Completed,
        Outcome = CallOutcome.Information,
        DurationSeconds = 120,
        RecordingRef = recordingRef,
    };
}
