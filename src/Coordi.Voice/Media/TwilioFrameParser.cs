using System.Buffers.Text;
using System.Text.Json;

namespace Coordi.Voice.Media;

/// <summary>
/// Reads Twilio Media Stream frames with <see cref="Utf8JsonReader"/> straight off the receive buffer.
/// Property order is not assumed. Anything malformed yields false and a reason; the caller logs and skips it.
/// </summary>
public static class TwilioFrameParser
{
    public static bool TryParse(ReadOnlySpan<byte> json, out TwilioInboundFrame frame, out string? error)
    {
        frame = default;
        error = null;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 8 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "frame is not a JSON object";
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("event"u8))
                {
                    reader.Read();
                    frame.Event = EventOf(ref reader);
                }
                else if (reader.ValueTextEquals("media"u8))
                {
                    reader.Read();
                    ReadMedia(ref reader, ref frame);
                }
                else if (reader.ValueTextEquals("mark"u8))
                {
                    reader.Read();
                    ReadMark(ref reader, ref frame);
                }
                else if (reader.ValueTextEquals("dtmf"u8))
                {
                    reader.Read();
                    ReadDtmf(ref reader, ref frame);
                }
                else if (reader.ValueTextEquals("start"u8))
                {
                    reader.Read();
                    frame.Start = ReadStart(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return Validate(ref frame, out error);
        }
        catch (JsonException ex)
        {
            error = "malformed JSON: " + ex.Message;
            return false;
        }
        catch (FormatException ex)
        {
            error = "malformed field: " + ex.Message;
            return false;
        }
    }

    private static bool Validate(ref TwilioInboundFrame frame, out string? error)
    {
        error = frame.Event switch
        {
            TwilioEventType.Unknown => "missing or unknown event",
            TwilioEventType.Media when frame.Payload.End.Value == 0 => "media frame without payload",
            TwilioEventType.Mark when frame.MarkName.End.Value == 0 => "mark frame without name",
            TwilioEventType.Dtmf when frame.Digit == '\0' => "dtmf frame without digit",
            TwilioEventType.Start when frame.Start is null => "start frame without start object",
            _ => null,
        };
        return error is null;
    }

    private static TwilioEventType EventOf(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return TwilioEventType.Unknown;
        }

        if (reader.ValueTextEquals("media"u8))
        {
            return TwilioEventType.Media;
        }

        if (reader.ValueTextEquals("mark"u8))
        {
            return TwilioEventType.Mark;
        }

        if (reader.ValueTextEquals("start"u8))
        {
            return TwilioEventType.Start;
        }

        if (reader.ValueTextEquals("stop"u8))
        {
            return TwilioEventType.Stop;
        }

        if (reader.ValueTextEquals("dtmf"u8))
        {
            return TwilioEventType.Dtmf;
        }

        return reader.ValueTextEquals("connected"u8) ? TwilioEventType.Connected : TwilioEventType.Unknown;
    }

    private static void ReadMedia(ref Utf8JsonReader reader, ref TwilioInboundFrame frame)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("payload"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    // Skip the opening quote: the range covers the base64 text only.
                    var start = (int)reader.TokenStartIndex + 1;
                    frame.Payload = new Range(start, start + reader.ValueSpan.Length);
                    frame.PayloadEscaped = reader.ValueIsEscaped;
                }
            }
            else if (reader.ValueTextEquals("timestamp"u8))
            {
                reader.Read();
                frame.TimestampMs = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("track"u8))
            {
                reader.Read();
                frame.InboundTrack = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("inbound"u8);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadMark(ref Utf8JsonReader reader, ref TwilioInboundFrame frame)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isName = reader.ValueTextEquals("name"u8);
            reader.Read();
            if (isName && reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && reader.ValueSpan.Length > 0)
            {
                var start = (int)reader.TokenStartIndex + 1;
                frame.MarkName = new Range(start, start + reader.ValueSpan.Length);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void ReadDtmf(ref Utf8JsonReader reader, ref TwilioInboundFrame frame)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isDigit = reader.ValueTextEquals("digit"u8);
            reader.Read();
            if (isDigit && reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length == 1 && IsDtmf((char)reader.ValueSpan[0]))
            {
                frame.Digit = (char)reader.ValueSpan[0];
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static TwilioStreamStart? ReadStart(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        var start = new TwilioStreamStart();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "streamSid" when reader.TokenType == JsonTokenType.String:
                    start.StreamSid = reader.GetString()!;
                    break;
                case "callSid" when reader.TokenType == JsonTokenType.String:
                    start.CallSid = reader.GetString()!;
                    break;
                case "accountSid" when reader.TokenType == JsonTokenType.String:
                    start.AccountSid = reader.GetString()!;
                    break;
                case "customParameters" when reader.TokenType == JsonTokenType.StartObject:
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var key = reader.GetString()!;
                        reader.Read();
                        if (reader.TokenType == JsonTokenType.String && start.CustomParameters.Count < 32)
                        {
                            start.CustomParameters[key] = reader.GetString()!;
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }

                    break;
                case "mediaFormat" when reader.TokenType == JsonTokenType.StartObject:
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var key = reader.GetString();
                        reader.Read();
                        switch (key)
                        {
                            case "encoding" when reader.TokenType == JsonTokenType.String:
                                start.Encoding = reader.GetString()!;
                                break;
                            case "sampleRate":
                                start.SampleRate = (int)ReadLong(ref reader);
                                break;
                            case "channels":
                                start.Channels = (int)ReadLong(ref reader);
                                break;
                            default:
                                reader.Skip();
                                break;
                        }
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return start;
    }

    // Twilio sends numbers as strings ("timestamp":"5"); accept both forms.
    private static long ReadLong(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.GetInt64();
        }

        if (reader.TokenType == JsonTokenType.String && Utf8Parser.TryParse(reader.ValueSpan, out long value, out var consumed) && consumed == reader.ValueSpan.Length)
        {
            return value;
        }

        reader.Skip();
        throw new FormatException("expected a number");
    }

    private static bool IsDtmf(char c) => c is (>= '0' and <= '9') or '*' or '#' or (>= 'A' and <= 'D');
}
