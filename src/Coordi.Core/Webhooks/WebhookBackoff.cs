namespace Coordi.Core.Webhooks;

internal static class WebhookBackoff
{
    /// <summary>
    /// Delay before the next attempt after <paramref name="attempts"/> failed ones: exponential from the first retry
    /// delay, capped, with "equal jitter" (half fixed, half random) so retries of many endpoints spread out.
    /// <paramref name="random"/> is in [0, 1).
    /// </summary>
    public static TimeSpan Delay(WebhookOptions options, int attempts, double random)
    {
        var exponential = options.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var capped = Math.Min(exponential, options.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((capped / 2) + (random * capped / 2));
    }
}
