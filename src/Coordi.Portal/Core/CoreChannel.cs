using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.Options;

namespace Coordi.Portal.Core;

/// <summary>
/// The one HTTP/2 channel to the core, shared by every request. Call invokers made from it carry the portal's
/// service credential and, when acting for an organization, its id.
/// </summary>
public sealed class CoreChannel : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly string _authorization;
    private readonly TimeSpan _timeout;

    public CoreChannel(IOptions<PortalOptions> options)
    {
        var channelOptions = new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(5),
            },
            MaxReceiveMessageSize = 8 * 1024 * 1024,
        };
        if (options.Value.CoreAddress.StartsWith("dns:", StringComparison.Ordinal))
        {
            // "dns:///core:5100" resolves every core pod (headless service) and balances calls across them,
            // which a single HTTP/2 connection to a virtual IP would not.
            channelOptions.Credentials = ChannelCredentials.Insecure;
            channelOptions.ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { new RoundRobinConfig() } };
        }

        _channel = GrpcChannel.ForAddress(options.Value.CoreAddress, channelOptions);
        _authorization = "Bearer " + options.Value.CoreCredential;
        _timeout = TimeSpan.FromSeconds(options.Value.CoreTimeoutSeconds);
    }

    /// <summary>Acts before an organization exists (sign-up): no tenant metadata.</summary>
    public CallInvoker Platform() => _channel.Intercept(new CoreMetadataInterceptor(_authorization, null, _timeout));

    /// <summary>Acts for <paramref name="organizationId"/>, which callers take from the signed-in user's claim.</summary>
    public CallInvoker ForOrganization(string organizationId) =>
        _channel.Intercept(new CoreMetadataInterceptor(_authorization, organizationId, _timeout));

    public void Dispose() => _channel.Dispose();
}
