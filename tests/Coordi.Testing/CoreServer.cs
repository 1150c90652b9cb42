using Coordi.Contracts.Rules;
using Coordi.Core.Extensions;
using Coordi.Testing.Logging;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Coordi.Testing;

/// <summary>
/// The real core, on real Kestrel ports (HTTP/2-only gRPC, HTTP/1.1 health), wired by the same extension
/// methods as its Program, against a real database.
/// </summary>
public sealed class CoreServer : IAsyncDisposable
{
    public const string PortalCredential = "test-portal-credential-0123456789abcdef";
    public const string VoiceCredential = "test-voice-credential-0123456789abcdefg";

    /// <summary>Signs recording links; the voice edge (<see cref="VoiceServer"/>) checks them with the same secret.</summary>
    public const string RecordingUrlSecret = "test-recording-url-secret-0123456789abcdef";

    private readonly WebApplication _app;

    private CoreServer(WebApplication app, int grpcPort, int healthPort, LogCapture logs)
    {
        _app = app;
        Logs = logs;
        GrpcPort = grpcPort;
        HealthPort = healthPort;
        GrpcAddress = new Uri($"http://127.0.0.1:{grpcPort}");
        HealthAddress = new Uri($"http://127.0.0.1:{healthPort}");
        Channel = GrpcChannel.ForAddress(GrpcAddress, new GrpcChannelOptions { MaxReceiveMessageSize = 8 * 1024 * 1024 });
    }

    public int GrpcPort { get; }

    public int HealthPort { get; }

    public Uri GrpcAddress { get; }

    public Uri HealthAddress { get; }

    public GrpcChannel Channel { get; }

    /// <summary>Everything this core logged at the levels its settings let through.</summary>
    public LogCapture Logs { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts the core. Passing the ports of a core that was stopped brings it back at the same address, as a
    /// restarted instance behind a fixed service address would be.
    /// </summary>
    /// <param name="services">Replaces services after the core's own registrations (e.g. a fake clock).</param>
    /// <param name="endpoints">Maps further endpoints next to the core's own (e.g. a service of a kind the contract does not use yet).</param>
    public static async Task<CoreServer> StartAsync(
        string connectionString, IDictionary<string, string?>? settings = null, int? grpcPort = null, int? healthPort = null,
        Action<IServiceCollection>? services = null, Action<WebApplication>? endpoints = null)
    {
        grpcPort ??= PostgresCluster.FreePort();
        healthPort ??= PostgresCluster.FreePort();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ApplicationName = "Coordi.Core",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Core"] = connectionString,
            ["Coordi:Core:GrpcPort"] = grpcPort.ToString(),
            ["Coordi:Core:HealthPort"] = healthPort.ToString(),
            ["Coordi:Core:ServiceCredentials:portal"] = PortalCredential,
            ["Coordi:Core:ServiceCredentials:voice"] = VoiceCredential,
            ["Coordi:Core:RecordingUrlSecret"] = RecordingUrlSecret,
            ["Logging:LogLevel:Default"] = "Warning",
            // Tests of other features give one trial organization many numbers; billing tests set their own caps.
            ["Coordi:Billing:Trial:PhoneNumberCap"] = "100",
            // Webhook receivers in tests listen on loopback over plain HTTP, and retries come quickly.
            ["Coordi:Core:Webhooks:AllowHttpLoopback"] = "true",
            ["Coordi:Core:Webhooks:FirstRetryDelay"] = "00:00:00.200",
            ["Coordi:Core:Webhooks:MaxRetryDelay"] = "00:00:01",
            ["Coordi:Core:Webhooks:RequestTimeout"] = "00:00:02",
            ["Coordi:Core:Webhooks:PollInterval"] = "00:00:00.250",
            ["Coordi:Core:Webhooks:DisableAfterConsecutiveFailures"] = "5",
            ["Coordi:Core:Email:PickupDirectory"] = Path.Combine(Path.GetTempPath(), "coordi-mail-" + Guid.NewGuid().ToString("N")),
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddApplicationServices();
        // After the host's own logging set-up, which starts by clearing providers.
        var logs = new LogCapture();
        builder.Logging.AddProvider(logs);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapApplication();
        endpoints?.Invoke(app);
        await app.MigrateDatabaseAsync();
        await app.StartAsync();
        return new CoreServer(app, grpcPort.Value, healthPort.Value, logs);
    }

    /// <summary>Signs up a new organization through this core, as the portal does, and returns clients acting for it.</summary>
    public async Task<TenantClients> NewTenantAsync(string name = "Acme Plumbing", string timeZone = "America/Chicago")
    {
        var organizations = new Coordi.Contracts.V1.OrganizationService.OrganizationServiceClient(AsService(null));
        var org = await organizations.CreateOrganizationAsync(new Coordi.Contracts.V1.CreateOrganizationRequest
        {
            Name = name,
            OwnerEmail = $"owner+{Guid.NewGuid():N}@example.com",
            TimeZone = timeZone,
            RequestId = Guid.NewGuid().ToString(),
        });
        return new TenantClients(org, AsService(org.Id));
    }

    /// <summary>A call invoker that authenticates as an internal service acting for <paramref name="tenantId"/>.</summary>
    public CallInvoker AsService(string? tenantId, string credential = PortalCredential) =>
        WithHeaders(("authorization", "Bearer " + credential), tenantId is null ? default : (TenantMetadata.Header, tenantId));

    /// <summary>A call invoker that authenticates as the voice edge acting for <paramref name="tenantId"/> (the only writer of recording references).</summary>
    public CallInvoker AsVoice(string tenantId) => AsService(tenantId, VoiceCredential);

    /// <summary>A call invoker that authenticates with a partner API key.</summary>
    public CallInvoker AsPartner(string apiKey, string? forgedTenant = null) =>
        WithHeaders(("authorization", "Bearer " + apiKey), forgedTenant is null ? default : (TenantMetadata.Header, forgedTenant));

    public CallInvoker Anonymous() => Channel.CreateCallInvoker();

    public CallInvoker WithHeaders(params (string Key, string Value)[] headers) =>
        Channel.Intercept(metadata =>
        {
            foreach (var (key, value) in headers)
            {
                if (key is not null)
                {
                    metadata.Add(key, value);
                }
            }

            return metadata;
        });

    public T Scoped<T>(Func<IServiceProvider, T> use)
    {
        using var scope = _app.Services.CreateScope();
        return use(scope.ServiceProvider);
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
