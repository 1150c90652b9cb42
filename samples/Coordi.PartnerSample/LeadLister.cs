using Coordi.Contracts.V1;

namespace Coordi.PartnerSample;

/// <summary>Pages through ListLeads: pass next_page_token back unchanged until it comes back empty.</summary>
public static class LeadLister
{
    public static async Task<int> PrintAllAsync(LeadService.LeadServiceClient leads, CancellationToken cancellationToken)
    {
        var count = 0;
        var request = new ListLeadsRequest { PageSize = 100 };
        do
        {
            var page = await leads.ListLeadsAsync(request, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: cancellationToken);
            foreach (var lead in page.Leads)
            {
                Console.WriteLine($"{lead.CreatedAt.ToDateTime():u}  {lead.Name,-30} {lead.Phone,-16} {lead.Status}");
                count++;
            }

            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        Console.WriteLine($"{count} leads.");
        return count;
    }
}
