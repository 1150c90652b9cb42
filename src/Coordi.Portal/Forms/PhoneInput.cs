using PhoneNumbers;

namespace Coordi.Portal.Forms;

/// <summary>Accepts numbers as people type them ("(512) 555-0100") and gives the E.164 form the core stores.</summary>
public static class PhoneInput
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public static string? ToE164(string? input, string defaultRegion = "US")
    {
        if (string.IsNullOrWhiteSpace(input))
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

    public static string Display(string e164)
    {
        try
        {
            var parsed = Phones.Parse(e164, "US");
            return Phones.Format(parsed, parsed.CountryCode == 1 ? PhoneNumberFormat.NATIONAL : PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
            return e164;
        }
    }
}
