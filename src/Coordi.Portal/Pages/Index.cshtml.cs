using Coordi.Contracts.V1;
using Coordi.Portal.Accounts;
using Coordi.Portal.Core;
using Coordi.Portal.Display;
using Coordi.Portal.Email;
using Coordi.Portal.Model;
using Coordi.Portal.Onboarding;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Coordi.Portal.Pages;

/// <summary>The dashboard: the core's figures for a period, recent calls, new leads, and what is left to set up.</summary>
public sealed class IndexModel(
    OrganizationCore core,
    OnboardingStore onboarding,
    UserManager<PortalUser> users,
    AccountEmails emails,
    NodaTime.IClock clock,
    ILogger<IndexModel> logger) : PageModel
{
    public static readonly (string Key, string Label, int Days)[] Ranges = [("today", "Today", 1), ("7d", "Last 7 days", 7), ("30d", "Last 30 days", 30)];

    [BindProperty(SupportsGet = true)]
    public string Range { get; set; } = "7d";

    public Organization Organization { get; private set; } = new();

    public OrganizationTime Time { get; private set; } = null!;

    public Metrics Metrics { get; private set; } = new();

    public IReadOnlyList<Call> RecentCalls { get; private set; } = [];

    public IReadOnlyList<Lead> NewLeads { get; private set; } = [];

    public OnboardingProgress Progress { get; private set; } = new();

    public bool EmailConfirmed { get; private set; } = true;

    public string? StatusMessage { get; private set; }

    public string RangeLabel => Ranges.First(r => r.Key == Range).Label;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (Ranges.All(r => r.Key != Range))
        {
            Range = "7d";
        }

        // The layout's billing banner is fetched now, alongside the page's own calls, rather than after them.
        _ = core.BillingOverviewOrNullAsync(cancellationToken);
        Organization = await core.OrganizationAsync(cancellationToken);
        Time = new OrganizationTime(Organization.TimeZone, clock);
        var days = Ranges.First(r => r.Key == Range).Days;
        var today = Time.Today;

        var metrics = core.Metrics.GetMetricsAsync(new GetMetricsRequest
        {
            FromDate = OrganizationTime.FormatDate(today.PlusDays(-(days - 1))),
            ToDate = OrganizationTime.FormatDate(today),
        }, cancellationToken: cancellationToken).ResponseAsync;
        var calls = core.Calls.ListCallsAsync(new ListCallsRequest { PageSize = 5 }, cancellationToken: cancellationToken).ResponseAsync;
        var leads = core.Leads.ListLeadsAsync(new ListLeadsRequest { PageSize = 5, Status = LeadStatus.New }, cancellationToken: cancellationToken).ResponseAsync;
        // The portal's own database is read while the core works on the figures.
        Progress = await onboarding.GetAsync(User.OrganizationId(), cancellationToken);
        EmailConfirmed = (await users.GetUserAsync(User))?.EmailConfirmed ?? true;
        Metrics = await metrics;
        RecentCalls = (await calls).Calls;
        NewLeads = (await leads).Leads;
    }

    public async Task<IActionResult> OnPostResendConfirmationAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        StatusMessage = "We sent you a new confirmation link.";
        if (user is { EmailConfirmed: false })
        {
            var token = await users.GenerateEmailConfirmationTokenAsync(user);
            try
            {
                await emails.SendConfirmationAsync(user.Email!, user.Id, token, cancellationToken);
            }
            catch (Exception ex) when (ex is System.Net.Mail.SmtpException or IOException)
            {
                logger.LogWarning(ex, "The confirmation email could not be sent");
                StatusMessage = "We could not send the email just now. Please try again in a moment.";
            }
        }

        await OnGetAsync(cancellationToken);
        return Page();
    }

    public IReadOnlyList<(string Label, double Value)> Series(Func<MetricsTotals, double> value) =>
        Metrics.Days.Select(d => (ShortDate(d.Date), value(d.Totals))).ToList();

    private static string ShortDate(string isoDate) =>
        OrganizationTime.ParseDate(isoDate) is { } date ? date.ToString("MMM d", System.Globalization.CultureInfo.InvariantCulture) : isoDate;
}
