using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;

namespace Coordi.Deployment.Tests.ScaleOut;

/// <summary>
/// Plays a call's recording as the portal's owner does: the link comes from the core, asked with the
/// organization's credentials, and the browser fetches it from the tier's public address, that is through the
/// proxy, so whichever edge the proxy picks serves it, the one that recorded the call or not. The browser first
/// asks for the header with a Range request (206), then the whole file (200).
/// </summary>
public static class RecordingPlayback
{
    public const string Path = "/recordings";

    private const int WavHeaderBytes = 44;

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>How one recording played: the edges that served the Range and the whole request, and its size.</summary>
    public sealed record Played(string RangeServedBy, string WholeServedBy, long Bytes);

    /// <summary>
    /// Waits until the call's recording is reported to the core, then plays it. Requests through the proxy must
    /// not overlap, so that the proxy's log tells which edge served each one.
    /// </summary>
    /// <exception cref="InvalidOperationException">The recording could not be played; the message says why.</exception>
    public static async Task<Played> PlayAsync(VoiceTier tier, TenantClients clients, string callId)
    {
        await Eventually.GetAsync(
            () => clients.Calls.GetCallAsync(new GetCallRequest { Id = callId }).ResponseAsync,
            c => c.RecordingRef.Length > 0,
            $"the recording of call {callId} to be reported to the core",
            CallerTurns.Patience);
        var link = await clients.Calls.GetRecordingLinkAsync(new GetRecordingLinkRequest { CallId = callId });
        if (!link.Url.StartsWith(tier.Proxy.Address.ToString().TrimEnd('/') + Path, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"the link of call {callId} is not on the tier's public address: {link.Url}");
        }

        using var range = await GetAsync(link.Url, new RangeHeaderValue(0, WavHeaderBytes - 1));
        var rangeEdge = tier.Proxy.Requests.Last(r => r.Path == Path).Edge;
        if (range.StatusCode != HttpStatusCode.PartialContent || range.Content.Headers.ContentRange?.Length is not { } total)
        {
            throw new InvalidOperationException($"the Range request for call {callId} on {rangeEdge} was answered {(int)range.StatusCode}");
        }

        var header = await range.Content.ReadAsByteArrayAsync();
        using var whole = await GetAsync(link.Url, range: null);
        var wholeEdge = tier.Proxy.Requests.Last(r => r.Path == Path).Edge;
        if (whole.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"the recording of call {callId} on {wholeEdge} was answered {(int)whole.StatusCode}");
        }

        var wav = await whole.Content.ReadAsByteArrayAsync();
        if (wav.LongLength != total || !header.AsSpan().SequenceEqual(wav.AsSpan(0, Math.Min(WavHeaderBytes, wav.Length))) || !IsWav(wav))
        {
            throw new InvalidOperationException($"the recording of call {callId} ({wav.Length} bytes from {wholeEdge}, {total} announced by {rangeEdge}) is not one valid WAV file");
        }

        return new Played(rangeEdge, wholeEdge, wav.LongLength);
    }

    /// <summary>A 16-bit PCM WAV whose chunk sizes match the bytes received and which holds some audio.</summary>
    private static bool IsWav(byte[] wav) =>
        wav.Length > WavHeaderBytes
        && wav.AsSpan(0, 4).SequenceEqual("RIFF"u8)
        && BinaryPrimitives.ReadUInt32LittleEndian(wav.AsSpan(4)) == wav.Length - 8
        && wav.AsSpan(8, 8).SequenceEqual("WAVEfmt "u8)
        && BinaryPrimitives.ReadUInt16LittleEndian(wav.AsSpan(20)) == 1
        && BinaryPrimitives.ReadUInt16LittleEndian(wav.AsSpan(34)) == 16
        && wav.AsSpan(36, 4).SequenceEqual("data"u8)
        && BinaryPrimitives.ReadUInt32LittleEndian(wav.AsSpan(40)) == wav.Length - WavHeaderBytes;

    private static async Task<HttpResponseMessage> GetAsync(string url, RangeHeaderValue? range)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Range = range;
        return await Http.SendAsync(request);
    }
}
