using System.Net;
using Coordi.Core.Application.Errors;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Stripe;

namespace Coordi.Core.Billing;

/// <summary>
/// Every call the core makes to Stripe. One <see cref="StripeClient"/> with the configured secret key and
/// API base (a local fake in tests). Stripe.net's own retries are off: the callers retry where it is safe
/// (the usage reporter), and interactive calls fail fast with UNAVAILABLE.
/// </summary>
public sealed class StripeGateway
{
    private readonly StripeOptions _options;
    private readonly Lazy<IStripeClient> _client;

    public StripeGateway(IOptions<BillingOptions> options)
    {
        _options = options.Value.Stripe;
        _client = new Lazy<IStripeClient>(() => new StripeClient(new StripeClientOptions
        {
            ApiKey = _options.SecretKey,
            ApiBase = _options.ApiBase.TrimEnd('/'),
            HttpClient = new SystemNetHttpClient(
                new HttpClient { Timeout = TimeSpan.FromSeconds(_options.RequestTimeoutSeconds) },
                maxNetworkRetries: 0),
        }));
    }

    public bool IsConfigured => _options.SecretKey.Length > 0;

    private IStripeClient Client => IsConfigured
        ? _client.Value
        : throw new FailedPreconditionException("BILLING_NOT_CONFIGURED", "Billing is not configured on this installation (no Stripe secret key).");

    public async Task<string> CreateCustomerAsync(Guid tenantId, string name, string email, CancellationToken cancellationToken)
    {
        var customer = await new CustomerService(Client).CreateAsync(new CustomerCreateOptions
        {
            Name = name,
            Email = email,
            Metadata = new Dictionary<string, string> { [StripeMetadata.TenantId] = tenantId.ToString("D") },
        }, cancellationToken: cancellationToken);
        return customer.Id;
    }

    public async Task<Stripe.Checkout.Session> CreateCheckoutSessionAsync(
        Guid tenantId, string customerId, BillingPlan plan, string successUrl, string cancelUrl, CancellationToken cancellationToken)
    {
        var lineItems = new List<Stripe.Checkout.SessionLineItemOptions> { new() { Price = plan.StripePriceId, Quantity = 1 } };
        if (plan.StripeMeteredPriceId.Length > 0)
        {
            // Metered prices take no quantity: the billing meter supplies it.
            lineItems.Add(new Stripe.Checkout.SessionLineItemOptions { Price = plan.StripeMeteredPriceId });
        }

        var metadata = new Dictionary<string, string>
        {
            [StripeMetadata.TenantId] = tenantId.ToString("D"),
            [StripeMetadata.PlanId] = plan.Id,
        };
        return await new Stripe.Checkout.SessionService(Client).CreateAsync(new Stripe.Checkout.SessionCreateOptions
        {
            Mode = "subscription",
            Customer = customerId,
            ClientReferenceId = tenantId.ToString("D"),
            LineItems = lineItems,
            SuccessUrl = successUrl,
            CancelUrl = cancelUrl,
            Metadata = metadata,
            SubscriptionData = new Stripe.Checkout.SessionSubscriptionDataOptions { Metadata = metadata },
        }, cancellationToken: cancellationToken);
    }

    public async Task<string> CreatePortalSessionAsync(string customerId, string returnUrl, CancellationToken cancellationToken)
    {
        var session = await new Stripe.BillingPortal.SessionService(Client).CreateAsync(new Stripe.BillingPortal.SessionCreateOptions
        {
            Customer = customerId,
            ReturnUrl = returnUrl,
        }, cancellationToken: cancellationToken);
        return session.Url;
    }

    public Task<StripeList<Invoice>> ListInvoicesAsync(string customerId, int limit, string? startingAfter, CancellationToken cancellationToken) =>
        new InvoiceService(Client).ListAsync(new InvoiceListOptions
        {
            Customer = customerId,
            Limit = limit,
            StartingAfter = startingAfter,
        }, cancellationToken: cancellationToken);

    /// <summary>The subscription as Stripe holds it now; null when Stripe does not know it.</summary>
    public async Task<Subscription?> FindSubscriptionAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        try
        {
            return await new SubscriptionService(Client).GetAsync(subscriptionId, cancellationToken: cancellationToken);
        }
        catch (StripeException ex) when (ex.HttpStatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Reports a call's minutes to the billing meter. The identifier (the call id) makes Stripe count the call
    /// once however often this is retried: Stripe refuses a second event with the same identifier, which
    /// means the first one arrived, so that refusal counts as delivered. (No idempotency key: Stripe would
    /// replay a first 500 answer to every retry.)
    /// </summary>
    public async Task ReportUsageAsync(string customerId, Guid callId, int minutes, DateTime occurredAt, CancellationToken cancellationToken)
    {
        try
        {
            await new Stripe.Billing.MeterEventService(Client).CreateAsync(new Stripe.Billing.MeterEventCreateOptions
            {
                EventName = _options.MeterEventName,
                Identifier = callId.ToString("D"),
                Timestamp = occurredAt,
                Payload = new Dictionary<string, string>
                {
                    ["stripe_customer_id"] = customerId,
                    ["value"] = minutes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
            }, cancellationToken: cancellationToken);
        }
        catch (StripeException ex) when (IsDuplicateMeterEvent(ex))
        {
        }
    }

    internal static bool IsDuplicateMeterEvent(StripeException ex) =>
        ex.HttpStatusCode == HttpStatusCode.BadRequest
        && (ex.StripeError?.Code == "duplicate_meter_event"
            || (ex.StripeError?.Message ?? ex.Message).Contains("already exists with identifier", StringComparison.OrdinalIgnoreCase));

    /// <summary>Runs an interactive Stripe call; failures become a status the portal can show.</summary>
    public static async Task<T> InteractiveAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (StripeException ex) when (ex.HttpStatusCode is >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError
            and not HttpStatusCode.TooManyRequests)
        {
            // Stripe refused the request itself (e.g. a price id that does not exist): retrying will not help.
            throw new RpcException(new Status(StatusCode.FailedPrecondition, "Stripe refused the request: " + ex.StripeError?.Message));
        }
        catch (Exception ex) when (ex is StripeException or HttpRequestException or TaskCanceledException)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "Stripe could not be reached; try again shortly."));
        }
    }
}

/// <summary>Metadata keys Coordi sets on Stripe objects, to find the organization again.</summary>
public static class StripeMetadata
{
    public const string TenantId = "coordi_tenant_id";
    public const string PlanId = "coordi_plan_id";
}
