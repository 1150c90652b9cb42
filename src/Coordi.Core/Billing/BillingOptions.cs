using System.ComponentModel.DataAnnotations;

namespace Coordi.Core.Billing;

/// <summary>Bound from "Coordi:Billing": plans, trial, grace period, Stripe connection and usage reporting.</summary>
public sealed class BillingOptions
{
    public const string Section = "Coordi:Billing";

    /// <summary>ISO 4217 code of every plan price.</summary>
    [Required, StringLength(3, MinimumLength = 3)]
    public string Currency { get; set; } = "USD";

    /// <summary>
    /// Plans by id (lower-case). Configuration adds plans and overrides these defaults field by field; the
    /// Stripe price ids must come from configuration (they differ per Stripe account).
    /// </summary>
    public Dictionary<string, PlanOptions> Plans { get; set; } = new()
    {
        ["starter"] = new PlanOptions
        {
            Name = "Starter", MonthlyPriceMinor = 49_00, IncludedMinutes = 100, OveragePerMinuteMinor = 40,
            ConcurrentCallCap = 2, PhoneNumberCap = 1,
        },
        ["pro"] = new PlanOptions
        {
            Name = "Pro", MonthlyPriceMinor = 149_00, IncludedMinutes = 500, OveragePerMinuteMinor = 30,
            ConcurrentCallCap = 5, PhoneNumberCap = 5,
        },
    };

    public TrialOptions Trial { get; set; } = new();

    /// <summary>Days a past-due organization keeps working before it is restricted.</summary>
    [Range(0, 60)]
    public int GracePeriodDays { get; set; } = 7;

    /// <summary>Calls shorter than this are free (wrong numbers, hang-ups).</summary>
    [Range(0, 600)]
    public int MinimumBillableSeconds { get; set; } = 10;

    /// <summary>
    /// A call still "in progress" after this long is treated as lost (its end was never reported) and no
    /// longer counts against the concurrent-call cap.
    /// </summary>
    [Range(1, 48)]
    public int LiveCallWindowHours { get; set; } = 4;

    /// <summary>
    /// Internal services that record calls. They keep writing for a restricted organization, whose callers
    /// still reach voicemail; every other writer is refused.
    /// </summary>
    public List<string> CallRecordingServices { get; set; } = ["voice"];

    public StripeOptions Stripe { get; set; } = new();

    public UsageReportingOptions UsageReporting { get; set; } = new();
}

public sealed class PlanOptions
{
    [Required]
    public string Name { get; set; } = "";

    [Range(0, long.MaxValue)]
    public long MonthlyPriceMinor { get; set; }

    [Range(0, 1_000_000)]
    public int IncludedMinutes { get; set; }

    [Range(0, long.MaxValue)]
    public long OveragePerMinuteMinor { get; set; }

    [Range(1, 1000)]
    public int ConcurrentCallCap { get; set; } = 1;

    [Range(1, 1000)]
    public int PhoneNumberCap { get; set; } = 1;

    /// <summary>Stripe price of the flat monthly fee (price_...).</summary>
    public string StripePriceId { get; set; } = "";

    /// <summary>Stripe metered price fed by the billing meter (overage minutes).</summary>
    public string StripeMeteredPriceId { get; set; } = "";
}

public sealed class TrialOptions
{
    [Range(0, 100_000)]
    public int Minutes { get; set; } = 30;

    [Range(0, 365)]
    public int Days { get; set; } = 14;

    [Range(1, 1000)]
    public int ConcurrentCallCap { get; set; } = 2;

    [Range(1, 1000)]
    public int PhoneNumberCap { get; set; } = 1;
}

public sealed class StripeOptions
{
    /// <summary>Secret API key (sk_...). Never logged. Empty disables every call to Stripe.</summary>
    public string SecretKey { get; set; } = "";

    /// <summary>Signing secret of the webhook endpoint (whsec_...). Never logged.</summary>
    public string WebhookSecret { get; set; } = "";

    /// <summary>Stripe's API address; tests point it at a local fake.</summary>
    [Required]
    public string ApiBase { get; set; } = "https://api.stripe.com";

    /// <summary>Event name of the billing meter counting call minutes.</summary>
    [Required]
    public string MeterEventName { get; set; } = "coordi_call_minutes";

    /// <summary>Webhook signatures older than this are refused (replay window), as Stripe recommends.</summary>
    [Range(1, 86_400)]
    public int WebhookToleranceSeconds { get; set; } = 300;

    [Range(1, 120)]
    public int RequestTimeoutSeconds { get; set; } = 20;
}

public sealed class UsageReportingOptions
{
    /// <summary>How often the reporter looks for unsent usage.</summary>
    [Range(10, 600_000)]
    public int PollMilliseconds { get; set; } = 5_000;

    /// <summary>First retry delay; doubles per failed attempt up to <see cref="MaxBackoffSeconds"/>.</summary>
    [Range(10, 600_000)]
    public int InitialBackoffMilliseconds { get; set; } = 2_000;

    [Range(1, 86_400)]
    public int MaxBackoffSeconds { get; set; } = 600;

    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;
}
