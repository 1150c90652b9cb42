using System.Text.Json;

namespace Coordi.Voice.Realtime;

/// <summary>Reads Realtime server events with <see cref="Utf8JsonReader"/>; property order is not assumed.</summary>
public static class RealtimeEventParser
{
    public static bool TryParse(ReadOnlySpan<byte> json, out RealtimeServerEvent evt)
    {
        evt = default;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    evt.Type = TypeOf(ref reader);
                }
                else if (reader.ValueTextEquals("delta"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        evt.Delta = RangeOf(ref reader);
                        evt.DeltaEscaped = reader.ValueIsEscaped;
                    }
                }
                else if (reader.ValueTextEquals("response_id"u8))
                {
                    reader.Read();
                    evt.ResponseId = reader.TokenType == JsonTokenType.String ? RangeOf(ref reader) : default;
                }
                else if (reader.ValueTextEquals("item_id"u8))
                {
                    reader.Read();
                    evt.ItemId = reader.TokenType == JsonTokenType.String ? RangeOf(ref reader) : default;
                }
                else if (reader.ValueTextEquals("transcript"u8))
                {
                    reader.Read();
                    evt.Transcript = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("call_id"u8))
                {
                    reader.Read();
                    evt.CallId = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("name"u8))
                {
                    reader.Read();
                    evt.Name = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("arguments"u8))
                {
                    reader.Read();
                    evt.Arguments = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("audio_end_ms"u8))
                {
                    reader.Read();
                    evt.AudioEndMs = reader.TokenType == JsonTokenType.Number ? reader.GetInt64() : 0;
                }
                else if (reader.ValueTextEquals("response"u8))
                {
                    reader.Read();
                    ReadResponse(ref reader, ref evt);
                }
                else if (reader.ValueTextEquals("item"u8))
                {
                    reader.Read();
                    ReadItem(ref reader, ref evt);
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    reader.Read();
                    ReadError(ref reader, ref evt);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static Range RangeOf(ref Utf8JsonReader reader)
    {
        var start = (int)reader.TokenStartIndex + 1;
        return new Range(start, start + reader.ValueSpan.Length);
    }

    private static void ReadResponse(ref Utf8JsonReader reader, ref RealtimeServerEvent evt)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                evt.ResponseId = reader.TokenType == JsonTokenType.String ? RangeOf(ref reader) : default;
            }
            else if (reader.ValueTextEquals("status"u8))
            {
                reader.Read();
                evt.ResponseStatus = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("metadata"u8))
            {
                reader.Read();
                ReadMetadata(ref reader, ref evt);
            }
            else if (reader.ValueTextEquals("status_details"u8))
            {
                reader.Read();
                ReadStatusDetails(ref reader, ref evt);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadMetadata(ref Utf8JsonReader reader, ref RealtimeServerEvent evt)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isPurpose = reader.ValueTextEquals("purpose"u8);
            reader.Read();
            if (isPurpose && reader.TokenType == JsonTokenType.String)
            {
                evt.ResponsePurpose = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }
    }

    // A failed response says why in status_details.error, shaped like an error event's error.
    private static void ReadStatusDetails(ref Utf8JsonReader reader, ref RealtimeServerEvent evt)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isError = reader.ValueTextEquals("error"u8);
            reader.Read();
            if (isError)
            {
                ReadError(ref reader, ref evt);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    // output_item events carry the function call's name, which some servers omit from arguments.done.
    private static void ReadItem(ref Utf8JsonReader reader, ref RealtimeServerEvent evt)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isName = reader.ValueTextEquals("name"u8);
            var isCallId = reader.ValueTextEquals("call_id"u8);
            var isId = reader.ValueTextEquals("id"u8);
            reader.Read();
            if (isName && reader.TokenType == JsonTokenType.String)
            {
                evt.Name = reader.GetString();
            }
            else if (isCallId && reader.TokenType == JsonTokenType.String)
            {
                evt.CallId = reader.GetString();
            }
            else if (isId && reader.TokenType == JsonTokenType.String)
            {
                evt.ItemId = RangeOf(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void ReadError(ref Utf8JsonReader reader, ref RealtimeServerEvent evt)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        string? type = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isCode = reader.ValueTextEquals("code"u8);
            var isType = reader.ValueTextEquals("type"u8);
            var isMessage = reader.ValueTextEquals("message"u8);
            reader.Read();
            if (isCode && reader.TokenType == JsonTokenType.String)
            {
                evt.ErrorCode = reader.GetString();
            }
            else if (isType && reader.TokenType == JsonTokenType.String)
            {
                type = reader.GetString();
            }
            else if (isMessage && reader.TokenType == JsonTokenType.String)
            {
                evt.ErrorMessage = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }

        evt.ErrorCode ??= type;
    }

    private static RealtimeEventType TypeOf(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return RealtimeEventType.Other;
        }

        // Most frequent first: audio deltas dominate the stream.
        if (reader.ValueTextEquals("response.output_audio.delta"u8))
        {
            return RealtimeEventType.OutputAudioDelta;
        }

        if (reader.ValueTextEquals("input_audio_buffer.speech_started"u8))
        {
            return RealtimeEventType.SpeechStarted;
        }

        if (reader.ValueTextEquals("input_audio_buffer.speech_stopped"u8))
        {
            return RealtimeEventType.SpeechStopped;
        }

        if (reader.ValueTextEquals("response.created"u8))
        {
            return RealtimeEventType.ResponseCreated;
        }

        if (reader.ValueTextEquals("response.done"u8))
        {
            return RealtimeEventType.ResponseDone;
        }

        if (reader.ValueTextEquals("response.output_audio_transcript.done"u8))
        {
            return RealtimeEventType.OutputAudioTranscriptDone;
        }

        if (reader.ValueTextEquals("conversation.item.input_audio_transcription.completed"u8))
        {
            return RealtimeEventType.InputTranscriptionCompleted;
        }

        if (reader.ValueTextEquals("response.function_call_arguments.done"u8))
        {
            return RealtimeEventType.FunctionCallArgumentsDone;
        }

        if (reader.ValueTextEquals("response.output_item.added"u8))
        {
            return RealtimeEventType.OutputItemAdded;
        }

        if (reader.ValueTextEquals("session.created"u8))
        {
            return RealtimeEventType.SessionCreated;
        }

        if (reader.ValueTextEquals("session.updated"u8))
        {
            return RealtimeEventType.SessionUpdated;
        }

        return reader.ValueTextEquals("error"u8) ? RealtimeEventType.Error : RealtimeEventType.Other;
    }
}
