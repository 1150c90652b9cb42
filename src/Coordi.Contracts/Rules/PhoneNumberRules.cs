using PhoneNumbers;

namespace Coordi.Contracts.Rules;

/// <summary>
/// The one phone number rule of the platform: what the core stores (E.164, valid by libphonenumber's metadata),
/// what the portal accepts from a form and what the voice edge accepts from a model are the same thing, so a
/// number the edge promised to save is never refused later.
/// </summary>
public static class PhoneNumberRules
{
    /// <summary>Numbers without a country code are read as North American, the market the product serves.</summary>
    public const string DefaultRegion = "US";

    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>True when <paramref name="value"/> is a valid number written exactly in E.164 form.</summary>
    public static bool IsE164(string? value)
    {
        if (string.IsNullOrEmpty(value) || value[0] != '+' || value.Length > 16)
        {
            return false;
        }

        try
        {
            var parsed = Phones.Parse(value, null);
            return Phones.IsValidNumber(parsed) && Phones.Format(parsed, PhoneNumberFormat.E164) == value;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    /// <summary>
    /// A number as people type or say it ("(512) 555-0100", "1 512 555 0100", "+44 20 7946 0958") in E.164, or null
    /// when it is not a valid number.
    /// </summary>
    public static string? ToE164(string? input, string defaultRegion = DefaultRegion)
    {
        // libphonenumber reads letters as keypad digits ("five" would be 3483); a spoken word is not a number.
        if (string.IsNullOrWhiteSpace(input) || input.Length > 40 || input.Any(char.IsAsciiLetter))
        {
            return null;
        }

        try
        {
            var parsed = Phones.Parse(input, defaultRegion);
            return Phones.IsValidNumber(parsed) ? Phones.Format(parsed, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>An E.164 number as a person reads it: national form at home, international form otherwise.</summary>
    public static string Display(string e164)
    {
        try
        {
            var parsed = Phones.Parse(e164, DefaultRegion);
            return Phones.Format(parsed, parsed.CountryCode == 1 ? PhoneNumberFormat.NATIONAL : PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
            return e164;
        }
    }
}
