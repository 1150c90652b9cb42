using Grpc.Core;
using Grpc.Net.Client;

namespace Coordi.PartnerSample;

/// <summary>A channel that sends the API key as "authorization: Bearer ..." on every call.</summary>
public static class PartnerChannel
{
    public static GrpcChannel Create(Uri address, string apiKey)
    {
        var credentials = CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("authorization", "Bearer " + apiKey);
            return Task.CompletedTask;
        });
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            // Plain http:// (a local core) only carries call credentials when explicitly allowed.
            UnsafeUseInsecureChannelCallCredentials = address.Scheme == Uri.UriSchemeHttp,
            Credentials = address.Scheme == Uri.UriSchemeHttp
                ? ChannelCredentials.Create(ChannelCredentials.Insecure, credentials)
                : ChannelCredentials.Create(new SslCredentials(), credentials),
        });
    }
}
