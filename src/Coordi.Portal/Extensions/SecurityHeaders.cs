using Coordi.Portal.Calls;

namespace Coordi.Portal.Extensions;

/// <summary>
/// Headers on every response. The CSP allows scripts and styles from the portal only (no inline script, no
/// CDN), recordings from the voice edge, and no framing.
/// </summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var recordings = app.ApplicationServices.GetRequiredService<RecordingLinks>();
        var portal = app.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<PortalOptions>>().Value;
        var policy = string.Join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            $"media-src 'self' {recordings.Origin}",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            // The Billing page's forms redirect to Stripe Checkout and the customer portal.
            $"form-action 'self' {portal.StripeFormOrigins}".TrimEnd(),
            "frame-ancestors 'none'");

        return app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return next(context);
        });
    }
}
