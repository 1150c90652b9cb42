using System.Net;
using System.Net.Http.Headers;
using Coordi.Contracts;

namespace Coordi.Voice.Tests;

/// <summary>
/// Recordings kept in the S3 bucket under each tenant's prefix, played through links the core signs, and served
/// by the edge only for the tenant and call inside the signature.
/// </summary>
[Collection(VoiceCollection.Name)]
public sealed class RecordingStorageTests(VoiceFixture fixture)
{
    [Fact]
    public async Task A_recording_is_stored_under_its_tenant_and_a_browser_can_seek_in_it()
    {
        var business = await fixture.NewBusinessAsync();
        var callId = await RecordedCallAsync(business);

        Assert.Equal([StoredRecordings.KeyOf(business.TenantId, callId)], await StoredRecordings.KeysOfTenantAsync(fixture.Voice, business.TenantId));

        using var whole = await StoredRecordings.FetchAsync(fixture, business, callId);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal("bytes", Assert.Single(whole.Headers.AcceptRanges));
        var wav = await whole.Content.ReadAsByteArrayAsync();
        Assert.Equal("RIFF"u8.ToArray(), wav[..4]);

        // Browsers seek with Range requests: the edge answers with just those bytes.
        using var middle = await StoredRecordings.FetchAsync(fixture, business, callId, new RangeHeaderValue(1000, 1999));
        Assert.Equal(HttpStatusCode.PartialContent, middle.StatusCode);
        Assert.Equal((1000L, 1999L, wav.LongLength), (middle.Content.Headers.ContentRange!.From, middle.Content.Headers.ContentRange.To, middle.Content.Headers.ContentRange.Length));
        Assert.Equal(wav[1000..2000], await middle.Content.ReadAsByteArrayAsync());

        using var tail = await StoredRecordings.FetchAsync(fixture, business, callId, new RangeHeaderValue(null, 100));
        Assert.Equal(HttpStatusCode.PartialContent, tail.StatusCode);
        Assert.Equal(wav[^100..], await tail.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_link_altered_to_name_another_tenants_call_is_refused()
    {
        var a = await fixture.NewBusinessAsync();
        var b = await fixture.NewBusinessAsync();
        var callOfA = await RecordedCallAsync(a);
        var callOfB = await RecordedCallAsync(b);
        var link = await fixture.Clients(a).Calls.GetRecordingLinkAsync(new GetRecordingLinkRequest { CallId = callOfA });
        var tenantA = Guid.Parse(a.TenantId).ToString("N");
        var tenantB = Guid.Parse(b.TenantId).ToString("N");
        var callA = Guid.Parse(callOfA).ToString("N");
        var callB = Guid.Parse(callOfB).ToString("N");

        using var genuine = await StoredRecordings.GetAsync(link.Url);
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);

        foreach (var altered in new[]
        {
            link.Url.Replace($"tenant={tenantA}", $"tenant={tenantB}", StringComparison.Ordinal).Replace($"call={callA}", $"call={callB}", StringComparison.Ordinal),
            link.Url.Replace($"call={callA}", $"call={callB}", StringComparison.Ordinal),
            link.Url.Replace($"tenant={tenantA}", $"tenant={tenantB}", StringComparison.Ordinal),
            // The same id in another spelling is not the signed text either.
            link.Url.Replace($"call={callA}", $"call={Guid.Parse(callOfA):D}", StringComparison.Ordinal),
            // A path where an id belongs reaches no file.
            link.Url.Replace($"call={callA}", "call=..%2F..%2Fwork%2Fx.caller.ulaw", StringComparison.Ordinal),
        })
        {
            Assert.NotEqual(link.Url, altered);
            using var response = await StoredRecordings.GetAsync(altered);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        // B's own link still plays B's call.
        using var own = await StoredRecordings.FetchAsync(fixture, b, callOfB);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task An_expired_link_is_refused()
    {
        var business = await fixture.NewBusinessAsync();
        var callId = await RecordedCallAsync(business);
        var signer = new RecordingLinkSigner(VoiceServer.RecordingUrlSecret);
        var edge = fixture.Voice.BaseAddress.ToString().TrimEnd('/');

        var expired = signer.SignedPath(Guid.Parse(business.TenantId), Guid.Parse(callId), DateTimeOffset.UtcNow.AddSeconds(-1));
        var valid = signer.SignedPath(Guid.Parse(business.TenantId), Guid.Parse(callId), DateTimeOffset.UtcNow.AddMinutes(5));

        using var refused = await StoredRecordings.GetAsync($"{edge}/{expired}");
        using var served = await StoredRecordings.GetAsync($"{edge}/{valid}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task A_link_signed_with_another_secret_is_refused()
    {
        var business = await fixture.NewBusinessAsync();
        var callId = await UnrecordedCallAsync(business);
        var forged = new RecordingLinkSigner("not-the-platform-secret-0123456789abcdef")
            .SignedPath(Guid.Parse(business.TenantId), Guid.Parse(callId), DateTimeOffset.UtcNow.AddMinutes(5));

        using var response = await StoredRecordings.GetAsync($"{fixture.Voice.BaseAddress.ToString().TrimEnd('/')}/{forged}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    /// <summary>A call started in the core, never recorded: a forged link must be refused before anything is looked up.</summary>
    private async Task<string> UnrecordedCallAsync(Business business)
    {
        var call = await fixture.Clients(business).Calls.StartCallAsync(new StartCallRequest
        {
            TwilioCallSid = TestData.CallSid(),
            FromNumber = TestData.UsNumber(),
            ToNumber = business.Number,
        });
        return call.Id;
    }

    [Fact]
    public async Task On_a_full_disk_the_call_is_completed_without_a_recording()
    {
        using var disk = new TinyFilesystem(kilobytes: 64);
        disk.FillLeaving(1024);
        var business = await fixture.NewBusinessAsync();
        await using var own = await fixture.StartOwnVoiceAsync(new Dictionary<string, string?> { ["Coordi:Voice:RecordingsPath"] = disk.Path });

        var script = fixture.Realtime.Expect(business.Marker)
            .Agent(business.Greeting)
            .Caller("Can someone look at my boiler this week?")
            .Agent("Yes, we can. Goodbye!", call: ScriptedCall.Of("end_call", new { reason = "question answered" }));
        var call = await own.Twilio.DialAsync(TestData.UsNumber(), business.Number);
        var session = await script.Session.Within("the model session to open");
        await call.SayAsync(session, 2000);
        Assert.Equal(["Hangup"], (await call.ConnectAction.Within("the agent to end the call")).Verbs());
        await call.DisposeAsync();

        var completed = await Eventually.GetAsync(
            () => fixture.Clients(business).Calls.GetCallAsync(new GetCallRequest { Id = call.StreamParameters["callId"] }).ResponseAsync,
            c => c.Status == CallStatus.Completed && c.Outcome == CallOutcome.Information && c.Transcript.Count == 3,
            "the call to be completed in the core");
        Assert.Equal("", completed.RecordingRef);
        Assert.Empty(await StoredRecordings.KeysOfTenantAsync(own.Voice, business.TenantId));
        // Nothing of the call is left on the full disk.
        Assert.Equal(["filler"], Directory.GetFiles(disk.Path).Select(Path.GetFileName));
        var noLink = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() =>
            fixture.Clients(business).Calls.GetRecordingLinkAsync(new GetRecordingLinkRequest { CallId = completed.Id }).ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.FailedPrecondition, noLink.StatusCode);
    }

    private async Task<string> RecordedCallAsync(Business business)
    {
        var script = fixture.Realtime.Expect(business.Marker)
            .Agent(business.Greeting)
            .Caller("Do you fix garbage disposals?")
            .Agent("We do. Goodbye!", call: ScriptedCall.Of("end_call", new { reason = "question answered" }));
        var call = await fixture.Twilio.DialAsync(TestData.UsNumber(), business.Number);
        var session = await script.Session.Within("the model session to open");
        await call.SayAsync(session, 500);
        await call.ConnectAction.Within("the agent to end the call");
        await call.PostStatusCallbackAsync("completed", 8);
        await call.DisposeAsync();
        var callId = call.StreamParameters["callId"];
        await Eventually.GetAsync(
            () => fixture.Clients(business).Calls.GetCallAsync(new GetCallRequest { Id = callId }).ResponseAsync,
            c => c.RecordingRef.Length > 0,
            "the recording to be reported to the core");
        return callId;
    }
}
