using Coordi.Voice.Media;
using Coordi.Voice.Outbox;
using Coordi.Voice.Recording;
using Coordi.Voice.Tools;
using Coordi.Voice.Twilio;
using Microsoft.Extensions.Options;

namespace Coordi.Voice.Calls;

public sealed class CallSessionFactory(
    IOptions<VoiceOptions> options,
    ToolDispatcher tools,
    DurableOutbox outbox,
    IRecordingStore recordings,
    TwilioCallControl callControl,
    VoiceMetrics metrics,
    TimeProvider clock,
    ILoggerFactory loggers)
{
    public CallSession Create(LiveCall call, TwilioMediaConnection twilio) =>
        new(call, twilio, options, tools, outbox, recordings, callControl, metrics, clock, loggers.CreateLogger<CallSession>());
}
