using Coordi.Contracts.Rules;
using Coordi.Contracts.V1;
using Coordi.Portal.Core;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;

namespace Coordi.Portal.Billing;

/// <summary>
/// Stripe's webhook. The portal only relays: the core holds the signing secret, verifies the signature over the
/// exact bytes Stripe sent and applies each event once. The answer tells Stripe whether to retry: 2xx stops
/// retries, 400 marks a delivery that will never verify, 503 asks for a retry later.
/// Neither the body (customer data) nor the signature is ever logged.
/// </summary>
public static class StripeWebhookEndpoint
{
    public const string Path = "/stripe/webhook";
    public const string SignatureHeader = "Stripe-Signature";

    /// <summary>Stripe's events are a few kilobytes; anything much larger is not from Stripe.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapStripeWebhook(this IEndpointRouteBuilder app)
    {
        // Anonymous (Stripe has no session) and without antiforgery: the signature is the authentication.
        app.MapPost(Path, HandleAsync).AllowAnonymous().DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext context, CoreChannel core, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("Coordi.Portal.Billing.StripeWebhook");
        var request = context.Request;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }

        var body = await ReadBodyAsync(request, context.RequestAborted);
        if (body is null)
        {
            return TooLarge();
        }

        var signature = request.Headers[SignatureHeader].ToString();
        if (signature.Length == 0)
        {
            return Results.Text("Missing Stripe-Signature header.", statusCode: StatusCodes.Status400BadRequest);
        }

        try
        {
            var billing = new BillingService.BillingServiceClient(core.Platform());
            var handled = await billing.HandleStripeWebhookAsync(
                new HandleStripeWebhookRequest { Payload = ByteString.CopyFrom(body), Signature = signature },
                cancellationToken: context.RequestAborted);
            logger.LogInformation(
                "Stripe event {EventId} ({EventType}): applied {Applied}, already processed {AlreadyProcessed}",
                handled.EventId, handled.EventType, handled.Applied, handled.AlreadyProcessed);
            return Results.Text("ok", statusCode: StatusCodes.Status200OK);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.InvalidArgument)
        {
            logger.LogWarning("Refused a Stripe webhook whose signature did not verify");
            return Results.Text("Webhook signature verification failed.", statusCode: StatusCodes.Status400BadRequest);
        }
        catch (RpcException ex) when (GrpcStatuses.IsTransient(ex))
        {
            logger.LogWarning("The core was unreachable for a Stripe webhook: {Status}; Stripe will retry", ex.StatusCode);
            return Results.Text("Temporarily unavailable; please retry.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (RpcException ex)
        {
            // Anything else is our fault (e.g. a misconfigured credential): a 5xx keeps Stripe retrying until fixed.
            logger.LogError("The core failed a Stripe webhook: {Status}", ex.StatusCode);
            return Results.Text("The event could not be processed.", statusCode: StatusCodes.Status500InternalServerError);
        }
    }

    /// <summary>The whole body, or null when it is larger than <see cref="MaxBodyBytes"/> (a length header can lie or be absent).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return buffer.ToArray();
    }

    private static IResult TooLarge() => Results.Text("Payload too large.", statusCode: StatusCodes.Status413PayloadTooLarge);
}
