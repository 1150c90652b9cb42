using System.Net.WebSockets;
using Coordi.Voice.Realtime;
using Coordi.Voice.Tools;
using Microsoft.Extensions.Options;

namespace Coordi.Voice.Calls;

/// <summary>
/// Runs the model's function calls beside the conversation, hands their output back and asks for the reply.
/// A tool slower than <see cref="VoiceOptions.ToolFillerDelayMs"/> gets a holding phrase, so the caller is not
/// left in silence; a tool that ends the call hands its ending to the session.
/// </summary>
internal sealed class ToolRunner(
    ToolDispatcher tools,
    ToolContext context,
    RealtimeConnection realtime,
    ModelResponses responses,
    CallLifecycle lifecycle,
    Func<bool> callerHearsAgent,
    Func<CallDisposition, CancellationToken, Task> endWith,
    IOptions<VoiceOptions> options,
    VoiceMetrics metrics)
{
    /// <summary>Longest a tool's answer waits for a holding phrase to finish or be cancelled.</summary>
    private static readonly TimeSpan HoldingPhraseWait = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal); // model pump only
    private volatile HoldingPhrase? _holdingPhrase;

    /// <summary>response.output_item.added named a function call; some servers omit the name from arguments.done.</summary>
    public void Named(string toolCallId, string name) => _names[toolCallId] = name;

    /// <summary>The model's arguments are complete: the tool runs without holding up the audio.</summary>
    public void Start(string toolCallId, string? name, string? arguments, CancellationToken cancellationToken) =>
        _ = RunAsync(toolCallId, name ?? _names.GetValueOrDefault(toolCallId) ?? "", arguments ?? "{}", cancellationToken);

    /// <summary>
    /// A holding phrase's response started. If the tool has returned by then the phrase is no longer wanted: it
    /// is cancelled unheard and the caller goes straight to the answer.
    /// </summary>
    public async ValueTask HoldingPhraseStartedAsync(ReadOnlyMemory<byte> responseId, CancellationToken cancellationToken)
    {
        var id = System.Text.Encoding.UTF8.GetString(responseId.Span);
        if (_holdingPhrase is not { } phrase || !phrase.Started(id))
        {
            return;
        }

        responses.Cancel(responseId.Span);
        await realtime.SendAsync(w => RealtimeSessionSettings.WriteResponseCancel(w, id), cancellationToken);
    }

    public void HoldingPhraseFinished() => _holdingPhrase?.Finished();

    private async Task RunAsync(string toolCallId, string name, string arguments, CancellationToken cancellationToken)
    {
        try
        {
            var run = tools.RunAsync(context, toolCallId, name, arguments, cancellationToken);
            var holding = await HoldTheLineAsync(run, cancellationToken);
            var result = await run;
            holding?.ToolReturned();
            await realtime.SendAsync(w => RealtimeSessionSettings.WriteFunctionOutput(w, toolCallId, result.OutputJson), cancellationToken);
            if (holding is not null)
            {
                // The answer's reply must not start while the holding phrase is still on the model's side.
                await holding.Done.WaitAsync(HoldingPhraseWait, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            if (result.EndWith is { } disposition)
            {
                await endWith(disposition, cancellationToken);
                return;
            }

            await realtime.SendAsync(w => RealtimeSessionSettings.WriteResponseCreate(w, null), cancellationToken);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The call ended while the tool ran; its invocation is recorded regardless.
        }
    }

    /// <summary>
    /// Waits for the tool; if it is still running after <see cref="VoiceOptions.ToolFillerDelayMs"/> and the
    /// caller hears nothing, asks the model for a holding phrase outside the conversation. Returns that phrase.
    /// </summary>
    private async Task<HoldingPhrase?> HoldTheLineAsync(Task run, CancellationToken cancellationToken)
    {
        var delay = options.Value.ToolFillerDelayMs;
        if (delay <= 0)
        {
            return null;
        }

        await Task.WhenAny(run, Task.Delay(delay, cancellationToken));
        while (!run.IsCompleted && !cancellationToken.IsCancellationRequested && !lifecycle.IsEnding)
        {
            if (!callerHearsAgent() && !responses.Busy && _holdingPhrase is null or { Done.IsCompleted: true })
            {
                return await RequestHoldingPhraseAsync(cancellationToken);
            }

            // The caller is still hearing the agent: the silence starts when that ends.
            await Task.WhenAny(run, Task.Delay(200, cancellationToken));
        }

        return null;
    }

    private async Task<HoldingPhrase?> RequestHoldingPhraseAsync(CancellationToken cancellationToken)
    {
        var phrase = new HoldingPhrase();
        _holdingPhrase = phrase;
        try
        {
            await realtime.SendAsync(w => RealtimeSessionSettings.WriteOutOfBandResponse(w, HoldingPhrase.Instructions, HoldingPhrase.Purpose), cancellationToken);
            metrics.HoldingPhrase();
            return phrase;
        }
        catch (Exception ex) when (ex is WebSocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            phrase.Finished();
            return null;
        }
    }
}
