using System.Globalization;

namespace Coordi.Portal.LoadTest;

/// <summary>The owner's busiest pages, with the filters owners use.</summary>
public static class Pages
{
    /// <summary>How far the "later page" rows page in: 20 pages of 25 is 500 rows back.</summary>
    private const int LaterPage = 20;

    public static async Task<List<PageTarget>> ForAsync(PortalSession session)
    {
        var twoWeeksAgo = DateTime.UtcNow.AddDays(-14).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var pages = new List<PageTarget>
        {
            new("Dashboard 7d", "/?range=7d", "dashboard for the last 7 days: organization, daily metrics, 5 recent calls, 5 new leads, onboarding progress"),
            new("Dashboard 30d", "/?range=30d", "dashboard for the last 30 days"),
            new("Calls first page", "/Calls", "the 25 newest calls"),
            new("Calls filtered", $"/Calls?outcome={(int)CallOutcome.Booked}&from={twoWeeksAgo}", "calls that booked a visit, started in the last 14 days"),
            new("Calls search", "/Calls?q=shut-off+valve", "calls whose number, summary or transcript contains the text"),
            new("Calls later page", await LaterPageAsync(session, "/Calls"), $"page {LaterPage + 1} of all calls, through the page token of the \"next page\" link"),
            new("Leads by status", "/Leads?status=contacted", "leads in status Contacted"),
            new("Leads search", "/Leads?q=garcia", "leads whose name, phone, email, address, service or notes contains the text"),
            new("Leads later page", await LaterPageAsync(session, "/Leads"), $"page {LaterPage + 1} of all leads"),
        };
        return pages;
    }

    private static async Task<string> LaterPageAsync(PortalSession session, string url)
    {
        for (var page = 0; page < LaterPage; page++)
        {
            url = PortalSession.NextPageLink(await session.PageAsync(url)) ?? throw new InvalidOperationException($"{url} has no next page: seed more rows.");
        }

        return url;
    }
}
