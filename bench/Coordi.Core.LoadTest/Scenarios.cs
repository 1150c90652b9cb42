using Grpc.Core;

namespace Coordi.Core.LoadTest;

/// <summary>The RPCs under load, each as a factory of one client's next call.</summary>
public static class Scenarios
{
    public const string GetAgentConfig = "GetAgentConfig";
    public const string CreateLead = "CreateLead";
    public const string ListCalls = "ListCalls";

    public static readonly string[] Names = [GetAgentConfig, CreateLead, ListCalls];

    public static string Canonical(string name) =>
        Names.FirstOrDefault(n => n.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown RPC '{name}'; choose from {string.Join(", ", Names)}.");

    /// <summary>One client's call loop body. <paramref name="clientTag"/> keeps idempotency keys unique across clients and runs.</summary>
    public static Func<Task> Create(string name, CallInvoker invoker, Metadata headers, string clientTag) => name switch
    {
        GetAgentConfig => AgentConfig(new ProfileService.ProfileServiceClient(invoker), headers),
        CreateLead => Lead(new LeadService.LeadServiceClient(invoker), headers, clientTag),
        ListCalls => Calls(new CallService.CallServiceClient(invoker), headers),
        _ => throw new ArgumentException($"Unknown RPC '{name}'."),
    };

    private static Func<Task> AgentConfig(ProfileService.ProfileServiceClient client, Metadata headers)
    {
        var request = new GetAgentConfigRequest();
        return () => client.GetAgentConfigAsync(request, headers).ResponseAsync;
    }

    private static Func<Task> Lead(LeadService.LeadServiceClient client, Metadata headers, string clientTag)
    {
        var sequence = 0;
        return () => client.CreateLeadAsync(new CreateLeadRequest
        {
            // A new key every call: each request stores a lead rather than replaying the first.
            RequestId = $"{clientTag}-{++sequence}",
            Name = "Jordan Load",
            Phone = "+15125550143",
            Email = "jordan.load@example.com",
            Address = "1200 Barton Springs Rd, Austin, TX 78704",
            Service = "Water heater replacement",
            Urgency = Urgency.High,
            Notes = "Water heater leaking in the garage; available after 3 pm.",
        }, headers).ResponseAsync;
    }

    private static Func<Task> Calls(CallService.CallServiceClient client, Metadata headers)
    {
        var request = new ListCallsRequest { PageSize = 50 };
        return () => client.ListCallsAsync(request, headers).ResponseAsync;
    }
}
