using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Coordi.Testing;

/// <summary>
/// A local HTTP server standing in for partners' webhook receivers. Each path is one receiver; its answers are
/// scripted (status codes, or a hang longer than the core waits), then 200.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    /// <summary>Scripted answer meaning "do not answer before the core gives up".</summary>
    public const int Hang = -1;

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _scripts = new();
    private readonly ConcurrentDictionary<string, int> _fallbacks = new();

    private WebhookReceiver(WebApplication app, int port)
    {
        _app = app;
        BaseUrl = $"http://127.0.0.1:{port}";
    }

    public string BaseUrl { get; }

    public ConcurrentQueue<ReceivedDelivery> Received { get; } = new();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var port = PostgresCluster.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, port);
        app.MapPost("/{name}", receiver.HandleAsync);
        await app.StartAsync();
        return receiver;
    }

    /// <summary>A receiver URL whose first answers are <paramref name="script"/>, then <paramref name="then"/>.</summary>
    public string Url(string name, int then = 200, params int[] script)
    {
        _scripts[name] = new ConcurrentQueue<int>(script);
        _fallbacks[name] = then;
        return $"{BaseUrl}/{name}";
    }

    public IReadOnlyList<ReceivedDelivery> For(string name) => Received.Where(r => r.Name == name).ToList();

    private async Task<IResult> HandleAsync(string name, HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        Received.Enqueue(new ReceivedDelivery(
            name,
            request.Headers["Coordi-Signature"].ToString(),
            request.Headers["Coordi-Event-Id"].ToString(),
            request.Headers["Coordi-Event-Type"].ToString(),
            body));
        var status = _scripts.TryGetValue(name, out var script) && script.TryDequeue(out var scripted) ? scripted : _fallbacks.GetValueOrDefault(name, 200);
        if (status == Hang)
        {
            await Task.Delay(TimeSpan.FromSeconds(10), request.HttpContext.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return Results.Ok();
        }

        return Results.StatusCode(status);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record ReceivedDelivery(string Name, string Signature, string EventId, string EventType, string Body);
