using Coordi.Contracts.Rules;
using Coordi.Contracts.V1;
using Coordi.Portal.Core;
using Coordi.Portal.Forms;
using Grpc.Core;
using GrpcStatus = Grpc.Core.StatusCode;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Coordi.Portal.Numbers;

/// <summary>
/// Searches, buys and connects numbers in the organization's own Twilio account through the core, which holds the
/// credentials. Refusals become messages next to the field they concern, or in the form's summary.
/// </summary>
public sealed class TwilioNumberSetup(OrganizationCore core)
{
    public const string TakenMessage = "This number is already connected to a Coordi account.";

    /// <summary>Model state key of messages about the Twilio forms as a whole, shown above them.</summary>
    public const string ErrorKey = "TwilioNumbers";

    public static bool IsConnected(Integrations integrations) =>
        integrations.TwilioAccountSid.Length > 0 && integrations.TwilioAuthTokenMasked.Length > 0;

    public async Task<IReadOnlyList<AvailablePhoneNumber>?> SearchAsync(NumberSearchInput input, ModelStateDictionary modelState, CancellationToken cancellationToken)
    {
        try
        {
            var response = await core.PhoneNumbers.SearchAvailablePhoneNumbersAsync(new SearchAvailablePhoneNumbersRequest
            {
                Country = input.Country?.Trim() ?? "",
                AreaCode = input.AreaCode?.Trim() ?? "",
                Contains = input.Contains?.Trim() ?? "",
            }, cancellationToken: cancellationToken);
            return response.PhoneNumbers;
        }
        catch (RpcException ex) when (Handled(ex, modelState, new Dictionary<string, string>
        {
            ["country"] = "Search.Country",
            ["area_code"] = "Search.AreaCode",
            ["contains"] = "Search.Contains",
        }, takenField: null))
        {
            return null;
        }
    }

    public async Task<PhoneNumber?> BuyAsync(NumberPurchaseInput input, ModelStateDictionary modelState, CancellationToken cancellationToken)
    {
        try
        {
            return await core.PhoneNumbers.PurchasePhoneNumberAsync(new PurchasePhoneNumberRequest
            {
                E164 = input.E164?.Trim() ?? "",
                Label = input.Label?.Trim() ?? "",
            }, cancellationToken: cancellationToken);
        }
        catch (RpcException ex) when (Handled(ex, modelState, new Dictionary<string, string> { ["e164"] = ErrorKey, ["label"] = ErrorKey }, takenField: ErrorKey))
        {
            return null;
        }
    }

    public async Task<PhoneNumber?> ConnectOwnedAsync(OwnedNumberInput input, ModelStateDictionary modelState, CancellationToken cancellationToken)
    {
        var e164 = PhoneNumberRules.ToE164(input.Number);
        if (e164 is null)
        {
            modelState.AddModelError("Owned.Number", "Enter the number as it is in your Twilio account, e.g. (512) 555-0100 or +15125550100.");
            return null;
        }

        try
        {
            return await core.PhoneNumbers.ConnectOwnedPhoneNumberAsync(new ConnectOwnedPhoneNumberRequest
            {
                E164 = e164,
                Label = input.Label?.Trim() ?? "",
            }, cancellationToken: cancellationToken);
        }
        catch (RpcException ex) when (Handled(ex, modelState, new Dictionary<string, string> { ["e164"] = "Owned.Number", ["label"] = "Owned.Label" }, takenField: "Owned.Number"))
        {
            return null;
        }
    }

    /// <summary>Puts the refusal on the page; false for errors the page cannot explain (left to the error page).</summary>
    private static bool Handled(RpcException ex, ModelStateDictionary modelState, IReadOnlyDictionary<string, string> fields, string? takenField)
    {
        switch (ex.StatusCode)
        {
            case GrpcStatus.InvalidArgument:
                modelState.AddCoreErrors(ex, fields);
                return true;
            case GrpcStatus.AlreadyExists when takenField is not null:
                modelState.AddModelError(takenField, TakenMessage);
                return true;
            case GrpcStatus.FailedPrecondition:
                modelState.AddModelError(ErrorKey, CoreErrors.Describe(ex));
                return true;
            case GrpcStatus.Unavailable or GrpcStatus.DeadlineExceeded:
                // The core says whether Twilio or the core itself could not be reached.
                modelState.AddModelError(ErrorKey, ex.Status.Detail.StartsWith("Twilio", StringComparison.Ordinal) ? ex.Status.Detail : CoreErrors.Describe(ex));
                return true;
            default:
                return false;
        }
    }
}
