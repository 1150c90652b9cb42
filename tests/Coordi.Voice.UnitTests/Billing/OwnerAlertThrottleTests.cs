using Coordi.Voice.Billing;

namespace Coordi.Voice.UnitTests.Billing;

public sealed class OwnerAlertThrottleTests
{
    [Fact]
    public void The_same_alert_goes_out_once_per_organization_reason_and_period()
    {
        var alerts = new OwnerAlertThrottle(TimeProvider.System);

        Assert.True(alerts.TryClaim("org-a", "Restricted", "2026-11"));
        Assert.False(alerts.TryClaim("org-a", "Restricted", "2026-11"));
        Assert.True(alerts.TryClaim("org-a", "SpendCapReached", "2026-11"));
        Assert.True(alerts.TryClaim("org-a", "Restricted", "2026-12"));
        Assert.True(alerts.TryClaim("org-b", "Restricted", "2026-11"));
    }

    [Fact]
    public void A_released_claim_lets_the_next_refused_call_try_again()
    {
        var alerts = new OwnerAlertThrottle(TimeProvider.System);
        Assert.True(alerts.TryClaim("org-a", "TrialEnded", "2026-11"));

        alerts.Release("org-a", "TrialEnded", "2026-11");

        Assert.True(alerts.TryClaim("org-a", "TrialEnded", "2026-11"));
        Assert.False(alerts.TryClaim("org-a", "TrialEnded", "2026-11"));
    }
}
