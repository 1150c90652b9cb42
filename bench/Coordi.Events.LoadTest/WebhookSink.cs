using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Coordi.Testing;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Coordi.Events.LoadTest;

/// <summary>
/// The organizations' webhook receivers: one Kestrel server on 127.0.0.1, one path per organization. Each
/// delivery is checked as docs/partners.md tells a partner to check it (HMAC-SHA256 of "t.body" with the
/// endpoint's secret, a fresh timestamp, the event id header matching the body), then matched to its write.
/// </summary>
public sealed class WebhookSink : IAsyncDisposable
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private readonly WebApplication _app;
    private readonly WriteLedger _ledger;
    private string[] _secrets = [];
    private long _received;
    private long _badSignatures;
    private long _unmatched;

    private WebhookSink(WebApplication app, int port, WriteLedger ledger)
    {
        _app = app;
        _ledger = ledger;
        BaseUrl = $"http://127.0.0.1:{port}";
    }

    public string BaseUrl { get; }

    /// <summary>Requests received, whatever their content.</summary>
    public long Received => Interlocked.Read(ref _received);

    public long BadSignatures => Interlocked.Read(ref _badSignatures);

    /// <summary>Correctly signed deliveries of events this run did not write.</summary>
    public long Unmatched => Interlocked.Read(ref _unmatched);

    public static async Task<WebhookSink> StartAsync(WriteLedger ledger)
    {
        var port = PostgresCluster.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var sink = new WebhookSink(app, port, ledger);
        app.MapPost("/hooks/{organization:int}", sink.HandleAsync);
        await app.StartAsync();
        return sink;
    }

    public string Url(int organization) => $"{BaseUrl}/hooks/{organization}";

    /// <summary>The endpoints' signing secrets, by organization index, once they are all created.</summary>
    public void UseSecrets(string[] secrets) => _secrets = secrets;

    private async Task<IResult> HandleAsync(int organization, HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        var arrivedAt = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _received);

        var secrets = _secrets;
        if (organization < 0 || organization >= secrets.Length
            || !Verify(secrets[organization], request.Headers["Coordi-Signature"].ToString(), body, DateTimeOffset.UtcNow))
        {
            Interlocked.Increment(ref _badSignatures);
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }

        ChangeEvent e;
        try
        {
            e = Parser.Parse<ChangeEvent>(body);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            // Not a ChangeEvent (InvalidJsonException and InvalidProtocolBufferException are IOExceptions).
            Interlocked.Increment(ref _unmatched);
            return Results.NoContent();
        }

        if (request.Headers["Coordi-Event-Id"].ToString() != e.Id
            || EventToken.Read(e) is not { } number || !_ledger.Arrived(number, DeliveryPath.Webhook, arrivedAt))
        {
            Interlocked.Increment(ref _unmatched);
        }

        // Answered 2xx either way: a retry would not change what the run has already counted.
        return Results.NoContent();
    }

    /// <summary>The documented receiver check, written from the contract rather than taken from the core.</summary>
    private static bool Verify(string secret, string header, string body, DateTimeOffset now)
    {
        string? timestamp = null;
        var signatures = new List<string>();
        foreach (var part in header.Split(','))
        {
            var pair = part.Split('=', 2);
            if (pair.Length != 2)
            {
                return false;
            }

            if (pair[0] == "t")
            {
                timestamp = pair[1];
            }
            else if (pair[0] == "v1")
            {
                signatures.Add(pair[1]);
            }
        }

        if (timestamp is null || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var unix)
            || Math.Abs(now.ToUnixTimeSeconds() - unix) > Tolerance.TotalSeconds)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body))));
        return signatures.Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
