using System.Buffers.Text;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;

namespace Coordi.Voice.EdgeBench;

/// <summary>One model session of the bench's Realtime emulator. Only one reply speaks at a time; a cancel stops it.</summary>
internal sealed class BenchRealtimeSession(WebSocket socket, BenchStats stats)
{
    private const int DeltaBytes = 800; // 100 ms of 8 kHz mu-law
    private const int SilenceFramesToStop = 15; // 300 ms of silence ends the caller's turn

    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly byte[] _deltaAudio = new byte[DeltaBytes];
    private readonly byte[] _deltaBase64 = new byte[Base64.GetMaxEncodedToUtf8Length(DeltaBytes)];
    private byte[] _sendBuffer = new byte[4096];
    private CancellationTokenSource? _reply;
    private int _ids;
    private int _turns;
    private bool _inSpeech;
    private int _silentFrames;
    private long _audioMs;
    private string _speechItem = "";

    public async Task RunAsync(CancellationToken aborted)
    {
        try
        {
            await SendAsync($"{{\"type\":\"session.created\",\"event_id\":\"{Id("event")}\",\"session\":{{\"type\":\"realtime\",\"object\":\"realtime.session\",\"id\":\"{Id("sess")}\",\"model\":\"gpt-realtime\"}}}}");
            var buffer = new byte[16 * 1024];
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var result = await socket.ReceiveAsync(buffer.AsMemory(length), aborted);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                    }

                    return;
                }

                length += result.Count;
                if (result.EndOfMessage)
                {
                    await HandleAsync(buffer.AsMemory(0, length));
                    length = 0;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The edge closed the session.
        }
        finally
        {
            _reply?.Cancel();
        }
    }

    private Task HandleAsync(ReadOnlyMemory<byte> message)
    {
        var span = message.Span;
        var type = AudioStamp.StringAfter(span, "\"type\":\""u8);
        if (type.SequenceEqual("input_audio_buffer.append"u8))
        {
            var now = Stopwatch.GetTimestamp();
            _audioMs += 20;
            if (!AudioStamp.TryRead(AudioStamp.StringAfter(span, "\"audio\":\""u8), out var sentAt, out var speaking))
            {
                return Task.CompletedTask;
            }

            stats.CallerToModel.RecordTicks(now - sentAt);
            return OnCallerFrameAsync(speaking);
        }

        if (type.SequenceEqual("session.update"u8))
        {
            return SendAsync($"{{\"type\":\"session.updated\",\"event_id\":\"{Id("event")}\",\"session\":{{\"type\":\"realtime\"}}}}");
        }

        if (type.SequenceEqual("response.create"u8))
        {
            StartReply("Thanks for calling, this is Riley. How can I help?");
        }
        else if (type.SequenceEqual("response.cancel"u8))
        {
            _reply?.Cancel();
        }
        else if (type.SequenceEqual("conversation.item.truncate"u8))
        {
            var item = Encoding.UTF8.GetString(AudioStamp.StringAfter(span, "\"item_id\":\""u8));
            return SendAsync($"{{\"type\":\"conversation.item.truncated\",\"event_id\":\"{Id("event")}\",\"item_id\":\"{item}\",\"content_index\":0,\"audio_end_ms\":0}}");
        }
        else if (type.SequenceEqual("conversation.item.create"u8))
        {
            return SendAsync($"{{\"type\":\"conversation.item.added\",\"event_id\":\"{Id("event")}\",\"item\":{{\"id\":\"{Id("item")}\",\"type\":\"message\"}}}}");
        }

        return Task.CompletedTask;
    }

    private async Task OnCallerFrameAsync(bool speaking)
    {
        if (speaking)
        {
            _silentFrames = 0;
            if (!_inSpeech)
            {
                _inSpeech = true;
                _speechItem = Id("item");
                await SendAsync($"{{\"type\":\"input_audio_buffer.speech_started\",\"event_id\":\"{Id("event")}\",\"audio_start_ms\":{_audioMs},\"item_id\":\"{_speechItem}\"}}");
            }

            return;
        }

        if (_inSpeech && ++_silentFrames == SilenceFramesToStop)
        {
            _inSpeech = false;
            var item = _speechItem;
            await SendAsync($"{{\"type\":\"input_audio_buffer.speech_stopped\",\"event_id\":\"{Id("event")}\",\"audio_end_ms\":{_audioMs},\"item_id\":\"{item}\"}}");
            await SendAsync($"{{\"type\":\"input_audio_buffer.committed\",\"event_id\":\"{Id("event")}\",\"previous_item_id\":null,\"item_id\":\"{item}\"}}");
            var turn = ++_turns;
            await SendAsync($"{{\"type\":\"conversation.item.input_audio_transcription.completed\",\"event_id\":\"{Id("event")}\",\"item_id\":\"{item}\",\"content_index\":0,\"transcript\":\"Question {turn} about my water heater.\"}}");
            StartReply($"Answer {turn}: we can help with that.");
        }
    }

    /// <summary>Server VAD's reply (or the requested greeting): the previous one, if still speaking, is cancelled.</summary>
    private void StartReply(string text)
    {
        _reply?.Cancel();
        var cancel = _reply = new CancellationTokenSource();
        _ = Task.Run(() => ReplyAsync(text, cancel.Token));
    }

    private async Task ReplyAsync(string text, CancellationToken cancelled)
    {
        try
        {
            var responseId = Id("resp");
            var itemId = Id("item");
            await SendAsync($"{{\"type\":\"response.created\",\"event_id\":\"{Id("event")}\",\"response\":{{\"object\":\"realtime.response\",\"id\":\"{responseId}\",\"status\":\"in_progress\",\"output\":[]}}}}");
            await SendAsync($"{{\"type\":\"response.output_item.added\",\"event_id\":\"{Id("event")}\",\"response_id\":\"{responseId}\",\"output_index\":0,\"item\":{{\"id\":\"{itemId}\",\"object\":\"realtime.item\",\"type\":\"message\",\"role\":\"assistant\",\"status\":\"in_progress\",\"content\":[]}}}}");
            var prefix = Encoding.UTF8.GetBytes($"{{\"type\":\"response.output_audio.delta\",\"event_id\":\"ev\",\"response_id\":\"{responseId}\",\"item_id\":\"{itemId}\",\"output_index\":0,\"content_index\":0,\"delta\":\"");
            var suffix = "\"}"u8.ToArray();
            var clock = Stopwatch.StartNew();
            var deltas = RealtimeHost.ReplyMs / 100;
            var completed = true;
            for (var delta = 0; delta < deltas; delta++)
            {
                var wait = TimeSpan.FromMilliseconds(delta * 100) - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancelled);
                }

                if (cancelled.IsCancellationRequested)
                {
                    completed = false;
                    break;
                }

                await SendDeltaAsync(prefix, suffix);
            }

            var status = completed ? "completed" : "cancelled";
            await SendAsync($"{{\"type\":\"response.output_audio.done\",\"event_id\":\"{Id("event")}\",\"response_id\":\"{responseId}\",\"item_id\":\"{itemId}\",\"output_index\":0,\"content_index\":0}}");
            await SendAsync($"{{\"type\":\"response.output_audio_transcript.done\",\"event_id\":\"{Id("event")}\",\"response_id\":\"{responseId}\",\"item_id\":\"{itemId}\",\"output_index\":0,\"content_index\":0,\"transcript\":\"{text}\"}}");
            await SendAsync($"{{\"type\":\"response.output_item.done\",\"event_id\":\"{Id("event")}\",\"response_id\":\"{responseId}\",\"output_index\":0,\"item\":{{\"id\":\"{itemId}\",\"object\":\"realtime.item\",\"type\":\"message\",\"role\":\"assistant\",\"status\":\"{(completed ? "completed" : "incomplete")}\"}}}}");
            await SendAsync($"{{\"type\":\"response.done\",\"event_id\":\"{Id("event")}\",\"response\":{{\"object\":\"realtime.response\",\"id\":\"{responseId}\",\"status\":\"{status}\",\"output\":[]}}}}");
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The session ended while the reply was speaking.
        }
    }

    private async Task SendDeltaAsync(byte[] prefix, byte[] suffix)
    {
        await _sendLock.WaitAsync();
        try
        {
            AudioStamp.Write(_deltaAudio, speaking: false);
            Base64.EncodeToUtf8(_deltaAudio, _deltaBase64, out _, out var encoded);
            var length = prefix.Length + encoded + suffix.Length;
            prefix.CopyTo(_sendBuffer, 0);
            _deltaBase64.AsSpan(0, encoded).CopyTo(_sendBuffer.AsSpan(prefix.Length));
            suffix.CopyTo(_sendBuffer, prefix.Length + encoded);
            await socket.SendAsync(_sendBuffer.AsMemory(0, length), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task SendAsync(string json)
    {
        await _sendLock.WaitAsync();
        try
        {
            var length = Encoding.UTF8.GetByteCount(json);
            if (length > _sendBuffer.Length)
            {
                _sendBuffer = new byte[length * 2];
            }

            Encoding.UTF8.GetBytes(json, _sendBuffer);
            await socket.SendAsync(_sendBuffer.AsMemory(0, length), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private string Id(string prefix) => $"{prefix}_{Interlocked.Increment(ref _ids)}";
}
