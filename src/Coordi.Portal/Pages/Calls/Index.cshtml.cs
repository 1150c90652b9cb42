using Coordi.Contracts.V1;
using Coordi.Portal.Core;
using Coordi.Portal.Display;
using Grpc.Core;
using GrpcStatus = Grpc.Core.StatusCode;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Coordi.Portal.Pages.Calls;

public sealed class IndexModel(OrganizationCore core, NodaTime.IClock clock) : PageModel
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public CallOutcome Outcome { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Text { get; set; }

    [BindProperty(SupportsGet = true, Name = "pageToken")]
    public string? PageToken { get; set; }

    public IReadOnlyList<Call> Calls { get; private set; } = [];

    public string NextPageToken { get; private set; } = "";

    public OrganizationTime Time { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var organization = await core.OrganizationAsync(cancellationToken);
        Time = new OrganizationTime(organization.TimeZone, clock);

        var request = new ListCallsRequest { PageSize = PageSize, PageToken = PageToken ?? "", Text = Text?.Trim() ?? "" };
        if (Enum.IsDefined(Outcome))
        {
            request.Outcome = Outcome;
        }

        var range = DateFilter.Range(From, To, Time, ModelState);
        if (range is not null)
        {
            request.Started = range;
        }

        if (Text?.Length > 200)
        {
            ModelState.AddModelError(nameof(Text), "Search for at most 200 characters.");
        }

        if (!ModelState.IsValid)
        {
            return;
        }

        try
        {
            var response = await core.Calls.ListCallsAsync(request, cancellationToken: cancellationToken);
            Calls = response.Calls;
            NextPageToken = response.NextPageToken;
        }
        catch (RpcException ex) when (ex.StatusCode == GrpcStatus.InvalidArgument)
        {
            ModelState.AddCoreErrors(ex);
        }
    }

    /// <summary>The same filters with another page token.</summary>
    public string Link(string? pageToken) => QueryLink.Build("/Calls",
        ("from", From), ("to", To), ("outcome", Outcome == CallOutcome.Unspecified ? null : ((int)Outcome).ToString()), ("q", Text), ("pageToken", pageToken));
}
