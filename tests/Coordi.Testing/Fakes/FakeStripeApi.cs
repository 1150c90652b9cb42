using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Coordi.Testing.Fakes;

/// <summary>A meter event the fake accepted (once per identifier, as Stripe does).</summary>
public sealed record RecordedMeterEvent(string Identifier, string EventName, string CustomerId, int Value, long Timestamp);

/// <summary>A subscription in the fake account, as <c>GET /v1/subscriptions/{id}</c> returns it.</summary>
public sealed class FakeSubscription
{
    public required string Id { get; init; }
    public required string CustomerId { get; init; }
    public required IReadOnlyList<string> PriceIds { get; init; }
    public string Status { get; set; } = "active";
    public bool CancelAtPeriodEnd { get; set; }
    public DateTimeOffset PeriodStart { get; set; }
    public DateTimeOffset PeriodEnd { get; set; }
    public Dictionary<string, string> Metadata { get; init; } = [];
}

/// <summary>
/// Stripe's REST API on a loopback port, in Stripe's wire format (form-encoded requests with bracketed keys,
/// JSON objects carrying "object" and "id", errors as {"error": {...}}, bearer secret key), for the parts Coordi
/// uses: customers, checkout sessions, billing portal sessions, billing meter events (deduplicated by identifier
/// like Stripe: a repeated identifier is refused with 400), invoices (list) and subscriptions (retrieve).
/// The core reaches it through Stripe.net with its API base pointed here. Tests drive Stripe's side with
/// <see cref="CompleteCheckout"/> and friends, and build the signed webhooks Stripe would send with
/// <see cref="Event"/>.
/// </summary>
public sealed class FakeStripeApi : IAsyncDisposable
{
    public const string SecretKey = "sk_test_coordi_fake_0123456789abcdef";
    public const string WebhookSecret = "whsec_coordi_fake_0123456789abcdef";
    public const string MeterEventName = "coordi_call_minutes";
    public const string StarterPriceId = "price_starter_monthly";
    public const string StarterMeteredPriceId = "price_starter_minutes";
    public const string ProPriceId = "price_pro_monthly";
    public const string ProMeteredPriceId = "price_pro_minutes";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, JsonObject> _customers = [];
    private readonly Dictionary<string, JsonObject> _checkoutSessions = [];
    private readonly Dictionary<string, FakeSubscription> _subscriptions = [];
    private readonly List<JsonObject> _invoices = [];
    private readonly Dictionary<string, RecordedMeterEvent> _meterEvents = [];
    private readonly List<string> _portalSessions = [];
    private WebApplication _app = null!;
    private int _sequence;
    private int _meterRequests;
    private int _failMeterEvents;
    private bool _recordBeforeFailing;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Stripe's clock for created times and periods; tests that move the core's clock move this one too.</summary>
    public Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.UtcNow;

    public IReadOnlyList<JsonObject> Customers { get { lock (_lock) { return [.. _customers.Values]; } } }

    public IReadOnlyList<JsonObject> CheckoutSessions { get { lock (_lock) { return [.. _checkoutSessions.Values]; } } }

    public IReadOnlyList<string> PortalSessionCustomers { get { lock (_lock) { return [.. _portalSessions]; } } }

    public IReadOnlyList<RecordedMeterEvent> MeterEvents { get { lock (_lock) { return [.. _meterEvents.Values]; } } }

    /// <summary>While set, retrieving a subscription fails with 503 (Stripe having an outage).</summary>
    public bool SubscriptionsUnavailable { get; set; }

    /// <summary>Every meter event request received, including failed and duplicate ones.</summary>
    public int MeterEventRequests => Volatile.Read(ref _meterRequests);

    public static async Task<FakeStripeApi> StartAsync()
    {
        var api = new FakeStripeApi();
        (api._app, api.BaseAddress) = await LoopbackApp.StartAsync(app =>
        {
            var v1 = app.MapGroup("/v1").AddEndpointFilter(async (context, next) =>
                context.HttpContext.Request.Headers.Authorization.ToString() == "Bearer " + SecretKey
                    ? await next(context)
                    : Error(StatusCodes.Status401Unauthorized, "invalid_request_error", "Invalid API Key provided.", "api_key_invalid"));
            v1.MapPost("/customers", (HttpRequest request) => api.CreateCustomerAsync(request));
            v1.MapPost("/checkout/sessions", (HttpRequest request) => api.CreateCheckoutSessionAsync(request));
            v1.MapPost("/billing_portal/sessions", (HttpRequest request) => api.CreatePortalSessionAsync(request));
            v1.MapPost("/billing/meter_events", (HttpRequest request) => api.CreateMeterEventAsync(request));
            v1.MapGet("/invoices", (HttpRequest request) => api.ListInvoices(request));
            v1.MapGet("/subscriptions/{id}", (string id) => api.GetSubscription(id));
        });
        return api;
    }

    /// <summary>Settings that point a core at this fake, with plans priced by the fake's price ids.</summary>
    public Dictionary<string, string?> CoreSettings() => new()
    {
        ["Coordi:Billing:Stripe:ApiBase"] = BaseAddress.ToString().TrimEnd('/'),
        ["Coordi:Billing:Stripe:SecretKey"] = SecretKey,
        ["Coordi:Billing:Stripe:WebhookSecret"] = WebhookSecret,
        ["Coordi:Billing:Stripe:MeterEventName"] = MeterEventName,
        ["Coordi:Billing:Plans:starter:StripePriceId"] = StarterPriceId,
        ["Coordi:Billing:Plans:starter:StripeMeteredPriceId"] = StarterMeteredPriceId,
        ["Coordi:Billing:Plans:pro:StripePriceId"] = ProPriceId,
        ["Coordi:Billing:Plans:pro:StripeMeteredPriceId"] = ProMeteredPriceId,
    };

    /// <summary>
    /// The next <paramref name="count"/> meter event requests fail with 500. With
    /// <paramref name="recordFirst"/>, the event is stored before the failure: Stripe got it, the answer was lost.
    /// </summary>
    public void FailNextMeterEvents(int count, bool recordFirst = false)
    {
        lock (_lock)
        {
            _failMeterEvents = count;
            _recordBeforeFailing = recordFirst;
        }
    }

    /// <summary>The owner paid in Checkout: Stripe creates the subscription on the session's customer.</summary>
    public FakeSubscription CompleteCheckout(string sessionId, string status = "active")
    {
        lock (_lock)
        {
            var session = _checkoutSessions[sessionId];
            var now = Now();
            var metadata = session["metadata"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
            var subscription = new FakeSubscription
            {
                Id = NewId("sub"),
                CustomerId = session["customer"]!.GetValue<string>(),
                PriceIds = session["_prices"]!.AsArray().Select(p => p!.GetValue<string>()).ToList(),
                Status = status,
                PeriodStart = now,
                PeriodEnd = now.AddMonths(1),
                Metadata = metadata,
            };
            _subscriptions[subscription.Id] = subscription;
            session["subscription"] = subscription.Id;
            session["status"] = "complete";
            return subscription;
        }
    }

    public FakeSubscription Subscription(string id)
    {
        lock (_lock)
        {
            return _subscriptions[id];
        }
    }

    /// <summary>Changes a subscription as Stripe would (status, cancellation); events are sent by the test.</summary>
    public void UpdateSubscription(string id, Action<FakeSubscription> change)
    {
        lock (_lock)
        {
            change(_subscriptions[id]);
        }
    }

    /// <summary>Adds an invoice of the customer, as Stripe creates one each period.</summary>
    public JsonObject AddInvoice(string customerId, long amountDue, string status, string? subscriptionId = null, long? amountPaid = null)
    {
        lock (_lock)
        {
            var now = Now().ToUnixTimeSeconds();
            var id = NewId("in");
            var invoice = new JsonObject
            {
                ["id"] = id,
                ["object"] = "invoice",
                ["customer"] = customerId,
                ["status"] = status,
                ["number"] = "COORDI-" + (_invoices.Count + 1).ToString("D4", CultureInfo.InvariantCulture),
                ["currency"] = "usd",
                ["amount_due"] = amountDue,
                ["amount_paid"] = amountPaid ?? (status == "paid" ? amountDue : 0),
                ["amount_remaining"] = status == "paid" ? 0 : amountDue,
                ["created"] = now + _invoices.Count,
                ["period_start"] = now - 30 * 86_400,
                ["period_end"] = now,
                ["hosted_invoice_url"] = $"https://invoice.stripe.test/i/{id}",
                ["invoice_pdf"] = $"https://pay.stripe.test/invoice/{id}/pdf",
                ["livemode"] = false,
                ["parent"] = subscriptionId is null ? null : new JsonObject
                {
                    ["type"] = "subscription_details",
                    ["subscription_details"] = new JsonObject { ["subscription"] = subscriptionId, ["metadata"] = new JsonObject() },
                },
            };
            _invoices.Add(invoice);
            return invoice;
        }
    }

    /// <summary>The JSON Stripe returns for the subscription now (and puts in its subscription events).</summary>
    public JsonObject SubscriptionJson(string id)
    {
        lock (_lock)
        {
            return Render(_subscriptions[id]);
        }
    }

    public JsonObject CheckoutSessionJson(string id)
    {
        lock (_lock)
        {
            return CheckoutSessionJsonLocked(id);
        }
    }

    /// <summary>
    /// An event as Stripe would deliver it: a new evt_ id unless given, <paramref name="created"/> (default now),
    /// and the api_version of the Stripe.net the core uses. Sign it with <see cref="StripeWebhook.Sign"/>.
    /// </summary>
    public StripeEventDelivery Event(string type, JsonObject dataObject, DateTimeOffset? created = null, string? id = null)
    {
        var evt = new JsonObject
        {
            ["id"] = id ?? NewId("evt"),
            ["object"] = "event",
            ["api_version"] = Stripe.StripeConfiguration.ApiVersion,
            ["created"] = (created ?? Now()).ToUnixTimeSeconds(),
            ["type"] = type,
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
            ["data"] = new JsonObject { ["object"] = dataObject.DeepClone() },
        };
        return new StripeEventDelivery(evt["id"]!.GetValue<string>(), type, evt.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> CreateCustomerAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        lock (_lock)
        {
            var customer = new JsonObject
            {
                ["id"] = NewId("cus"),
                ["object"] = "customer",
                ["name"] = form["name"].ToString(),
                ["email"] = form["email"].ToString(),
                ["created"] = Now().ToUnixTimeSeconds(),
                ["livemode"] = false,
                ["metadata"] = Metadata(form, "metadata"),
            };
            _customers[customer["id"]!.GetValue<string>()] = customer;
            return Json(customer);
        }
    }

    private async Task<IResult> CreateCheckoutSessionAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        lock (_lock)
        {
            var customer = form["customer"].ToString();
            if (!_customers.ContainsKey(customer))
            {
                return Error(StatusCodes.Status400BadRequest, "invalid_request_error", $"No such customer: '{customer}'", "resource_missing", "customer");
            }

            if (form["mode"] != "subscription" || string.IsNullOrEmpty(form["success_url"]) || string.IsNullOrEmpty(form["cancel_url"]))
            {
                return Error(StatusCodes.Status400BadRequest, "invalid_request_error", "mode=subscription, success_url and cancel_url are required.", "parameter_missing");
            }

            var prices = new JsonArray();
            for (var i = 0; form.ContainsKey($"line_items[{i}][price]"); i++)
            {
                prices.Add(form[$"line_items[{i}][price]"].ToString());
            }

            if (prices.Count == 0)
            {
                return Error(StatusCodes.Status400BadRequest, "invalid_request_error", "line_items is required in subscription mode.", "parameter_missing", "line_items");
            }

            var id = NewId("cs_test");
            var session = new JsonObject
            {
                ["id"] = id,
                ["object"] = "checkout.session",
                ["mode"] = "subscription",
                ["status"] = "open",
                ["customer"] = customer,
                ["client_reference_id"] = form["client_reference_id"].ToString(),
                ["success_url"] = form["success_url"].ToString(),
                ["cancel_url"] = form["cancel_url"].ToString(),
                ["url"] = $"https://checkout.stripe.test/c/pay/{id}",
                ["subscription"] = null,
                ["metadata"] = Metadata(form, "metadata"),
                ["created"] = Now().ToUnixTimeSeconds(),
                ["livemode"] = false,
                ["_prices"] = prices,
            };
            _checkoutSessions[id] = session;
            return Json(CheckoutSessionJsonLocked(id));
        }
    }

    private async Task<IResult> CreatePortalSessionAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        lock (_lock)
        {
            var customer = form["customer"].ToString();
            if (!_customers.ContainsKey(customer))
            {
                return Error(StatusCodes.Status400BadRequest, "invalid_request_error", $"No such customer: '{customer}'", "resource_missing", "customer");
            }

            _portalSessions.Add(customer);
            var id = NewId("bps");
            return Json(new JsonObject
            {
                ["id"] = id,
                ["object"] = "billing_portal.session",
                ["customer"] = customer,
                ["return_url"] = form["return_url"].ToString(),
                ["url"] = $"https://billing.stripe.test/p/session/{id}",
                ["created"] = Now().ToUnixTimeSeconds(),
                ["livemode"] = false,
            });
        }
    }

    private async Task<IResult> CreateMeterEventAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        Interlocked.Increment(ref _meterRequests);
        lock (_lock)
        {
            var identifier = form["identifier"].ToString();
            var customer = form["payload[stripe_customer_id]"].ToString();
            if (form["event_name"].ToString().Length == 0 || customer.Length == 0
                || !int.TryParse(form["payload[value]"], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return Error(StatusCodes.Status400BadRequest, "invalid_request_error", "event_name, payload[stripe_customer_id] and a numeric payload[value] are required.", "parameter_missing");
            }

            var failing = _failMeterEvents > 0;
            if (failing)
            {
                _failMeterEvents--;
                if (!_recordBeforeFailing)
                {
                    return Error(StatusCodes.Status500InternalServerError, "api_error", "An unknown error occurred.");
                }
            }

            if (identifier.Length > 0 && _meterEvents.ContainsKey(identifier))
            {
                return failing
                    ? Error(StatusCodes.Status500InternalServerError, "api_error", "An unknown error occurred.")
                    : Error(StatusCodes.Status400BadRequest, "invalid_request_error", $"An event already exists with identifier {identifier}.");
            }

            var timestamp = long.TryParse(form["timestamp"], CultureInfo.InvariantCulture, out var t) ? t : Now().ToUnixTimeSeconds();
            var recorded = new RecordedMeterEvent(identifier.Length > 0 ? identifier : NewId("mev"), form["event_name"].ToString(), customer, value, timestamp);
            _meterEvents[recorded.Identifier] = recorded;
            if (failing)
            {
                return Error(StatusCodes.Status500InternalServerError, "api_error", "An unknown error occurred.");
            }

            return Json(new JsonObject
            {
                ["object"] = "billing.meter_event",
                ["created"] = Now().ToUnixTimeSeconds(),
                ["event_name"] = recorded.EventName,
                ["identifier"] = recorded.Identifier,
                ["livemode"] = false,
                ["payload"] = new JsonObject { ["stripe_customer_id"] = customer, ["value"] = value.ToString(CultureInfo.InvariantCulture) },
                ["timestamp"] = timestamp,
            });
        }
    }

    private IResult ListInvoices(HttpRequest request)
    {
        lock (_lock)
        {
            var customer = request.Query["customer"].ToString();
            var limit = int.TryParse(request.Query["limit"], CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, 100) : 10;
            var all = _invoices.Where(i => customer.Length == 0 || i["customer"]!.GetValue<string>() == customer)
                .OrderByDescending(i => i["created"]!.GetValue<long>())
                .ToList();
            var after = request.Query["starting_after"].ToString();
            if (after.Length > 0)
            {
                var index = all.FindIndex(i => i["id"]!.GetValue<string>() == after);
                if (index < 0)
                {
                    return Error(StatusCodes.Status400BadRequest, "invalid_request_error", $"No such invoice: '{after}'", "resource_missing", "starting_after");
                }

                all = all[(index + 1)..];
            }

            var data = new JsonArray([.. all.Take(limit).Select(i => i.DeepClone())]);
            return Json(new JsonObject { ["object"] = "list", ["url"] = "/v1/invoices", ["has_more"] = all.Count > limit, ["data"] = data });
        }
    }

    private IResult GetSubscription(string id)
    {
        lock (_lock)
        {
            if (SubscriptionsUnavailable)
            {
                return Error(StatusCodes.Status503ServiceUnavailable, "api_error", "Stripe is temporarily unavailable.");
            }

            return _subscriptions.TryGetValue(id, out var subscription)
                ? Json(Render(subscription))
                : Error(StatusCodes.Status404NotFound, "invalid_request_error", $"No such subscription: '{id}'", "resource_missing", "id");
        }
    }

    private JsonObject CheckoutSessionJsonLocked(string id)
    {
        var session = (JsonObject)_checkoutSessions[id].DeepClone();
        session.Remove("_prices");
        return session;
    }

    private static JsonObject Render(FakeSubscription s)
    {
        var items = new JsonArray();
        foreach (var price in s.PriceIds)
        {
            items.Add(new JsonObject
            {
                ["id"] = "si_" + price,
                ["object"] = "subscription_item",
                ["subscription"] = s.Id,
                ["price"] = new JsonObject { ["id"] = price, ["object"] = "price", ["currency"] = "usd" },
                ["current_period_start"] = s.PeriodStart.ToUnixTimeSeconds(),
                ["current_period_end"] = s.PeriodEnd.ToUnixTimeSeconds(),
            });
        }

        var metadata = new JsonObject();
        foreach (var (key, value) in s.Metadata)
        {
            metadata[key] = value;
        }

        return new JsonObject
        {
            ["id"] = s.Id,
            ["object"] = "subscription",
            ["customer"] = s.CustomerId,
            ["status"] = s.Status,
            ["cancel_at_period_end"] = s.CancelAtPeriodEnd,
            ["created"] = s.PeriodStart.ToUnixTimeSeconds(),
            ["start_date"] = s.PeriodStart.ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["metadata"] = metadata,
            ["items"] = new JsonObject { ["object"] = "list", ["url"] = "/v1/subscription_items", ["has_more"] = false, ["data"] = items },
        };
    }

    private static JsonObject Metadata(IFormCollection form, string prefix)
    {
        var metadata = new JsonObject();
        foreach (var (key, value) in form)
        {
            if (key.StartsWith(prefix + "[", StringComparison.Ordinal) && key.EndsWith(']') && key.IndexOf('[', prefix.Length + 1) < 0)
            {
                metadata[key[(prefix.Length + 1)..^1]] = value.ToString();
            }
        }

        return metadata;
    }

    private string NewId(string prefix) => $"{prefix}_{Interlocked.Increment(ref _sequence):D4}{Guid.NewGuid():N}"[..(prefix.Length + 25)];

    private static IResult Json(JsonObject body) => Results.Text(body.ToJsonString(), "application/json");

    private static IResult Error(int status, string type, string message, string? code = null, string? param = null)
    {
        var error = new JsonObject { ["type"] = type, ["message"] = message };
        if (code is not null)
        {
            error["code"] = code;
        }

        if (param is not null)
        {
            error["param"] = param;
        }

        return Results.Text(new JsonObject { ["error"] = error }.ToJsonString(), "application/json", statusCode: status);
    }
}

/// <summary>A webhook body as Stripe would POST it.</summary>
public sealed record StripeEventDelivery(string Id, string Type, string Json);
