using Coordi.ServiceDefaults;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Http;
using Twilio.Rest.Api.V2010.Account;

namespace Coordi.Voice.Tests;

/// <summary>The fakes answer like the services they stand for, as seen through the same SDK the edge uses.</summary>
[Collection(VoiceCollection.Name)]
public sealed class FakeServicesTests(VoiceFixture fixture)
{
    [Fact]
    public async Task The_fake_Twilio_API_sends_with_the_right_credentials_and_refuses_wrong_ones()
    {
        var to = TestData.UsNumber();

        var sent = await MessageResource.CreateAsync(
            to: new global::Twilio.Types.PhoneNumber(to), from: new global::Twilio.Types.PhoneNumber("+15125550100"), body: "hello", client: Client(VoiceServer.TwilioAuthToken));
        var refused = await Assert.ThrowsAsync<ApiException>(() => MessageResource.CreateAsync(
            to: new global::Twilio.Types.PhoneNumber(to), from: new global::Twilio.Types.PhoneNumber("+15125550100"), body: "intruder", client: Client("wrong-token")));

        Assert.StartsWith("SM", sent.Sid, StringComparison.Ordinal);
        Assert.Equal(MessageResource.StatusEnum.Queued, sent.Status);
        Assert.Equal((401, 20003), (refused.Status, refused.Code));
        var message = Assert.Single(fixture.TwilioApi.Messages, m => m.To == to);
        Assert.Equal(("+15125550100", "hello"), (message.From, message.Body));
    }

    [Fact]
    public async Task The_Realtime_emulator_refuses_a_wrong_key_or_model()
    {
        var refused = fixture.Realtime.Refused;

        foreach (var (key, model) in new[] { ("sk-wrong", VoiceServer.OpenAiModel), (VoiceServer.OpenAiApiKey, "gpt-unknown") })
        {
            using var socket = new System.Net.WebSockets.ClientWebSocket();
            socket.Options.SetRequestHeader("Authorization", "Bearer " + key);
            await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => socket.ConnectAsync(new Uri($"{fixture.Realtime.Url}?model={model}"), CancellationToken.None));
        }

        Assert.Equal(refused + 2, fixture.Realtime.Refused);
    }

    private TwilioRestClient Client(string authToken)
    {
        var redirect = new ApiBaseUrlHandler("twilio.com", fixture.TwilioApi.BaseAddress.ToString())
        {
            InnerHandler = new SocketsHttpHandler(),
        };
        return new TwilioRestClient(VoiceServer.TwilioAccountSid, authToken, httpClient: new SystemNetHttpClient(new System.Net.Http.HttpClient(redirect)));
    }
}
