using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Coordi.Portal.FunctionalTests.Infrastructure;

/// <summary>
/// Stands in for OpenAI's text-to-speech endpoint on a loopback port: answers POST /v1/audio/speech with a
/// recognisable MP3-like body and records what it was asked, so tests see the voice, text and key used.
/// </summary>
public sealed class FakeOpenAiSpeech : IAsyncDisposable
{
    public static readonly byte[] Audio = [0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x66, 0x61, 0x6b, 0x65];

    private readonly WebApplication _app;
    private readonly List<SpeechRequest> _requests = [];

    private FakeOpenAiSpeech(WebApplication app, int port)
    {
        _app = app;
        BaseUrl = $"http://127.0.0.1:{port}/v1";
    }

    public string BaseUrl { get; }

    public IReadOnlyList<SpeechRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToList();
            }
        }
    }

    public static async Task<FakeOpenAiSpeech> StartAsync()
    {
        var port = PostgresCluster.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var fake = new FakeOpenAiSpeech(app, port);
        app.MapPost("/v1/audio/speech", async (HttpContext context) =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            var root = body.RootElement;
            var request = new SpeechRequest(
                context.Request.Headers.Authorization.ToString(),
                root.GetProperty("model").GetString() ?? "",
                root.GetProperty("voice").GetString() ?? "",
                root.GetProperty("input").GetString() ?? "");
            lock (fake._requests)
            {
                fake._requests.Add(request);
            }

            return Results.Bytes(Audio, "audio/mpeg");
        });
        await app.StartAsync();
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record SpeechRequest(string Authorization, string Model, string Voice, string Input);
