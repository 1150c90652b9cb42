using System.Net;
using System.Net.Sockets;

namespace Coordi.Core.Webhooks;

/// <summary>
/// The one HTTP client for deliveries. Not from the client factory: the platform's default resilience handler
/// would retry inside an attempt, hiding failures from the delivery log and sending duplicates. Redirects are not
/// followed and every connection is checked against the URL policy after name resolution.
/// </summary>
public sealed class WebhookHttpClient : IDisposable
{
    private readonly HttpClient _client;

    public WebhookHttpClient(WebhookUrlPolicy policy)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
                var allowed = addresses.Where(a => policy.MayConnectTo(a, context.DnsEndPoint.Port)).ToArray();
                if (allowed.Length == 0)
                {
                    throw new HttpRequestException($"Refused to connect to {context.DnsEndPoint.Host}: it does not resolve to a public address on an allowed port.");
                }

                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("Coordi-Webhooks/1.0");
    }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    public void Dispose() => _client.Dispose();
}
