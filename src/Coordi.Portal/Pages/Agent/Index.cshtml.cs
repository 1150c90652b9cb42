using Coordi.Contracts.V1;
using Coordi.Portal.Agent;
using Coordi.Portal.Core;
using Coordi.Portal.Forms;
using Grpc.Core;
using GrpcStatus = Grpc.Core.StatusCode;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Coordi.Portal.Pages.Agent;

/// <summary>
/// The Agent Tuning Studio: personality sliders and texts, the system prompt they produce (rendered by the
/// core, so the preview is exactly what callers' agent receives), and the greeting spoken in the chosen voice.
/// </summary>
public sealed class IndexModel(OrganizationCore core, VoicePreview voices) : PageModel
{
    [BindProperty]
    public AgentForm Agent { get; set; } = new();

    public string SystemPrompt { get; private set; } = "";

    public string? AudioKey { get; private set; }

    public string? VoiceError { get; private set; }

    public string? StatusMessage { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Agent = AgentForm.From(await core.Profiles.GetAgentProfileAsync(new GetAgentProfileRequest(), cancellationToken: cancellationToken));
        SystemPrompt = (await core.Profiles.PreviewSystemPromptAsync(new PreviewSystemPromptRequest(), cancellationToken: cancellationToken)).SystemPrompt;
        StatusMessage = TempData["StatusMessage"] as string;
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            await TryPreviewAsync(cancellationToken);
            return Page();
        }

        try
        {
            await core.Profiles.UpdateAgentProfileAsync(new UpdateAgentProfileRequest { Profile = Agent.ToProto() }, cancellationToken: cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode == GrpcStatus.InvalidArgument)
        {
            ModelState.AddCoreErrors(ex, AgentForm.CoreFields(nameof(Agent)));
            return Page();
        }

        TempData["StatusMessage"] = "Saved. New calls use these settings.";
        return RedirectToPage();
    }

    /// <summary>Re-renders the page with the prompt for the unsaved form (works without script).</summary>
    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            await TryPreviewAsync(cancellationToken);
        }

        return Page();
    }

    /// <summary>The prompt alone, for the live preview script.</summary>
    public async Task<IActionResult> OnPostPreviewTextAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return new ContentResult { StatusCode = StatusCodes.Status422UnprocessableEntity, ContentType = "text/plain; charset=utf-8", Content = FirstError() };
        }

        try
        {
            var preview = await core.Profiles.PreviewSystemPromptAsync(new PreviewSystemPromptRequest { Agent = Agent.ToProto() }, cancellationToken: cancellationToken);
            return Content(preview.SystemPrompt, "text/plain; charset=utf-8");
        }
        catch (RpcException ex) when (ex.StatusCode == GrpcStatus.InvalidArgument)
        {
            ModelState.AddCoreErrors(ex, AgentForm.CoreFields(nameof(Agent)));
            return new ContentResult { StatusCode = StatusCodes.Status422UnprocessableEntity, ContentType = "text/plain; charset=utf-8", Content = FirstError() };
        }
    }

    public async Task<IActionResult> OnPostSpeakAsync(CancellationToken cancellationToken)
    {
        var result = await voices.SpeakAsync(core.Profiles, Agent.Voice, Agent.Greeting, cancellationToken);
        AudioKey = result.AudioKey;
        VoiceError = result.ErrorMessage;
        if (ModelState.IsValid)
        {
            await TryPreviewAsync(cancellationToken);
        }

        return Page();
    }

    public IActionResult OnGetAudio(string key) =>
        voices.Audio(key) is { } audio ? File(audio, "audio/mpeg") : NotFound();

    private async Task TryPreviewAsync(CancellationToken cancellationToken)
    {
        try
        {
            SystemPrompt = (await core.Profiles.PreviewSystemPromptAsync(new PreviewSystemPromptRequest { Agent = Agent.ToProto() }, cancellationToken: cancellationToken)).SystemPrompt;
        }
        catch (RpcException ex) when (ex.StatusCode == GrpcStatus.InvalidArgument)
        {
            ModelState.AddCoreErrors(ex, AgentForm.CoreFields(nameof(Agent)));
        }
    }

    private string FirstError() =>
        ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).FirstOrDefault() ?? "The settings are not valid.";
}
