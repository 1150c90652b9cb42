using Coordi.Testing.Logging;
using Grpc.Core;
using Xunit.Abstractions;

namespace Coordi.Core.FunctionalTests.Fuzz;

/// <summary>
/// Sends generated bad values to every RPC of the contract with every kind of credential. Whatever the input, the
/// answer must be one a client can act on: never INTERNAL or UNKNOWN (which clients retry as server faults), never a
/// stack trace in the status, the core stays healthy afterwards, and its log holds no Error, Critical or stack
/// trace for any of it (the sender's mistake is not an alarm for whoever runs the service).
/// </summary>
[Collection(CoreCollection.Name)]
public sealed class BadInputFuzzTests(CoreFixture fixture, ITestOutputHelper output)
{
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(b => b, b => b);

    [Fact]
    public async Task Every_rpc_answers_generated_bad_input_clearly_for_every_credential()
    {
        var logged = fixture.Core.Logs.Checkpoint();
        var target = await SeededTenant.CreateAsync(fixture, "Fuzzed Plumbing");
        var (readOnlyKey, _) = await fixture.NewPartnerAsync(target.Clients, ApiKeyScope.Read);
        var (readWriteKey, _) = await fixture.NewPartnerAsync(target.Clients, ApiKeyScope.ReadWrite);
        var callers = new (string Kind, CallInvoker Invoker)[]
        {
            ("anonymous", fixture.Core.Anonymous()),
            ("partner read-only", fixture.Core.AsPartner(readOnlyKey)),
            ("partner read-write", fixture.Core.AsPartner(readWriteKey)),
            ("portal", fixture.Core.AsService(target.TenantId)),
            ("voice edge", fixture.Core.AsVoice(target.TenantId)),
        };

        var inputs = new List<(CapturedRequest Rpc, BadInput Input)>();
        foreach (var rpc in EveryRpc.All)
        {
            var captured = await RequestCapture.OfAsync(rpc, target);
            inputs.AddRange(BadInputs.For(captured.Request).Concat(BadInputs.Malformed()).Select(input => (captured, input)));
        }

        var unclear = new List<string>();
        var answers = new Dictionary<StatusCode, int>();
        foreach (var (kind, invoker) in callers)
        {
            foreach (var (rpc, input) in inputs)
            {
                var status = await SendAsync(invoker, rpc, input.Payload);
                answers[status.StatusCode] = answers.GetValueOrDefault(status.StatusCode) + 1;
                if (IsUnclear(status))
                {
                    unclear.Add($"{kind} {rpc.FullMethod} [{input.Label}]: {status.StatusCode} {status.Detail}");
                }
            }

            using var http = new HttpClient { BaseAddress = fixture.Core.HealthAddress };
            Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
        }

        var rpcs = inputs.Select(i => i.Rpc.FullMethod).Distinct().Count();
        output.WriteLine($"Fuzzed {rpcs} RPCs x {callers.Length} credential kinds with {inputs.Count} bad inputs each kind: {inputs.Count * callers.Length} requests, unclear answers: {unclear.Count}.");
        output.WriteLine("Answers: " + string.Join(", ", answers.OrderBy(a => a.Key).Select(a => $"{a.Key} {a.Value}")));
        foreach (var line in unclear.Take(200))
        {
            output.WriteLine(line);
        }

        Assert.Equal(EveryRpc.ContractMethods().Count, rpcs);
        Assert.True(unclear.Count == 0, $"{unclear.Count} unclear answers, first: {string.Join(Environment.NewLine, unclear.Take(20))}");
        output.WriteLine($"Core log entries during the suite: {fixture.Core.Logs.Since(logged).Count}, alarms: {fixture.Core.Logs.AlarmsSince(logged).Count}.");
        LogAssert.NoAlarmsSince("the fuzz suite", ("core", fixture.Core.Logs, logged));
    }

    private static bool IsUnclear(Status status) =>
        status.StatusCode is StatusCode.Internal or StatusCode.Unknown
        || status.Detail.Contains("   at ", StringComparison.Ordinal)
        || status.Detail.Contains("Exception", StringComparison.Ordinal);

    private static async Task<Status> SendAsync(CallInvoker invoker, CapturedRequest rpc, byte[] payload)
    {
        var slash = rpc.FullMethod.LastIndexOf('/');
        var method = new Method<byte[], byte[]>(rpc.Type, rpc.FullMethod[1..slash], rpc.FullMethod[(slash + 1)..], Raw, Raw);
        // A valid follower request may wait for events that never come; the deadline ends it, which is a clear answer.
        var options = new CallOptions(deadline: DateTime.UtcNow.AddSeconds(5));
        try
        {
            if (rpc.Type == MethodType.ServerStreaming)
            {
                using var call = invoker.AsyncServerStreamingCall(method, null, options, payload);
                while (await call.ResponseStream.MoveNext(CancellationToken.None))
                {
                }
            }
            else
            {
                await invoker.AsyncUnaryCall(method, null, options, payload).ResponseAsync;
            }

            return Status.DefaultSuccess;
        }
        catch (RpcException ex)
        {
            return ex.Status;
        }
    }
}
