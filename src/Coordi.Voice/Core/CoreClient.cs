using Coordi.Contracts.Rules;
using Coordi.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.Options;

namespace Coordi.Voice.Core;

/// <summary>
/// The voice edge's gRPC access to the core: the service credential on every call, the tenant named per
/// call, and a deadline on every call so a slow core never stalls a conversation.
/// </summary>
public sealed class CoreClient : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly string _authorization;

    public CoreClient(IOptions<VoiceOptions> options, HttpMessageHandler? handler = null)
    {
        var address = options.Value.CoreAddress;
        var channelOptions = new GrpcChannelOptions
        {
            HttpHandler = handler ?? new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) },
        };
        if (address.StartsWith("dns:", StringComparison.Ordinal))
        {
            // "dns:///core:5100" resolves every core pod (headless service) and balances calls across them,
            // which a single HTTP/2 connection to a virtual IP would not.
            channelOptions.Credentials = ChannelCredentials.Insecure;
            channelOptions.ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { new RoundRobinConfig() } };
        }

        _channel = GrpcChannel.ForAddress(address, channelOptions);
        _authorization = "Bearer " + options.Value.CoreCredential;
        var invoker = _channel.CreateCallInvoker();
        PhoneNumbers = new PhoneNumberService.PhoneNumberServiceClient(invoker);
        Profiles = new ProfileService.ProfileServiceClient(invoker);
        Calls = new CallService.CallServiceClient(invoker);
        Leads = new LeadService.LeadServiceClient(invoker);
        Appointments = new AppointmentService.AppointmentServiceClient(invoker);
        Billing = new BillingService.BillingServiceClient(invoker);
    }

    public PhoneNumberService.PhoneNumberServiceClient PhoneNumbers { get; }
    public ProfileService.ProfileServiceClient Profiles { get; }
    public CallService.CallServiceClient Calls { get; }
    public LeadService.LeadServiceClient Leads { get; }
    public AppointmentService.AppointmentServiceClient Appointments { get; }
    public BillingService.BillingServiceClient Billing { get; }

    /// <summary>Call options acting for <paramref name="tenantId"/> (null: platform-level calls).</summary>
    public CallOptions For(string? tenantId, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var headers = new Metadata { { "authorization", _authorization } };
        if (tenantId is not null)
        {
            headers.Add(TenantMetadata.Header, tenantId);
        }

        return new CallOptions(headers, DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(3)), cancellationToken);
    }

    /// <summary>
    /// The core could not answer this time (down, overloaded, slow, or failed on the request): a caller on the line
    /// gets the degraded path (queue it, voicemail, 503 for Twilio to retry) rather than an error. The outbox's
    /// unbounded retries use <see cref="GrpcStatuses.IsTransient(RpcException)"/> alone.
    /// </summary>
    public static bool IsTransient(RpcException ex) => GrpcStatuses.IsTransient(ex.StatusCode) || GrpcStatuses.IsServerFault(ex.StatusCode);

    public void Dispose() => _channel.Dispose();
}
