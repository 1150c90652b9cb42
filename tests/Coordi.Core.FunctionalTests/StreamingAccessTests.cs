using Microsoft.AspNetCore.Builder;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Health.V1;

namespace Coordi.Core.FunctionalTests;

/// <summary>
/// Authorization holds for every gRPC handler kind, on a core that also serves client-streaming and duplex
/// methods; and the gRPC health service answers probes without a credential.
/// </summary>
[Collection(CoreCollection.Name)]
public sealed class StreamingAccessTests(CoreFixture fixture) : IAsyncLifetime
{
    private CoreServer _core = null!;

    public async Task InitializeAsync() => _core = await CoreServer.StartAsync(
        fixture.ConnectionString,
        endpoints: app => app.MapGrpcService<StreamingProbeService>());

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task Client_streaming_and_duplex_methods_refuse_callers_without_a_credential_or_the_scope()
    {
        var tenant = await _core.NewTenantAsync("Streaming Probe Co");
        var (readKey, _) = await NewKeyAsync(tenant, ApiKeyScope.Read);
        var anonymous = _core.Anonymous();
        var readOnly = _core.AsPartner(readKey);

        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => CountAsync(anonymous, StreamingProbeService.CountWrite));
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => EchoAsync(anonymous, StreamingProbeService.EchoWrite));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => CountAsync(readOnly, StreamingProbeService.CountWrite));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => EchoAsync(readOnly, StreamingProbeService.EchoWrite));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => CountAsync(_core.AsPartner(readKey, forgedTenant: Guid.NewGuid().ToString()), StreamingProbeService.CountWrite));
    }

    [Fact]
    public async Task Client_streaming_and_duplex_methods_without_an_access_level_are_refused_to_everyone()
    {
        var tenant = await _core.NewTenantAsync("Unmarked Probe Co");
        var (writeKey, _) = await NewKeyAsync(tenant, ApiKeyScope.ReadWrite);

        foreach (var caller in new[] { _core.Anonymous(), _core.AsPartner(writeKey), _core.AsService(tenant.TenantId) })
        {
            var count = await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => CountAsync(caller, StreamingProbeService.CountUnmarked));
            await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => EchoAsync(caller, StreamingProbeService.EchoUnmarked));
            Assert.Contains("not open to any caller", count.Status.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Client_streaming_and_duplex_methods_run_for_the_callers_own_organization()
    {
        var tenant = await _core.NewTenantAsync("Allowed Probe Co");
        var (writeKey, _) = await NewKeyAsync(tenant, ApiKeyScope.ReadWrite);

        Assert.Equal($"{tenant.TenantId}:3", await CountAsync(_core.AsPartner(writeKey), StreamingProbeService.CountWrite));
        Assert.Equal($"{tenant.TenantId}:3", await CountAsync(_core.AsService(tenant.TenantId), StreamingProbeService.CountWrite));
        Assert.Equal([$"{tenant.TenantId}:a", $"{tenant.TenantId}:b", $"{tenant.TenantId}:c"], await EchoAsync(_core.AsPartner(writeKey), StreamingProbeService.EchoWrite));
    }

    [Fact]
    public async Task The_grpc_health_service_answers_every_caller()
    {
        var tenant = await _core.NewTenantAsync("Health Probe Co");
        var (readKey, _) = await NewKeyAsync(tenant, ApiKeyScope.Read);

        foreach (var caller in new[] { _core.Anonymous(), _core.AsPartner(readKey), _core.AsService(null), _core.WithHeaders(("authorization", "Bearer wrong")) })
        {
            var health = new Health.HealthClient(caller);
            var check = await health.CheckAsync(new HealthCheckRequest());
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, check.Status);

            using var watch = health.Watch(new HealthCheckRequest());
            Assert.True(await watch.ResponseStream.MoveNext(), "The health watch ended without a status.");
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, watch.ResponseStream.Current.Status);
        }
    }

    private static async Task<(string Key, CreateApiKeyResponse Created)> NewKeyAsync(TenantClients tenant, ApiKeyScope scope)
    {
        var created = await tenant.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "probe", Scope = scope });
        return (created.Secret, created);
    }

    private static async Task<string> CountAsync(CallInvoker invoker, Method<StringValue, StringValue> method)
    {
        using var call = invoker.AsyncClientStreamingCall(method, null, new CallOptions());
        await SendAsync(call.RequestStream);
        return (await call.ResponseAsync).Value;
    }

    private static async Task<List<string>> EchoAsync(CallInvoker invoker, Method<StringValue, StringValue> method)
    {
        using var call = invoker.AsyncDuplexStreamingCall(method, null, new CallOptions());
        await SendAsync(call.RequestStream);
        var answers = new List<string>();
        await foreach (var answer in call.ResponseStream.ReadAllAsync())
        {
            answers.Add(answer.Value);
        }

        return answers;
    }

    /// <summary>
    /// Sends "a", "b", "c". A refused call may end before the writes do, and a write then fails without the
    /// status; the caller reads the call's own status from its response instead.
    /// </summary>
    private static async Task SendAsync(IClientStreamWriter<StringValue> requests)
    {
        try
        {
            foreach (var value in new[] { "a", "b", "c" })
            {
                await requests.WriteAsync(new StringValue { Value = value });
            }

            await requests.CompleteAsync();
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException)
        {
            // The call is already over; its status is on the response.
        }
    }
}
