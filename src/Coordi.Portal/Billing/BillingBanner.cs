using Coordi.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace Coordi.Portal.Billing;

/// <summary>
/// The notice every page shows while billing limits what Coordi does, so nobody wonders why calls go to
/// voicemail or why changes are not saved.
/// </summary>
public sealed record BillingBanner(string Id, string Title, string Text, string OwnerAction, string MemberAction)
{
    /// <summary>The banner for this overview, or null when nothing is limited.</summary>
    public static BillingBanner? For(BillingOverview? overview, Func<Timestamp?, string> formatDate, DateTimeOffset now)
    {
        if (overview is null)
        {
            return null;
        }

        switch (overview.Status)
        {
            case BillingStatus.Restricted:
                return new BillingBanner(
                    "billing-restricted",
                    "Read-only mode: payment overdue",
                    "An invoice is still unpaid after the grace period. Callers are offered voicemail instead of your assistant, and changes cannot be saved; you can still see your calls and leads.",
                    "Pay the open invoice or update your payment method on the Billing page to restore full service.",
                    "Ask an owner of your organization to update the payment method.");
            case BillingStatus.Canceled:
                return new BillingBanner(
                    "billing-canceled",
                    "Read-only mode: subscription ended",
                    "Callers are offered voicemail instead of your assistant, and changes cannot be saved; you can still see your calls and leads.",
                    "Choose a plan on the Billing page to restore full service.",
                    "Ask an owner of your organization to choose a plan.");
            case BillingStatus.PastDue:
                var until = formatDate(overview.GraceEndsAt);
                return new BillingBanner(
                    "billing-past-due",
                    "Payment failed",
                    until.Length > 0
                        ? $"Coordi keeps working until {until}. After that your organization becomes read-only and callers are offered voicemail."
                        : "Coordi keeps working for a short grace period. After that your organization becomes read-only and callers are offered voicemail.",
                    "Update your payment method on the Billing page.",
                    "Ask an owner of your organization to update the payment method.");
            case BillingStatus.Trialing when overview.TrialMinutesLeft <= 0 || (overview.TrialEndsAt is { } ends && ends.ToDateTimeOffset() <= now):
                return new BillingBanner(
                    "billing-trial-ended",
                    "Your free trial has ended",
                    "Callers are offered voicemail instead of your assistant.",
                    "Choose a plan on the Billing page to keep your assistant answering.",
                    "Ask an owner of your organization to choose a plan.");
            case BillingStatus.Active or BillingStatus.Trialing when overview.SpendCapReached:
                return new BillingBanner(
                    "billing-spend-cap",
                    "Monthly spend cap reached",
                    "Callers are offered voicemail instead of your assistant until the next billing period.",
                    "Raise or remove the spend cap on the Billing page to answer calls again.",
                    "Ask an owner of your organization to raise the spend cap.");
            default:
                return null;
        }
    }
}
