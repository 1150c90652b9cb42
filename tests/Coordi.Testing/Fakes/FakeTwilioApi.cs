using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Coordi.Testing.Fakes;

/// <summary>A text message the fake REST API accepted.</summary>
public sealed record SentSms(string Sid, string AccountSid, string From, string To, string Body);

/// <summary>A number for sale in the fake's inventory.</summary>
public sealed record FakeAvailableNumber(string E164, string Locality, string Region, string PostalCode, string IsoCountry);

/// <summary>A number in the fake account (bought, or put there by a test), with its voice webhooks as last set.</summary>
public sealed record FakeIncomingNumber(
    string Sid, string AccountSid, string E164, string FriendlyName, string? VoiceUrl, string VoiceMethod, string? StatusCallback, string StatusCallbackMethod);

/// <summary>
/// Twilio's REST API on a loopback port, in Twilio's wire format (2010-04-01 API, HTTP basic auth with the account sid and
/// auth token, form-encoded POSTs, JSON answers and errors shaped like Twilio's):
/// <list type="bullet">
/// <item>POST Accounts/{AccountSid}/Messages.json sends an SMS;</item>
/// <item>GET Accounts/{AccountSid}/AvailablePhoneNumbers/{Country}/Local.json (AreaCode, Contains, PageSize) searches the inventory;</item>
/// <item>GET, POST Accounts/{AccountSid}/IncomingPhoneNumbers.json lists (PhoneNumber filter) and buys numbers;</item>
/// <item>POST Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json updates a number's webhooks.</item>
/// </list>
/// The services reach it through the real Twilio SDK, redirected by their API base URL setting.
/// </summary>
public sealed partial class FakeTwilioApi : IAsyncDisposable
{
    private static readonly string[] Countries = ["US", "CA", "GB"];
    private readonly ConcurrentQueue<SentSms> _messages = new();
    private readonly ConcurrentDictionary<string, FakeAvailableNumber> _available = new();
    private readonly ConcurrentDictionary<string, FakeIncomingNumber> _incoming = new();
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

    /// <summary>Numbers in the account, by sid.</summary>
    public IReadOnlyList<FakeIncomingNumber> IncomingNumbers => [.. _incoming.Values];

    /// <summary>Requests refused for bad credentials.</summary>
    public int Refused => _refused;

    public static async Task<FakeTwilioApi> StartAsync(string accountSid, string authToken)
    {
        var api = new FakeTwilioApi(accountSid, authToken);
        (api._app, api.BaseAddress) = await LoopbackApp.StartAsync(app =>
        {
            var account = app.MapGroup("/2010-04-01/Accounts/{accountSid}");
            account.MapPost("/Messages.json", (string accountSid, HttpRequest request) => api.CreateMessageAsync(accountSid, request));
            account.MapGet("/AvailablePhoneNumbers/{country}/Local.json", (string accountSid, string country, HttpRequest request) => api.SearchLocal(accountSid, country, request));
            account.MapGet("/IncomingPhoneNumbers.json", (string accountSid, HttpRequest request) => api.ListIncoming(accountSid, request));
            account.MapPost("/IncomingPhoneNumbers.json", (string accountSid, HttpRequest request) => api.BuyAsync(accountSid, request));
            account.MapPost("/IncomingPhoneNumbers/{sid}.json", (string accountSid, string sid, HttpRequest request) => api.UpdateIncomingAsync(accountSid, sid, request));
            api.MapCalls(account);
        });
        return api;
    }

    /// <summary>Puts a number up for sale.</summary>
    public void AddAvailable(string e164, string locality = "Austin", string region = "TX", string postalCode = "78701", string isoCountry = "US") =>
        _available[e164] = new FakeAvailableNumber(e164, locality, region, postalCode, isoCountry);

    /// <summary>Puts a number in the account, as if bought in Twilio's console, with a webhook of its own; returns its sid.</summary>
    public string AddOwned(string e164, string? voiceUrl = "https://old-provider.example.com/voice")
    {
        var number = new FakeIncomingNumber(NewSid("PN"), _accountSid, e164, FriendlyName(e164), voiceUrl, "POST", null, "POST");
        _incoming[number.Sid] = number;
        return number.Sid;
    }

    public FakeIncomingNumber? Incoming(string e164) => _incoming.Values.SingleOrDefault(n => n.E164 == e164);

    public bool IsAvailable(string e164) => _available.ContainsKey(e164);

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
        if (Refuse(accountSid, request) is { } refused)
        {
            return refused;
        }

        await PassMessageGateAsync();
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

        var sid = NewSid("SM");
        _messages.Enqueue(new SentSms(sid, accountSid, from, to, body));
        var now = Rfc2822(DateTime.UtcNow);
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

    private IResult SearchLocal(string accountSid, string country, HttpRequest request)
    {
        if (Refuse(accountSid, request) is { } refused)
        {
            return refused;
        }

        if (!Countries.Contains(country))
        {
            return Error(StatusCodes.Status404NotFound, 20404, $"The requested resource {request.Path} was not found");
        }

        var areaCode = request.Query["AreaCode"].ToString();
        var contains = request.Query["Contains"].ToString();
        if (areaCode.Length > 0 && !Regex.IsMatch(areaCode, "^[0-9]{3}$"))
        {
            return Error(StatusCodes.Status400BadRequest, 21452, $"AreaCode {areaCode} is not valid.");
        }

        var pattern = contains.Length == 0 ? null : ContainsPattern(contains);
        var found = _available.Values
            .Where(n => n.IsoCountry == country)
            .Where(n => areaCode.Length == 0 || n.E164.StartsWith("+1" + areaCode, StringComparison.Ordinal))
            .Where(n => pattern is null || pattern.IsMatch(n.E164[1..]))
            .OrderBy(n => n.E164, StringComparer.Ordinal)
            .Take(PageSize(request))
            .Select(n => new Dictionary<string, object?>
            {
                ["friendly_name"] = FriendlyName(n.E164),
                ["phone_number"] = n.E164,
                ["lata"] = "834",
                ["locality"] = n.Locality,
                ["rate_center"] = n.Locality.ToUpperInvariant(),
                ["latitude"] = "30.267200",
                ["longitude"] = "-97.743100",
                ["region"] = n.Region,
                ["postal_code"] = n.PostalCode,
                ["iso_country"] = n.IsoCountry,
                ["address_requirements"] = "none",
                ["beta"] = false,
                ["capabilities"] = new Dictionary<string, bool> { ["voice"] = true, ["SMS"] = true, ["MMS"] = true, ["fax"] = false },
            })
            .ToList();
        return Results.Json(new Dictionary<string, object?>
        {
            ["available_phone_numbers"] = found,
            ["uri"] = request.Path + request.QueryString,
        });
    }

    private IResult ListIncoming(string accountSid, HttpRequest request)
    {
        if (Refuse(accountSid, request) is { } refused)
        {
            return refused;
        }

        // Twilio matches the PhoneNumber filter as a pattern anywhere in the number.
        var filter = new string(request.Query["PhoneNumber"].ToString().Where(char.IsDigit).ToArray());
        var pageSize = PageSize(request);
        var numbers = _incoming.Values
            .Where(n => n.AccountSid == accountSid && (filter.Length == 0 || n.E164.Contains(filter, StringComparison.Ordinal)))
            .OrderBy(n => n.E164, StringComparer.Ordinal)
            .Take(pageSize)
            .Select(Json)
            .ToList();
        var uri = request.Path + request.QueryString;
        return Results.Json(new Dictionary<string, object?>
        {
            ["end"] = Math.Max(numbers.Count - 1, 0),
            ["first_page_uri"] = uri,
            ["incoming_phone_numbers"] = numbers,
            ["next_page_uri"] = null,
            ["page"] = 0,
            ["page_size"] = pageSize,
            ["previous_page_uri"] = null,
            ["start"] = 0,
            ["uri"] = uri,
        });
    }

    private async Task<IResult> BuyAsync(string accountSid, HttpRequest request)
    {
        if (Refuse(accountSid, request) is { } refused)
        {
            return refused;
        }

        var form = await request.ReadFormAsync();
        var e164 = form["PhoneNumber"].ToString();
        if (e164.Length == 0)
        {
            return Error(StatusCodes.Status400BadRequest, 21451, "Either a 'PhoneNumber' or 'AreaCode' is required.");
        }

        if (!_available.TryRemove(e164, out _))
        {
            return Error(StatusCodes.Status400BadRequest, 21422, "PhoneNumber requested is not available");
        }

        var number = new FakeIncomingNumber(NewSid("PN"), accountSid, e164, Value(form, "FriendlyName") ?? FriendlyName(e164),
            Value(form, "VoiceUrl"), Value(form, "VoiceMethod") ?? "POST", Value(form, "StatusCallback"), Value(form, "StatusCallbackMethod") ?? "POST");
        _incoming[number.Sid] = number;
        return Results.Json(Json(number), statusCode: StatusCodes.Status201Created);
    }

    private async Task<IResult> UpdateIncomingAsync(string accountSid, string sid, HttpRequest request)
    {
        if (Refuse(accountSid, request) is { } refused)
        {
            return refused;
        }

        if (!_incoming.TryGetValue(sid, out var number) || number.AccountSid != accountSid)
        {
            return Error(StatusCodes.Status404NotFound, 20404, $"The requested resource {request.Path} was not found");
        }

        var form = await request.ReadFormAsync();
        number = number with
        {
            FriendlyName = Value(form, "FriendlyName") ?? number.FriendlyName,
            VoiceUrl = Value(form, "VoiceUrl") ?? number.VoiceUrl,
            VoiceMethod = Value(form, "VoiceMethod") ?? number.VoiceMethod,
            StatusCallback = Value(form, "StatusCallback") ?? number.StatusCallback,
            StatusCallbackMethod = Value(form, "StatusCallbackMethod") ?? number.StatusCallbackMethod,
        };
        _incoming[sid] = number;
        return Results.Json(Json(number));
    }

    private static Dictionary<string, object?> Json(FakeIncomingNumber n)
    {
        var now = Rfc2822(DateTime.UtcNow);
        var uri = $"/2010-04-01/Accounts/{n.AccountSid}/IncomingPhoneNumbers/{n.Sid}.json";
        return new Dictionary<string, object?>
        {
            ["account_sid"] = n.AccountSid,
            ["address_requirements"] = "none",
            ["address_sid"] = null,
            ["api_version"] = "2010-04-01",
            ["beta"] = false,
            ["capabilities"] = new Dictionary<string, bool> { ["voice"] = true, ["sms"] = true, ["mms"] = true, ["fax"] = false },
            ["date_created"] = now,
            ["date_updated"] = now,
            ["emergency_status"] = "Inactive",
            ["emergency_address_sid"] = null,
            ["emergency_address_status"] = "unregistered",
            ["friendly_name"] = n.FriendlyName,
            ["identity_sid"] = null,
            ["origin"] = "twilio",
            ["phone_number"] = n.E164,
            ["sid"] = n.Sid,
            ["sms_application_sid"] = "",
            ["sms_fallback_method"] = "POST",
            ["sms_fallback_url"] = "",
            ["sms_method"] = "POST",
            ["sms_url"] = "",
            ["status_callback"] = n.StatusCallback ?? "",
            ["status_callback_method"] = n.StatusCallbackMethod,
            ["trunk_sid"] = null,
            ["uri"] = uri,
            ["voice_application_sid"] = "",
            ["voice_caller_id_lookup"] = false,
            ["voice_fallback_method"] = "POST",
            ["voice_fallback_url"] = null,
            ["voice_method"] = n.VoiceMethod,
            ["voice_url"] = n.VoiceUrl,
            ["voice_receive_mode"] = "voice",
            ["status"] = "in-use",
            ["bundle_sid"] = null,
            ["subresource_uris"] = new Dictionary<string, string> { ["assigned_add_ons"] = uri.Replace(".json", "/AssignedAddOns.json", StringComparison.Ordinal) },
        };
    }

    private IResult? Refuse(string accountSid, HttpRequest request)
    {
        if (Authenticated(request) && accountSid == _accountSid)
        {
            return null;
        }

        Interlocked.Increment(ref _refused);
        return Error(StatusCodes.Status401Unauthorized, 20003, "Authenticate");
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

    /// <summary>Twilio's Contains: letters stand for their keypad digits, '*' for any one digit.</summary>
    private static Regex ContainsPattern(string contains)
    {
        const string Keypad = "22233344455566677778889999";
        var sb = new StringBuilder();
        foreach (var c in contains.ToUpperInvariant())
        {
            sb.Append(c switch
            {
                '*' => "[0-9]",
                >= 'A' and <= 'Z' => Keypad[c - 'A'].ToString(),
                _ => Regex.Escape(c.ToString()),
            });
        }

        return new Regex(sb.ToString(), RegexOptions.CultureInvariant);
    }

    private static int PageSize(HttpRequest request) =>
        int.TryParse(request.Query["PageSize"], NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size > 0 ? Math.Min(size, 1000) : 50;

    private static string? Value(IFormCollection form, string name) => form.TryGetValue(name, out var value) ? value.ToString() : null;

    private static string FriendlyName(string e164) =>
        e164.Length == 12 && e164.StartsWith("+1", StringComparison.Ordinal) ? $"({e164[2..5]}) {e164[5..8]}-{e164[8..]}" : e164;

    private static string NewSid(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static string Rfc2822(DateTime utc) => utc.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    private static IResult Error(int status, int code, string message) => Results.Json(
        new { code, message, more_info = $"https://www.twilio.com/docs/errors/{code}", status },
        statusCode: status);
}
