using Coordi.Contracts.V1;
using Coordi.Core.Application.Errors;
using Coordi.Core.Infrastructure;
using Coordi.Core.Model;
using Coordi.MultiTenancy;
using Coordi.MultiTenancy.EntityFrameworkCore;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stripe;

namespace Coordi.Core.Billing;

/// <summary>
/// Verifies a Stripe webhook delivery, records its event id and applies it, in one transaction: a
/// redelivery of an applied event finds its id and changes nothing, a failure leaves no id behind so
/// Stripe's redelivery is applied.
/// </summary>
public sealed class StripeWebhookProcessor(
    CoreDbContext db,
    ITenantContextAccessor tenants,
    ITenantStore tenantStore,
    BillingAccounts accounts,
    StripeSubscriptionApplier subscriptions,
    StripeGateway stripe,
    IOptions<BillingOptions> options,
    TimeProvider clock,
    ILogger<StripeWebhookProcessor> logger)
{
    public async Task<HandleStripeWebhookResponse> HandleAsync(ByteString payload, string signature, CancellationToken cancellationToken)
    {
        var evt = Verify(payload, signature);
        var response = new HandleStripeWebhookResponse { EventId = evt.Id, EventType = evt.Type };
        var now = clock.GetUtcNow().UtcDateTime;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The insert is the exactly-once gate: a concurrent delivery of the same event waits on this row
        // and then finds it taken.
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO processed_stripe_events (id, type, applied, event_created_at, processed_at)
            VALUES ({evt.Id}, {evt.Type}, false, {evt.Created}, {now})
            ON CONFLICT (id) DO NOTHING
            """, cancellationToken);
        if (inserted == 0)
        {
            logger.LogInformation("Stripe event {EventId} ({EventType}) was already processed", evt.Id, evt.Type);
            response.AlreadyProcessed = true;
            return response;
        }

        Guid? tenantId;
        try
        {
            tenantId = await ApplyAsync(evt, cancellationToken);
        }
        catch (Exception ex) when (ex is StripeException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Nothing was recorded: Stripe's redelivery will apply the event once Stripe answers again.
            logger.LogWarning("Stripe event {EventId} ({EventType}) not applied, Stripe could not be asked: {Error}", evt.Id, evt.Type, ex.Message);
            throw new global::Grpc.Core.RpcException(new global::Grpc.Core.Status(global::Grpc.Core.StatusCode.Unavailable,
                "Stripe could not be reached to read the subscription; the event was not applied and can be redelivered."));
        }

        response.Applied = tenantId is not null;
        await db.Database.ExecuteSqlAsync($"""
            UPDATE processed_stripe_events SET applied = {response.Applied}, tenant_id = {tenantId} WHERE id = {evt.Id}
            """, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Stripe event {EventId} ({EventType}) processed for {TenantId}, applied: {Applied}",
            evt.Id, evt.Type, tenantId, response.Applied);
        return response;
    }

    private Event Verify(ByteString payload, string signature)
    {
        var secret = options.Value.Stripe.WebhookSecret;
        if (secret.Length == 0)
        {
            throw new FailedPreconditionException("BILLING_NOT_CONFIGURED", "Stripe webhooks are not configured on this installation (no webhook secret).");
        }

        var json = payload.ToStringUtf8();
        try
        {
            // Verifies the HMAC over the exact bytes and the signature's age.
            EventUtility.ValidateSignature(json, signature, secret, options.Value.Stripe.WebhookToleranceSeconds);
        }
        catch (StripeException ex)
        {
            logger.LogWarning("Refused a Stripe webhook delivery: {Reason}", ex.Message);
            throw RequestValidationException.For("signature", "The Stripe-Signature does not verify for this payload or is too old: " + ex.Message);
        }

        // The SDK's parser assumes an event's shape (it fails with null references or wrong-element errors
        // otherwise), so a signed body is checked to be one first: the sender's error, answered as such.
        if (!StripeEventShape.IsEvent(json))
        {
            throw RequestValidationException.For("payload", "The payload is not a Stripe event: a JSON object with id, type, api_version and data.");
        }

        try
        {
            // Checks that the event was rendered in the API version the SDK's types describe.
            return EventUtility.ParseEvent(json, throwOnApiVersionMismatch: true);
        }
        catch (StripeException ex)
        {
            logger.LogWarning("Refused a Stripe webhook delivery: {Reason}", ex.Message);
            throw RequestValidationException.For("payload", "The event's API version differs from the core's: " + ex.Message);
        }
        catch (Exception ex) when (ex is Newtonsoft.Json.JsonException or System.Text.Json.JsonException)
        {
            // Signed, event-shaped, yet a field holds a value of the wrong type (a number where Stripe sends an id).
            logger.LogWarning("Refused a Stripe webhook delivery: a field of the event has the wrong type ({Reason})", ex.Message);
            throw RequestValidationException.For("payload", "The event's object does not match Stripe's description of it: " + ex.Message);
        }
    }

    /// <summary>Applies the event; returns the organization it changed, or null when it changed nothing.</summary>
    private async Task<Guid?> ApplyAsync(Event evt, CancellationToken cancellationToken)
    {
        switch (evt.Data.Object)
        {
            case Stripe.Checkout.Session session when evt.Type == EventTypes.CheckoutSessionCompleted:
                if (!await UseTenantAsync(session.CustomerId, session.ClientReferenceId, cancellationToken))
                {
                    return Ignored(evt, "no organization for the checkout session");
                }

                var account = await accounts.LockAsync(cancellationToken);
                account.StripeCustomerId ??= session.CustomerId;
                if (session.SubscriptionId is { } subscriptionId
                    && await stripe.FindSubscriptionAsync(subscriptionId, cancellationToken) is { } subscription)
                {
                    subscriptions.Apply(account, subscription);
                }

                return await SaveAsync(account, cancellationToken);

            case Subscription changed when evt.Type is EventTypes.CustomerSubscriptionCreated
                or EventTypes.CustomerSubscriptionUpdated or EventTypes.CustomerSubscriptionDeleted:
                changed.Metadata.TryGetValue(StripeMetadata.TenantId, out var tenantHint);
                if (!await UseTenantAsync(changed.CustomerId, tenantHint, cancellationToken))
                {
                    return Ignored(evt, "no organization for the customer");
                }

                account = await accounts.LockAsync(cancellationToken);
                // Stripe does not deliver in order, so the event's copy may be stale: apply the subscription as
                // it is now. A deleted subscription is still returned (status canceled); the event's copy is
                // the fallback if Stripe no longer has it.
                var current = await stripe.FindSubscriptionAsync(changed.Id, cancellationToken) ?? changed;
                if (!subscriptions.Apply(account, current))
                {
                    return Ignored(evt, "a subscription other than the organization's live one");
                }

                return await SaveAsync(account, cancellationToken);

            case Stripe.Invoice invoice when evt.Type is EventTypes.InvoicePaid or EventTypes.InvoicePaymentFailed:
                if (!await UseTenantAsync(invoice.CustomerId, null, cancellationToken))
                {
                    return Ignored(evt, "no organization for the customer");
                }

                account = await accounts.LockAsync(cancellationToken);
                // Invoice outcomes are ordered by Stripe's creation time: a late "payment failed" must not
                // undo a newer "paid".
                if (account.LastInvoiceEventAt is { } last && evt.Created < last)
                {
                    return Ignored(evt, "older than the invoice outcome already applied");
                }

                account.LastInvoiceEventAt = evt.Created;
                if (evt.Type == EventTypes.InvoicePaid)
                {
                    subscriptions.MarkPaid(account);
                }
                else
                {
                    subscriptions.MarkPaymentFailed(account);
                }

                return await SaveAsync(account, cancellationToken);

            default:
                return Ignored(evt, "a type Coordi does not use");
        }
    }

    private async Task<Guid?> SaveAsync(BillingAccount account, CancellationToken cancellationToken)
    {
        account.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return account.TenantId;
    }

    private Guid? Ignored(Event evt, string why)
    {
        logger.LogInformation("Stripe event {EventId} ({EventType}) recorded, not applied: {Why}", evt.Id, evt.Type, why);
        return null;
    }

    /// <summary>
    /// Finds the organization by its Stripe customer, else by the tenant id Coordi put on the Stripe object,
    /// and makes it the tenant of this unit of work.
    /// </summary>
    private async Task<bool> UseTenantAsync(string? customerId, string? tenantHint, CancellationToken cancellationToken)
    {
        Guid? tenantId = null;
        if (!string.IsNullOrEmpty(customerId))
        {
            // The customer is what identifies the tenant, so this one lookup runs across tenants.
            tenantId = await db.BillingAccounts.IgnoreQueryFilters([TenantDbContext.TenantFilterName]).AsNoTracking()
                .Where(b => b.StripeCustomerId == customerId)
                .Select(b => (Guid?)b.TenantId)
                .SingleOrDefaultAsync(cancellationToken);
        }

        if (tenantId is null && Guid.TryParseExact(tenantHint, "D", out var hinted))
        {
            tenantId = hinted;
        }

        if (tenantId is null || await tenantStore.FindAsync(tenantId.Value.ToString("D"), cancellationToken) is not { } tenant)
        {
            return false;
        }

        tenants.SetTenant(tenant);
        return true;
    }
}
