namespace Coordi.Voice.Tools;

/// <summary>Turns a number as a model hears it ("512 555 0143", "1-512-...") into E.164, for North America.</summary>
public static class PhoneNumberText
{
    public static string? ToE164(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var plus = text.TrimStart().StartsWith('+');
        var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
        return (plus, digits.Length) switch
        {
            (true, >= 8 and <= 15) => "+" + digits,
            (false, 10) => "+1" + digits,
            (false, 11) when digits[0] == '1' => "+" + digits,
            _ => null,
        };
    }
}
