using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Coordi.Testing.Fakes;

/// <summary>A text message the fake REST API accepted.</summary>
public sealed record SentSms(string Sid, string AccountSid, string From, string To, string Body);

/// <summary>
/// Twilio's REST API for sending SMS, on a loopback port, in Twilio's wire format: POST
/// /2010-04-01/Accounts/{AccountSid}/Messages.json with a form (To, From, Body) and HTTP basic auth (account sid,
/// auth token). The voice edge reaches it through the real Twilio SDK, redirected by its API base URL setting.
/// </summary>
public sealed class FakeTwilioApi : IAsyncDisposable
{
    private readonly ConcurrentQueue<SentSms> _messages = new();
    private readonly string _accountSid;
    private readonly string _authToken;
    private WebApplication? _app;
    private int _refused;

    private FakeTwilioApi(string accountSid, string authToken)
    {
        _accountSid = accountSid;
        _authToken = authToken;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<SentSms> Messages => [.. _messages];

    /// <summary>Requests refused for bad credentials.</summary>
    public int Refused => _refused;

    public static async Task<FakeTwilioApi> StartAsync(string accountSid, string authToken)
    {
        var api = new FakeTwilioApi(accountSid, authToken);
        (api._app, api.BaseAddress) = await LoopbackApp.StartAsync(app =>
            app.MapPost("/2010-04-01/Accounts/{accountSid}/Messages.json", (string accountSid, HttpRequest request) => api.CreateMessageAsync(accountSid, request)));
        return api;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task<IResult> CreateMessageAsync(string accountSid, HttpRequest request)
    {
        if (!Authenticated(request) || accountSid != _accountSid)
        {
            Interlocked.Increment(ref _refused);
            return Error(StatusCodes.Status401Unauthorized, 20003, "Authenticate");
        }

        var form = await request.ReadFormAsync();
        string to = form["To"].ToString(), from = form["From"].ToString(), body = form["Body"].ToString();
        if (to.Length == 0)
        {
            return Error(StatusCodes.Status400BadRequest, 21604, "A 'To' phone number is required.");
        }

        if (from.Length == 0)
        {
            return Error(StatusCodes.Status400BadRequest, 21603, "A 'From' phone number is required.");
        }

        var sid = "SM" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _messages.Enqueue(new SentSms(sid, accountSid, from, to, body));
        var now = DateTime.UtcNow.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);
        var uri = $"/2010-04-01/Accounts/{accountSid}/Messages/{sid}.json";
        return Results.Json(
            new Dictionary<string, object?>
            {
                ["account_sid"] = accountSid,
                ["api_version"] = "2010-04-01",
                ["body"] = body,
                ["date_created"] = now,
                ["date_sent"] = null,
                ["date_updated"] = now,
                ["direction"] = "outbound-api",
                ["error_code"] = null,
                ["error_message"] = null,
                ["from"] = from,
                ["messaging_service_sid"] = null,
                ["num_media"] = "0",
                ["num_segments"] = "1",
                ["price"] = null,
                ["price_unit"] = "USD",
                ["sid"] = sid,
                ["status"] = "queued",
                ["subresource_uris"] = new Dictionary<string, string> { ["media"] = uri.Replace(".json", "/Media.json", StringComparison.Ordinal) },
                ["to"] = to,
                ["uri"] = uri,
            },
            statusCode: StatusCodes.Status201Created);
    }

    private bool Authenticated(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header) || header.Scheme != "Basic" || header.Parameter is null)
        {
            return false;
        }

        try
        {
            var credentials = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            return credentials == $"{_accountSid}:{_authToken}";
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static IResult Error(int status, int code, string message) => Results.Json(
        new { code, message, more_info = $"https://www.twilio.com/docs/errors/{code}", status },
        statusCode: status);
}
