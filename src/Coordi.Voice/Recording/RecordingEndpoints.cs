using Coordi.Contracts;
using Microsoft.Extensions.Options;

namespace Coordi.Voice.Recording;

/// <summary>
/// Serves recordings to the owner's browser through links the core signed. The link names a tenant and a call,
/// both inside the signature; the object read is that tenant's call, never a path taken from the request.
/// </summary>
public static class RecordingEndpoints
{
    public static IEndpointRouteBuilder MapRecordings(this IEndpointRouteBuilder app)
    {
        app.MapGet("/recordings", async (
            string? tenant, string? call, string? exp, string? sig,
            IOptions<VoiceOptions> options, IRecordingStore store, TimeProvider clock, HttpContext http) =>
        {
            var secret = options.Value.RecordingUrlSecret;
            if (string.IsNullOrEmpty(secret))
            {
                return Results.NotFound();
            }

            if (new RecordingLinkSigner(secret).Verify(tenant, call, exp, sig, clock.GetUtcNow()) is not { } link)
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            var stream = await store.OpenAsync(link.TenantId, link.CallId, http.RequestAborted);
            // Signed links are personal and short-lived: no shared cache may keep the audio.
            http.Response.Headers.CacheControl = "private, no-store";
            return stream is null ? Results.NotFound() : Results.File(stream, "audio/wav", enableRangeProcessing: true);
        });
        return app;
    }
}
