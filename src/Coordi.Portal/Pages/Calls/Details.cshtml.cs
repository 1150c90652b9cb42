using Coordi.Contracts.V1;
using Coordi.Portal.Calls;
using Coordi.Portal.Core;
using Coordi.Portal.Display;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Coordi.Portal.Pages.Calls;

public sealed class DetailsModel(OrganizationCore core, RecordingLinks recordings, NodaTime.IClock clock) : PageModel
{
    public Call Call { get; private set; } = new();

    public IReadOnlyList<Lead> Leads { get; private set; } = [];

    public string? RecordingUrl { get; private set; }

    public OrganizationTime Time { get; private set; } = null!;

    public async Task OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        // The core answers NotFound for an id of another organization; the error filter turns that into a 404.
        var call = core.Calls.GetCallAsync(new GetCallRequest { Id = id.ToString() }, cancellationToken: cancellationToken).ResponseAsync;
        var organization = core.OrganizationAsync(cancellationToken);
        Call = await call;
        Time = new OrganizationTime((await organization).TimeZone, clock);
        if (Call.LeadIds.Count > 0)
        {
            Leads = (await core.Leads.ListLeadsAsync(new ListLeadsRequest { CallId = Call.Id, PageSize = 50 }, cancellationToken: cancellationToken)).Leads;
        }

        RecordingUrl = await recordings.ForAsync(core.Calls, Call, cancellationToken);
    }

    /// <summary>Seconds from the start of the call, for the timeline.</summary>
    public string Offset(Google.Protobuf.WellKnownTypes.Timestamp? at)
    {
        if (at is null || Call.StartedAt is null)
        {
            return "";
        }

        var seconds = (at.ToDateTimeOffset() - Call.StartedAt.ToDateTimeOffset()).TotalSeconds;
        return seconds < 0 ? "" : $"{(int)seconds / 60}:{(int)seconds % 60:00}";
    }
}
