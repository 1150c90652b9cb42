using System.Net;
using System.Net.Sockets;
using Coordi.Contracts.V1;
using Coordi.Voice.Billing;
using Coordi.Voice.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Coordi.Voice.UnitTests.Billing;

public sealed class CallAuthorizerTests
{
    [Theory]
    [InlineData(5, 2, 2)] // the plan is the ceiling
    [InlineData(1, 5, 1)] // the organization may choose fewer lines
    [InlineData(0, 3, 3)] // no own setting: the edge's default (4) is above the plan's 3
    [InlineData(3, 0, 3)] // the plan's cap unknown: the organization's own
    public void The_concurrent_call_cap_is_the_lower_of_the_plan_and_the_organization(int own, int plan, int expected)
    {
        using var core = Core();
        var authorizer = new CallAuthorizer(core, Options(), NullLogger<CallAuthorizer>.Instance);

        var cap = authorizer.ConcurrentCallCap(new AgentConfig { ConcurrentCallCap = own }, new AuthorizeCallResponse { Allowed = true, ConcurrentCallCap = plan });

        Assert.Equal(expected, cap);
    }

    [Fact]
    public void Without_an_answer_from_the_core_the_organizations_own_cap_or_the_default_holds()
    {
        using var core = Core();
        var authorizer = new CallAuthorizer(core, Options(), NullLogger<CallAuthorizer>.Instance);

        Assert.Equal(2, authorizer.ConcurrentCallCap(new AgentConfig { ConcurrentCallCap = 2 }, null));
        Assert.Equal(4, authorizer.ConcurrentCallCap(new AgentConfig(), null));
    }

    [Theory]
    [InlineData(CallDenialReason.TrialEnded, true)]
    [InlineData(CallDenialReason.NotSubscribed, true)]
    [InlineData(CallDenialReason.Restricted, true)]
    [InlineData(CallDenialReason.SpendCapReached, true)]
    [InlineData(CallDenialReason.ConcurrentCapReached, false)]
    public void Refusals_go_to_voicemail_except_a_full_house_which_hears_the_busy_message(CallDenialReason reason, bool voicemail)
    {
        Assert.Equal(voicemail, CallAuthorizer.SendsToVoicemail(new AuthorizeCallResponse { Allowed = false, DenialReason = reason }));
        Assert.False(CallAuthorizer.SendsToVoicemail(new AuthorizeCallResponse { Allowed = true }));
        Assert.False(CallAuthorizer.SendsToVoicemail(null));
    }

    [Fact]
    public async Task An_unreachable_core_lets_the_call_through()
    {
        using var core = Core();
        var authorizer = new CallAuthorizer(core, Options(), NullLogger<CallAuthorizer>.Instance);

        var answer = await authorizer.AuthorizeAsync(Guid.NewGuid().ToString(), "+15125550143", "CA" + new string('0', 32), CancellationToken.None);

        Assert.Null(answer);
        Assert.False(CallAuthorizer.SendsToVoicemail(answer));
    }

    private static IOptions<VoiceOptions> Options() => Microsoft.Extensions.Options.Options.Create(new VoiceOptions
    {
        CoreAddress = $"http://127.0.0.1:{ClosedPort()}",
        CoreCredential = "unit-test-voice-credential-0123456789abcdef",
        DefaultConcurrentCallCap = 4,
    });

    private static CoreClient Core() => new(Options());

    /// <summary>A loopback port nothing listens on: connections are refused at once.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
