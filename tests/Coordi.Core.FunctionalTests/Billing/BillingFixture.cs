using Coordi.Testing.Fakes;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Coordi.Core.FunctionalTests.Billing;

[CollectionDefinition(Name)]
public sealed class BillingCollection : ICollectionFixture<BillingFixture>
{
    public const string Name = "billing";
}

/// <summary>
/// A core wired to a fake Stripe, on its own database, with a clock the tests move (grace periods, trial
/// days, retry backoff). Small allowances make limits reachable with a few calls: trial 5 minutes, 1 number,
/// 2 lines; Starter includes 3 minutes.
/// </summary>
public sealed class BillingFixture : IAsyncLifetime
{
    public const int TrialMinutes = 5;
    public const int StarterIncludedMinutes = 3;
    public const long StarterPriceMinor = 49_00;
    public const long StarterOverageMinor = 40;
    public const int GraceDays = 7;

    private PostgresCluster? _cluster;

    public PostgresCluster Cluster => _cluster ?? throw new InvalidOperationException("The fixture has not started.");

    public FakeStripeApi Stripe { get; private set; } = null!;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public CoreServer Core { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _cluster = await PostgresCluster.StartAsync();
        ConnectionString = await _cluster.CreateDatabaseAsync("billing");
        Stripe = await FakeStripeApi.StartAsync();
        Stripe.Now = Clock.GetUtcNow;
        Core = await CoreServer.StartAsync(ConnectionString, Settings(), services: s => s.AddSingleton<TimeProvider>(Clock));
    }

    public async Task DisposeAsync()
    {
        if (Core is not null)
        {
            await Core.DisposeAsync();
        }

        if (Stripe is not null)
        {
            await Stripe.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    /// <summary>Billing settings for a core talking to <see cref="Stripe"/>; the first retry waits a minute of the test clock.</summary>
    public Dictionary<string, string?> Settings(int initialBackoffMilliseconds = 60_000)
    {
        var settings = Stripe.CoreSettings();
        settings["Coordi:Billing:Trial:Minutes"] = TrialMinutes.ToString();
        settings["Coordi:Billing:Trial:Days"] = "14";
        settings["Coordi:Billing:Trial:PhoneNumberCap"] = "1";
        settings["Coordi:Billing:Trial:ConcurrentCallCap"] = "2";
        settings["Coordi:Billing:Plans:starter:IncludedMinutes"] = StarterIncludedMinutes.ToString();
        settings["Coordi:Billing:Plans:starter:MonthlyPriceMinor"] = StarterPriceMinor.ToString();
        settings["Coordi:Billing:Plans:starter:OveragePerMinuteMinor"] = StarterOverageMinor.ToString();
        settings["Coordi:Billing:GracePeriodDays"] = GraceDays.ToString();
        settings["Coordi:Billing:UsageReporting:PollMilliseconds"] = "50";
        settings["Coordi:Billing:UsageReporting:InitialBackoffMilliseconds"] = initialBackoffMilliseconds.ToString();
        return settings;
    }

    public Task<TenantClients> NewTenantAsync(string name = "Acme Plumbing") => Core.NewTenantAsync(name);

    /// <summary>The portal relaying a webhook body: service credential, no tenant.</summary>
    public Task<HandleStripeWebhookResponse> DeliverAsync(StripeEventDelivery delivery, string? signature = null) =>
        DeliverAsync(Core, delivery, signature);

    public static async Task<HandleStripeWebhookResponse> DeliverAsync(CoreServer core, StripeEventDelivery delivery, string? signature = null)
    {
        var billing = new BillingService.BillingServiceClient(core.AsService(null));
        return await billing.HandleStripeWebhookAsync(new HandleStripeWebhookRequest
        {
            Payload = ByteString.CopyFromUtf8(delivery.Json),
            Signature = signature ?? StripeWebhook.Sign(delivery.Json, FakeStripeApi.WebhookSecret),
        });
    }

    /// <summary>Checkout through the core, payment in the fake, and the two webhooks Stripe sends.</summary>
    public Task<FakeSubscription> SubscribeAsync(TenantClients tenant, string planId = "starter") => SubscribeAsync(Core, Stripe, tenant, planId);

    public static async Task<FakeSubscription> SubscribeAsync(CoreServer core, FakeStripeApi stripe, TenantClients tenant, string planId = "starter")
    {
        var session = await tenant.Billing.CreateCheckoutSessionAsync(new CreateCheckoutSessionRequest
        {
            PlanId = planId,
            SuccessUrl = "https://portal.example.com/billing?checkout=done",
            CancelUrl = "https://portal.example.com/billing",
        });
        var subscription = stripe.CompleteCheckout(session.Id);
        await DeliverAsync(core, stripe.Event("checkout.session.completed", stripe.CheckoutSessionJson(session.Id)));
        await DeliverAsync(core, stripe.Event("customer.subscription.created", stripe.SubscriptionJson(subscription.Id)));
        return subscription;
    }

    /// <summary>A call answered and completed by the voice edge.</summary>
    public static async Task<Call> CallAsync(TenantClients tenant, int seconds, CallOutcome outcome = CallOutcome.Lead, string? from = null)
    {
        var call = await tenant.Calls.StartCallAsync(new StartCallRequest
        {
            TwilioCallSid = TestData.CallSid(),
            FromNumber = from ?? TestData.UsNumber(),
            ToNumber = TestData.UsNumber(),
        });
        return await tenant.Calls.CompleteCallAsync(new CompleteCallRequest
        {
            CallId = call.Id,
            Status = CallStatus.Completed,
            Outcome = outcome,
            DurationSeconds = seconds,
        });
    }

    public Task<List<UsageRow>> UsageRowsAsync(string tenantId) => UsageRowsAsync(ConnectionString, tenantId);

    /// <summary>The usage outbox of a tenant, read directly from the database.</summary>
    public static async Task<List<UsageRow>> UsageRowsAsync(string connectionString, string tenantId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT call_id, billable_minutes, stripe_customer_id, reported_at IS NOT NULL, attempts FROM usage_records WHERE tenant_id = @t ORDER BY occurred_at",
            connection);
        command.Parameters.AddWithValue("t", Guid.Parse(tenantId));
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<UsageRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new UsageRow(reader.GetGuid(0).ToString("D"), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetBoolean(3), reader.GetInt32(4)));
        }

        return rows;
    }
}

public sealed record UsageRow(string CallId, int Minutes, string? CustomerId, bool Reported, int Attempts);
