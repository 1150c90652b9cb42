using System.Net;
using AngleSharp.Html.Parser;
using Coordi.Contracts.Rules;
using Coordi.Portal.Demo;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;

namespace Coordi.Deployment.Tests;

/// <summary>The local stack as a developer runs it: ./run.sh --seed-demo, sign in, Ctrl-C.</summary>
public sealed class LocalStackTests : IAsyncLifetime
{
    // A cold start on a busy two-core machine migrates two databases and seeds before the portal answers.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(6);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "coordi-local-" + Guid.NewGuid().ToString("N")[..10]);

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task Run_sh_seed_demo_starts_everything_with_a_demo_owner_who_sees_calls_and_ctrl_c_stops_it_all_and_a_rerun_adds_nothing()
    {
        var ports = LocalStack.FreePorts();
        DemoCounts first;
        await using (var stack = LocalStack.Start(_folder, ports, "--seed-demo"))
        {
            await WaitForHealthAsync(stack);
            Assert.Contains($"{DemoAccount.DefaultEmail} / {DemoAccount.DefaultPassword}", stack.Output);

            // The demo owner signs in over HTTP and lands on the dashboard, not in onboarding.
            using var portal = SignedInClient(stack.Portal);
            var home = await SignInAsync(portal);
            Assert.DoesNotContain("/Onboarding", home.RequestMessage!.RequestUri!.AbsolutePath, StringComparison.Ordinal);
            var calls = await portal.GetStringAsync("/Calls");
            var rows = new HtmlParser().ParseDocument(calls).QuerySelectorAll("table tbody tr");
            Assert.NotEmpty(rows);
            Assert.Contains(rows, r => r.TextContent.Contains("Asked whether estimates are free", StringComparison.Ordinal));

            first = await CountDemoDataAsync(stack);
            Assert.Equal(DemoData.CallCount, first.Calls);
            Assert.InRange(first.Leads, 12, 18);
            Assert.InRange(first.Appointments, 3, 5);
            Assert.True(first.CallsWithTranscript >= 30 && first.CallsWithLatency >= 30, first.ToString());
            Assert.True(first.LeadStatuses >= 3, "leads in several statuses");
            Assert.Equal(1, first.PhoneNumbers);

            await StopAndAssertEverythingStoppedAsync(stack);
        }

        // Seeding again on the same database adds nothing.
        await using (var again = LocalStack.Start(_folder, ports, "--seed-demo"))
        {
            await WaitForHealthAsync(again);
            Assert.Equal(first, await CountDemoDataAsync(again));
            await StopAndAssertEverythingStoppedAsync(again);
        }
    }

    private static async Task WaitForHealthAsync(LocalStack stack)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await stack.WaitForOkAsync(http, new Uri(stack.CoreHealth, "/healthz"), StartTimeout);
        await stack.WaitForOkAsync(http, new Uri(stack.Voice, "/healthz"), StartTimeout);
        await stack.WaitForOkAsync(http, new Uri(stack.Portal, "/healthz"), StartTimeout);
    }

    private static async Task StopAndAssertEverythingStoppedAsync(LocalStack stack)
    {
        await stack.InterruptAsync(TimeSpan.FromMinutes(2));
        Assert.Contains("Stopping Coordi...", stack.Output);
        Assert.Empty(stack.OpenPorts());
        Assert.Empty(stack.LeftoverProcesses());
        Assert.False(File.Exists(Path.Combine(stack.Folder, "postgres", "postmaster.pid")), "PostgreSQL is still running");
    }

    private static HttpClient SignedInClient(Uri portal) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true })
        {
            BaseAddress = portal,
            Timeout = TimeSpan.FromSeconds(60),
        };

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient portal)
    {
        var login = new HtmlParser().ParseDocument(await portal.GetStringAsync("/Account/Login"));
        var token = login.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");
        Assert.False(string.IsNullOrEmpty(token));
        var response = await portal.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = DemoAccount.DefaultEmail,
            ["Input.Password"] = DemoAccount.DefaultPassword,
            ["__RequestVerificationToken"] = token!,
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual("/Account/Login", response.RequestMessage!.RequestUri!.AbsolutePath);
        return response;
    }

    private sealed record DemoCounts(int Calls, int CallsWithTranscript, int CallsWithLatency, int Leads, int LeadStatuses, int Appointments, int PhoneNumbers);

    /// <summary>Reads the demo organization from the core as the portal does, with the portal's development credential.</summary>
    private static async Task<DemoCounts> CountDemoDataAsync(LocalStack stack)
    {
        var credential = new ConfigurationBuilder()
            .AddJsonFile(Repository.PathOf("src", "Coordi.Portal", "appsettings.Development.json"))
            .Build()["Coordi:Portal:CoreCredential"];
        using var channel = GrpcChannel.ForAddress(stack.CoreGrpc);
        var platform = channel.Intercept(m =>
        {
            m.Add("authorization", "Bearer " + credential);
            return m;
        });
        var tenantId = (await new PhoneNumberService.PhoneNumberServiceClient(platform)
            .ResolvePhoneNumberAsync(new ResolvePhoneNumberRequest { E164 = DemoData.PhoneNumber })).TenantId;
        var tenant = platform.Intercept(m =>
        {
            m.Add(TenantMetadata.Header, tenantId);
            return m;
        });

        var calls = (await new CallService.CallServiceClient(tenant).ListCallsAsync(new ListCallsRequest { PageSize = 200 })).Calls;
        var withTranscript = 0;
        foreach (var call in calls)
        {
            var full = await new CallService.CallServiceClient(tenant).GetCallAsync(new GetCallRequest { Id = call.Id });
            withTranscript += full.Transcript.Count > 0 ? 1 : 0;
        }

        var leads = (await new LeadService.LeadServiceClient(tenant).ListLeadsAsync(new ListLeadsRequest { PageSize = 200 })).Leads;
        var appointments = (await new AppointmentService.AppointmentServiceClient(tenant).ListAppointmentsAsync(new ListAppointmentsRequest { PageSize = 200 })).Appointments;
        var numbers = (await new PhoneNumberService.PhoneNumberServiceClient(tenant).ListPhoneNumbersAsync(new ListPhoneNumbersRequest())).PhoneNumbers;
        return new DemoCounts(
            calls.Count,
            withTranscript,
            calls.Count(c => c.Latency is { TurnsMeasured: > 0 }),
            leads.Count,
            leads.Select(l => l.Status).Distinct().Count(),
            appointments.Count,
            numbers.Count);
    }
}
