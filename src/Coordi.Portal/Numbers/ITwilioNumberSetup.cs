using Coordi.Contracts.V1;

namespace Coordi.Portal.Numbers;

/// <summary>
/// A page offering the Twilio number forms (the shared partial _TwilioNumberSetup): it binds these inputs and
/// handles the SearchNumbers, BuyNumber and ConnectOwnedNumber posts.
/// </summary>
public interface ITwilioNumberSetup
{
    /// <summary>The organization saved a Twilio account SID and auth token, so the core can act in its account.</summary>
    bool TwilioConnected { get; }

    NumberSearchInput Search { get; }

    NumberPurchaseInput Buy { get; }

    OwnedNumberInput Owned { get; }

    /// <summary>The last search's results; null before a search.</summary>
    IReadOnlyList<AvailablePhoneNumber>? Found { get; }
}
