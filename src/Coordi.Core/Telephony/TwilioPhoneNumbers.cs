using System.Globalization;
using Coordi.Core.Application.Errors;
using Microsoft.Extensions.Options;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Rest.Api.V2010.Account.AvailablePhoneNumberCountry;
using TwilioHttpMethod = Twilio.Http.HttpMethod;
using TwilioPhoneNumber = Twilio.Types.PhoneNumber;

namespace Coordi.Core.Telephony;

/// <summary>A number in the organization's Twilio account.</summary>
public sealed record OwnedTwilioNumber(string Sid, string E164);

/// <summary>
/// Searches, buys and re-points numbers in the organization's own Twilio account. Bought and connected numbers
/// get their voice webhook and status callback pointed at the voice edge. Twilio's refusals come back as
/// statuses the caller can act on, with Twilio's own message.
/// </summary>
public sealed class TwilioPhoneNumbers(TenantTwilioClients clients, IOptions<CoreOptions> options, ILogger<TwilioPhoneNumbers> logger)
{
    public async Task<IReadOnlyList<Contracts.V1.AvailablePhoneNumber>> SearchAsync(string country, string areaCode, string contains, int limit, CancellationToken cancellationToken)
    {
        var client = await clients.ForCurrentTenantAsync(cancellationToken);
        var search = new ReadLocalOptions(country) { VoiceEnabled = true, PageSize = limit, Limit = limit };
        if (areaCode.Length > 0)
        {
            search.AreaCode = int.Parse(areaCode, CultureInfo.InvariantCulture);
        }

        if (contains.Length > 0)
        {
            search.Contains = contains;
        }

        // Twilio answers 404 for a country it has no inventory in, and 400 for a search it cannot run.
        var found = await CallAsync("search", ex => ex.Status == 404 ? "country" : ex.Message.Contains("AreaCode", StringComparison.OrdinalIgnoreCase) ? "area_code" : "contains",
            async () => (await LocalResource.ReadAsync(search, client)).Take(limit).ToList());
        return found.Select(n => new Contracts.V1.AvailablePhoneNumber
        {
            E164 = n.PhoneNumber?.ToString() ?? "",
            FriendlyName = n.FriendlyName?.ToString() ?? "",
            Locality = n.Locality ?? "",
            Region = n.Region ?? "",
            PostalCode = n.PostalCode ?? "",
            IsoCountry = n.IsoCountry ?? "",
            Voice = n.Capabilities?.Voice ?? false,
            Sms = n.Capabilities?.Sms ?? false,
        }).ToList();
    }

    public async Task<OwnedTwilioNumber> PurchaseAsync(string e164, CancellationToken cancellationToken)
    {
        var client = await clients.ForCurrentTenantAsync(cancellationToken);
        var (voiceUrl, statusCallback) = Webhooks();
        var bought = await CallAsync("purchase", "e164", () => IncomingPhoneNumberResource.CreateAsync(new CreateIncomingPhoneNumberOptions
        {
            PhoneNumber = new TwilioPhoneNumber(e164),
            VoiceUrl = voiceUrl,
            VoiceMethod = TwilioHttpMethod.Post,
            StatusCallback = statusCallback,
            StatusCallbackMethod = TwilioHttpMethod.Post,
        }, client));
        logger.LogInformation("Bought Twilio number {Sid}", bought.Sid);
        return new OwnedTwilioNumber(bought.Sid, bought.PhoneNumber?.ToString() ?? e164);
    }

    /// <summary>Finds <paramref name="e164"/> in the organization's Twilio account and points its webhooks at the voice edge.</summary>
    public async Task<OwnedTwilioNumber> ConnectOwnedAsync(string e164, CancellationToken cancellationToken)
    {
        var client = await clients.ForCurrentTenantAsync(cancellationToken);
        var (voiceUrl, statusCallback) = Webhooks();
        var owned = await CallAsync("lookup", "e164", async () =>
            (await IncomingPhoneNumberResource.ReadAsync(new ReadIncomingPhoneNumberOptions { PhoneNumber = new TwilioPhoneNumber(e164), PageSize = 20, Limit = 20 }, client)).ToList());
        var match = owned.FirstOrDefault(n => n.PhoneNumber?.ToString() == e164)
            ?? throw RequestValidationException.For("e164", $"{e164} is not a number in the organization's Twilio account.");

        await CallAsync("update", "e164", () => IncomingPhoneNumberResource.UpdateAsync(new UpdateIncomingPhoneNumberOptions(match.Sid)
        {
            VoiceUrl = voiceUrl,
            VoiceMethod = TwilioHttpMethod.Post,
            StatusCallback = statusCallback,
            StatusCallbackMethod = TwilioHttpMethod.Post,
        }, client));
        logger.LogInformation("Pointed Twilio number {Sid} at the voice edge", match.Sid);
        return new OwnedTwilioNumber(match.Sid, e164);
    }

    private (Uri VoiceUrl, Uri StatusCallback) Webhooks()
    {
        var voiceBase = options.Value.VoicePublicBaseUrl;
        if (string.IsNullOrWhiteSpace(voiceBase))
        {
            throw new FailedPreconditionException("VOICE_URL_NOT_CONFIGURED",
                "Numbers cannot be connected yet: the platform's voice webhook address is not configured.");
        }

        var root = voiceBase.TrimEnd('/');
        return (new Uri(root + "/twilio/voice"), new Uri(root + "/twilio/status"));
    }

    private Task<T> CallAsync<T>(string operation, string field, Func<Task<T>> call) => CallAsync(operation, _ => field, call);

    private async Task<T> CallAsync<T>(string operation, Func<ApiException, string> fieldOf, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ApiException ex)
        {
            logger.LogWarning("Twilio refused the {Operation}: HTTP {Status}, code {Code}: {Message}", operation, ex.Status, ex.Code, ex.Message);
            throw ex.Status switch
            {
                401 or 403 => new FailedPreconditionException("TWILIO_CREDENTIALS_REJECTED",
                    $"Twilio refused the organization's credentials ({ex.Message}); check the account SID and auth token under Integrations."),
                400 or 404 or 422 => RequestValidationException.For(fieldOf(ex), $"Twilio: {ex.Message}"),
                429 or >= 500 => new DependencyUnavailableException($"Twilio could not complete the request just now ({ex.Message}); retry shortly.", ex),
                _ => new FailedPreconditionException("TWILIO_REFUSED", $"Twilio refused the request: {ex.Message}"),
            };
        }
        catch (ApiConnectionException ex)
        {
            throw new DependencyUnavailableException("Twilio could not be reached; retry shortly.", ex);
        }
    }
}
