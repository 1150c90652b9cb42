using System.ComponentModel.DataAnnotations;
using Coordi.Contracts.V1;
using Coordi.Portal.Core;
using Coordi.Portal.Display;
using Grpc.Core;
using GrpcStatus = Grpc.Core.StatusCode;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Coordi.Portal.Pages.ApiKeys;

/// <summary>Partner API keys (owners only). A new key's secret is shown in the response that created it, and never again.</summary>
public sealed class IndexModel(OrganizationCore core, NodaTime.IClock clock) : PageModel
{
    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];

    public OrganizationTime Time { get; private set; } = null!;

    [BindProperty(SupportsGet = true)]
    public bool ShowRevoked { get; set; }

    [BindProperty]
    public CreateInput Input { get; set; } = new();

    public CreateApiKeyResponse? Created { get; private set; }

    public string? StatusMessage { get; private set; }

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
                Created = await core.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = Input.Name.Trim(), Scope = Input.Scope }, cancellationToken: cancellationToken);
                Input = new CreateInput();
                ModelState.Clear();
                // The secret is in this response only: no cache or history may keep a copy.
                Response.Headers.CacheControl = "no-store";
            }
            catch (RpcException ex) when (ex.StatusCode == GrpcStatus.InvalidArgument)
            {
                ModelState.AddCoreErrors(ex, new Dictionary<string, string> { ["name"] = "Input.Name", ["scope"] = "Input.Scope" });
            }
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid keyId, CancellationToken cancellationToken)
    {
        // Another organization's key id is NotFound at the core, shown as a 404.
        var key = await core.ApiKeys.RevokeApiKeyAsync(new RevokeApiKeyRequest { Id = keyId.ToString() }, cancellationToken: cancellationToken);
        TempData["StatusMessage"] = $"Key \"{key.Name}\" revoked. Requests with it are refused from now on.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var organization = core.OrganizationAsync(cancellationToken);
        var keys = core.ApiKeys.ListApiKeysAsync(new ListApiKeysRequest { PageSize = 200, IncludeRevoked = ShowRevoked }, cancellationToken: cancellationToken).ResponseAsync;
        Time = new OrganizationTime((await organization).TimeZone, clock);
        Keys = (await keys).ApiKeys;
    }

    public sealed class CreateInput
    {
        [Required(ErrorMessage = "Name the key after what will use it, e.g. \"CRM sync\".")]
        [StringLength(100)]
        [Display(Name = "Name")]
        public string Name { get; set; } = "";

        [Display(Name = "Access")]
        public ApiKeyScope Scope { get; set; } = ApiKeyScope.Read;
    }
}
