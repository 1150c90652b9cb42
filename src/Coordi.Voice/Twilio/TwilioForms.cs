namespace Coordi.Voice.Twilio;

/// <summary>Reads the form Twilio posts with every webhook.</summary>
public static class TwilioForms
{
    /// <summary>The posted form; null when the request is not a readable form (answered with 400).</summary>
    public static async Task<IFormCollection?> ReadAsync(HttpRequest request)
    {
        if (!request.HasFormContentType)
        {
            return null;
        }

        try
        {
            return await request.ReadFormAsync(request.HttpContext.RequestAborted);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or IOException)
        {
            return null;
        }
    }
}
