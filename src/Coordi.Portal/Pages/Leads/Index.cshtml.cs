using System.Text;
using Coordi.Contracts.V1;
using Coordi.Portal.Core;
using Coordi.Portal.Display;
using Coordi.Portal.Leads;
using Grpc.Core;
using GrpcStatus = Grpc.Core.StatusCode;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Coordi.Portal.Pages.Leads;

public sealed class IndexModel(OrganizationCore core, NodaTime.IClock clock) : PageModel
{
    public const int PageSize = 25;

    /// <summary>Most rows one export holds; a bigger list is narrowed with the filters first.</summary>
    public const int ExportLimit = 10_000;

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Text { get; set; }

    [BindProperty(SupportsGet = true, Name = "pageToken")]
    public string? PageToken { get; set; }

    public IReadOnlyList<Lead> Leads { get; private set; } = [];

    public string NextPageToken { get; private set; } = "";

    public OrganizationTime Time { get; private set; } = null!;

    public LeadStatus? SelectedStatus => Labels.LeadStatusFromSlug(Status);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var request = await BuildRequestAsync(cancellationToken);
        if (request is null)
        {
            return;
        }

        request.PageSize = PageSize;
        request.PageToken = PageToken ?? "";
        try
        {
            var response = await core.Leads.ListLeadsAsync(request, cancellationToken: cancellationToken);
            Leads = response.Leads;
            NextPageToken = response.NextPageToken;
        }
        catch (RpcException ex) when (ex.StatusCode == GrpcStatus.InvalidArgument)
        {
            ModelState.AddCoreErrors(ex);
        }
    }

    /// <summary>Every lead matching the filters, as CSV.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        var request = await BuildRequestAsync(cancellationToken);
        if (request is null)
        {
            return BadRequest();
        }

        request.PageSize = 200;
        var leads = new List<Lead>();
        do
        {
            var response = await core.Leads.ListLeadsAsync(request, cancellationToken: cancellationToken);
            leads.AddRange(response.Leads);
            request.PageToken = response.NextPageToken;
        }
        while (request.PageToken.Length > 0 && leads.Count < ExportLimit);

        var csv = LeadCsv.Write(leads.Take(ExportLimit), Time);
        var name = $"leads-{OrganizationTime.FormatDate(Time.Today)}.csv";
        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray(), "text/csv; charset=utf-8", name);
    }

    public string Link(string? status, string? pageToken = null, string? handler = null) => QueryLink.Build("/Leads",
        ("handler", handler), ("status", status), ("from", From), ("to", To), ("q", Text), ("pageToken", pageToken));

    private async Task<ListLeadsRequest?> BuildRequestAsync(CancellationToken cancellationToken)
    {
        var organization = await core.OrganizationAsync(cancellationToken);
        Time = new OrganizationTime(organization.TimeZone, clock);
        var request = new ListLeadsRequest { Text = Text?.Trim() ?? "" };
        if (SelectedStatus is { } status)
        {
            request.Status = status;
        }

        if (DateFilter.Range(From, To, Time, ModelState) is { } range)
        {
            request.Created = range;
        }

        if (Text?.Length > 200)
        {
            ModelState.AddModelError(nameof(Text), "Search for at most 200 characters.");
        }

        return ModelState.IsValid ? request : null;
    }
}
