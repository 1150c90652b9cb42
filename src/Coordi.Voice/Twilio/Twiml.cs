using Coordi.Contracts.V1;
using Twilio.TwiML;
using Twilio.TwiML.Voice;
using TwilioStream = Twilio.TwiML.Voice.Stream;

namespace Coordi.Voice.Twilio;

/// <summary>The TwiML documents the voice edge answers with.</summary>
public static class Twiml
{
    public static IResult Result(VoiceResponse response) => Results.Content(response.ToString(), "application/xml");

    /// <summary>Connects the call to our media stream; Twilio fetches <paramref name="action"/> when the stream ends.</summary>
    public static VoiceResponse ConnectStream(Uri streamUrl, Uri action, IReadOnlyDictionary<string, string> parameters)
    {
        var stream = new TwilioStream(url: streamUrl.ToString());
        foreach (var (name, value) in parameters)
        {
            stream.Parameter(name: name, value: value);
        }

        var connect = new Connect(action: action);
        connect.Append(stream);
        return new VoiceResponse().Append(connect);
    }

    public static VoiceResponse SayAndHangUp(string text) => new VoiceResponse().Say(text).Hangup();

    /// <summary>Rings one escalation contact; Twilio posts the outcome to <paramref name="action"/>, which tries the next.</summary>
    public static VoiceResponse DialContact(EscalationContact contact, Uri action, string callerId)
    {
        var dial = new Dial(action: action, timeout: contact.RingSeconds <= 0 ? 20 : contact.RingSeconds, callerId: callerId);
        dial.Number(contact.Phone);
        return new VoiceResponse().Say("Connecting you now.").Append(dial);
    }

    public static VoiceResponse Voicemail(string apology, Uri action) =>
        new VoiceResponse()
            .Say(apology)
            .Record(action: action, maxLength: 120, playBeep: true, timeout: 5)
            .Say("We did not receive a message. Goodbye.")
            .Hangup();
}
