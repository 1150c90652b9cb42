namespace Coordi.Voice.Calls;

/// <summary>
/// The part of a cut reply's transcript the caller heard. Neither Twilio nor the Realtime API says which words
/// were spoken by a given millisecond (conversation.item.truncated carries no transcript), so the text is cut
/// in the proportion of the item's audio that played, at the word boundary before that point: an estimate
/// that may drop the word being spoken, never one that adds words the caller did not hear.
/// </summary>
public static class HeardTranscript
{
    public static string Of(string text, long heardMs, long generatedMs)
    {
        if (generatedMs <= 0 || heardMs >= generatedMs)
        {
            return text;
        }

        var end = (int)(text.Length * Math.Max(heardMs, 0) / generatedMs);
        if (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            // Mid-word: keep only the words before it.
            while (end > 0 && !char.IsWhiteSpace(text[end - 1]))
            {
                end--;
            }
        }

        return text[..end].TrimEnd();
    }
}
