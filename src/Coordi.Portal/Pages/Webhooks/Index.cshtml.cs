using System.ComponentModel.DataAnnotations;
using Coordi.Contracts.V1;
using Coordi.Portal.Core;
using Coordi.Portal.Display;
using Grpc.Core;
using GrpcStatus = Grpc.Core.StatusCode;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Coordi.Portal.Pages.Webhooks;

/// <summary>
/// Webhook endpoints and their recent deliveries (owners only). A new endpoint's signing secret is shown in the
/// response that created it, and never again.
/// </summary>
public sealed class IndexModel(OrganizationCore core, NodaTime.IClock clock) : PageModel
{
    public IReadOnlyList<WebhookEndpoint> Endpoints { get; private set; } = [];

    public IReadOnlyList<WebhookDelivery> Deliveries { get; private set; } = [];

    public OrganizationTime Time { get; private set; } = null!;

    [BindProperty]
    public CreateInput Input { get; set; } = new();

    public CreateWebhookEndpointResponse? Created { get; private set; }

    public string? StatusMessage { get; private set; }

    public string UrlOf(string endpointId) => Endpoints.FirstOrDefault(e => e.Id == endpointId)?.Url ?? "(removed)";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        StatusMessage = TempData["StatusMessage"] as string;
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            try
            {
                Created = await core.Webhooks.CreateWebhookEndpointAsync(
                    new CreateWebhookEndpointRequest { Url = Input.Url.Trim(), Description = Input.Description?.Trim() ?? "" },
                    cancellationToken: cancellationToken);
                Input = new CreateInput();
                ModelState.Clear();
                // The secret is in this response only: no cache or history may keep a copy.
                Response.Headers.CacheControl = "no-store";
            }
            catch (RpcException ex) when (ex.StatusCode is GrpcStatus.InvalidArgument or GrpcStatus.AlreadyExists)
            {
                if (ex.StatusCode == GrpcStatus.AlreadyExists)
                {
                    ModelState.AddModelError("", ex.Status.Detail);
                }
                else
                {
                    ModelState.AddCoreErrors(ex, new Dictionary<string, string> { ["url"] = "Input.Url", ["description"] = "Input.Description" });
                }
            }
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid endpointId, CancellationToken cancellationToken)
    {
        // Another organization's endpoint id is NotFound at the core, shown as a 404.
        await core.Webhooks.DeleteWebhookEndpointAsync(new DeleteWebhookEndpointRequest { Id = endpointId.ToString() }, cancellationToken: cancellationToken);
        TempData["StatusMessage"] = "Endpoint removed. Nothing more is sent to it.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostEnableAsync(Guid endpointId, CancellationToken cancellationToken)
    {
        var endpoint = await core.Webhooks.UpdateWebhookEndpointAsync(new UpdateWebhookEndpointRequest
        {
            Id = endpointId.ToString(),
            Endpoint = new WebhookEndpoint { Enabled = true },
            UpdateMask = { "enabled" },
        }, cancellationToken: cancellationToken);
        TempData["StatusMessage"] = $"Endpoint {endpoint.Url} enabled again.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRetryAsync(Guid deliveryId, CancellationToken cancellationToken)
    {
        var delivery = await core.Webhooks.RetryWebhookDeliveryAsync(new RetryWebhookDeliveryRequest { Id = deliveryId.ToString() }, cancellationToken: cancellationToken);
        TempData["StatusMessage"] = $"The {delivery.EventType} delivery will be sent again now.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var organization = core.OrganizationAsync(cancellationToken);
        var endpoints = core.Webhooks.ListWebhookEndpointsAsync(new ListWebhookEndpointsRequest(), cancellationToken: cancellationToken).ResponseAsync;
        var deliveries = core.Webhooks.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest { PageSize = 50 }, cancellationToken: cancellationToken).ResponseAsync;
        Time = new OrganizationTime((await organization).TimeZone, clock);
        Endpoints = (await endpoints).Endpoints;
        Deliveries = (await deliveries).Deliveries;
    }

    public sealed class CreateInput
    {
        [Required(ErrorMessage = "Enter the HTTPS address that should receive events.")]
        [StringLength(2048)]
        [Display(Name = "Endpoint URL")]
        public string Url { get; set; } = "";

        [StringLength(200)]
        [Display(Name = "Description (optional)")]
        public string? Description { get; set; }
    }
}
