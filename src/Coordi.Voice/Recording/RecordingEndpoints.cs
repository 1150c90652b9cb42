using Coordi.Contracts;
using Microsoft.Extensions.Options;

namespace Coordi.Voice.Recording;

/// <summary>Serves recordings to the owner's browser through links the portal signed.</summary>
public static class RecordingEndpoints
{
    public static IEndpointRouteBuilder MapRecordings(this IEndpointRouteBuilder app)
    {
        app.MapGet("/recordings", (string? @ref, string? exp, string? sig, IOptions<VoiceOptions> options, IRecordingStore store, TimeProvider clock) =>
        {
            var secret = options.Value.RecordingUrlSecret;
            if (string.IsNullOrEmpty(secret) || @ref is null || exp is null || sig is null)
            {
                return Results.NotFound();
            }

            if (!new RecordingUrlSigner(secret).IsValid(@ref, exp, sig, clock.GetUtcNow()))
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            var stream = store.Open(@ref);
            return stream is null ? Results.NotFound() : Results.File(stream, "audio/wav", enableRangeProcessing: true);
        });
        return app;
    }
}
