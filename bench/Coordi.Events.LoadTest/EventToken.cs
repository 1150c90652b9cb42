using System.Globalization;

namespace Coordi.Events.LoadTest;

/// <summary>
/// Puts a write's number where its event carries it back: the CallSid of call.started, the notes of
/// lead.created and lead.updated, the summary of call.completed.
/// </summary>
public static class EventToken
{
    private const string Prefix = "load-event-";

    public static string CallSid(int number) => "CA" + number.ToString("x32", CultureInfo.InvariantCulture);

    public static string Text(int number) => Prefix + number.ToString(CultureInfo.InvariantCulture);

    /// <summary>The write number an event carries, or null for an event this run did not write.</summary>
    public static int? Read(ChangeEvent e) => e.Type switch
    {
        "call.started" when e.Call is { } call => FromCallSid(call.TwilioCallSid),
        "call.completed" when e.Call is { } call => FromText(call.Summary),
        "lead.created" or "lead.updated" when e.Lead is { } lead => FromText(lead.Notes),
        _ => null,
    };

    private static int? FromCallSid(string sid)
    {
        if (sid.Length != 34 || !sid.StartsWith("CA", StringComparison.Ordinal))
        {
            return null;
        }

        // The number is in the last 8 hex digits; the 24 before them are zeros.
        var digits = sid.AsSpan(2);
        return digits[..24].ContainsAnyExcept('0')
            || !int.TryParse(digits[24..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var n) || n < 0 ? null : n;
    }

    private static int? FromText(string text) =>
        text.StartsWith(Prefix, StringComparison.Ordinal)
        && int.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
