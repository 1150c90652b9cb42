using System.Net;

namespace Coordi.Portal.FunctionalTests;

[Collection(PortalCollection.Name)]
public sealed class AgentStudioTests(PortalFixture fixture)
{
    [Fact]
    public async Task Tuning_is_saved_to_the_core_and_the_page_shows_the_new_prompt()
    {
        var owner = await Owners.NewAsync(fixture);
        var studio = await owner.Client.OpenAsync("/Agent");

        var saved = await owner.Client.SubmitAsync(studio, "#studio-form", new Dictionary<string, string>
        {
            ["Agent.Name"] = "Morgan",
            ["Agent.Voice"] = "sage",
            ["Agent.Greeting"] = "Acme Plumbing, Morgan speaking.",
            ["Agent.Warmth"] = "90",
            ["Agent.Formality"] = "10",
            ["Agent.Verbosity"] = "20",
            ["Agent.Pace"] = "75",
            ["Agent.EscalationPolicy"] = "Never",
            ["Agent.CustomInstructions"] = "Mention the spring tune-up special.",
        }, submitter: "button[formaction$='handler=Save']");

        Assert.Contains("Saved.", saved.Text("main"), StringComparison.Ordinal);
        var profile = await owner.Core.Profiles.GetAgentProfileAsync(new GetAgentProfileRequest());
        Assert.Equal(("Morgan", "sage", 90, 10, 20, 75), (profile.Name, profile.Voice, profile.Warmth, profile.Formality, profile.Verbosity, profile.Pace));
        Assert.Equal(EscalationPolicy.Never, profile.EscalationPolicy);
        Assert.Equal("90", saved.Value("#Agent_Warmth"));
        var prompt = saved.Text("#prompt-preview");
        Assert.StartsWith("You are Morgan", prompt, StringComparison.Ordinal);
        Assert.Contains("Mention the spring tune-up special.", prompt, StringComparison.Ordinal);
        Assert.Contains("Do not transfer calls.", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_preview_renders_unsaved_changes_without_saving_them()
    {
        var owner = await Owners.NewAsync(fixture);
        var studio = await owner.Client.OpenAsync("/Agent");
        var changes = new Dictionary<string, string> { ["Agent.Name"] = "Quinn", ["Agent.CustomInstructions"] = "Never quote prices over the phone." };

        var preview = await owner.Client.SubmitAsync(studio, "#studio-form", changes, submitter: "button[formaction$='handler=Preview']");

        Assert.StartsWith("You are Quinn", preview.Text("#prompt-preview"), StringComparison.Ordinal);
        Assert.Contains("Never quote prices over the phone.", preview.Text("#prompt-preview"), StringComparison.Ordinal);
        Assert.Equal("Quinn", preview.Value("#Agent_Name"));
        Assert.NotEqual("Quinn", (await owner.Core.Profiles.GetAgentProfileAsync(new GetAgentProfileRequest())).Name);

        // The script's endpoint answers the same prompt as plain text.
        var text = await PostPreviewTextAsync(owner, studio, changes);
        Assert.Equal(HttpStatusCode.OK, text.StatusCode);
        Assert.Equal("text/plain", text.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("You are Quinn", await text.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_tuning_explains_itself_and_is_not_saved()
    {
        var owner = await Owners.NewAsync(fixture);
        var studio = await owner.Client.OpenAsync("/Agent");

        var after = await owner.Client.SubmitAsync(studio, "#studio-form", new Dictionary<string, string>
        {
            ["Agent.Greeting"] = "",
            ["Agent.Language"] = "not a language",
        }, submitter: "button[formaction$='handler=Save']");

        Assert.Equal("Write the first words of every call.", after.FieldError("Agent.Greeting"));
        Assert.Contains("is not a language tag like en-US", after.FieldError("Agent.Language"), StringComparison.Ordinal);
        Assert.Equal("en-US", (await owner.Core.Profiles.GetAgentProfileAsync(new GetAgentProfileRequest())).Language);
    }

    [Fact]
    public async Task Without_an_openai_key_the_voice_preview_says_what_is_missing()
    {
        var owner = await Owners.NewAsync(fixture);
        var studio = await owner.Client.OpenAsync("/Agent");
        var before = fixture.OpenAi.Requests.Count;

        var after = await owner.Client.SubmitAsync(studio, "#studio-form", submitter: "button[formaction$='handler=Speak']");

        Assert.Contains("need an OpenAI API key", after.Text("#voice-error"), StringComparison.Ordinal);
        Assert.Null(after.Document.QuerySelector("#voice-preview"));
        Assert.Equal(before, fixture.OpenAi.Requests.Count);
    }

    [Fact]
    public async Task The_voice_preview_speaks_the_greeting_with_the_organizations_key_and_is_cached()
    {
        var owner = await Owners.NewAsync(fixture);
        var key = "sk-test-" + Guid.NewGuid().ToString("N");
        await owner.Core.Integrations.UpdateIntegrationsAsync(new UpdateIntegrationsRequest { OpenaiApiKey = key });
        var greeting = "Thanks for calling, this is a test " + Guid.NewGuid().ToString("N")[..6] + ".";
        var studio = await owner.Client.OpenAsync("/Agent");
        var values = new Dictionary<string, string> { ["Agent.Voice"] = "verse", ["Agent.Greeting"] = greeting };

        var spoken = await owner.Client.SubmitAsync(studio, "#studio-form", values, submitter: "button[formaction$='handler=Speak']");

        var src = spoken.Document.QuerySelector("#voice-preview")!.GetAttribute("src")!;
        var audio = await owner.Client.Http.GetAsync(src);
        Assert.Equal("audio/mpeg", audio.Content.Headers.ContentType!.MediaType);
        Assert.Equal(FakeOpenAiSpeech.Audio, await audio.Content.ReadAsByteArrayAsync());
        var request = Assert.Single(fixture.OpenAi.Requests, r => r.Input == greeting);
        Assert.Equal(("verse", "Bearer " + key, "gpt-4o-mini-tts"), (request.Voice, request.Authorization, request.Model));

        var again = await owner.Client.SubmitAsync(studio, "#studio-form", values, submitter: "button[formaction$='handler=Speak']");
        Assert.Equal(src, again.Document.QuerySelector("#voice-preview")!.GetAttribute("src"));
        Assert.Single(fixture.OpenAi.Requests, r => r.Input == greeting);
    }

    private static Task<HttpResponseMessage> PostPreviewTextAsync(Owner owner, PortalPage studio, IReadOnlyDictionary<string, string> changes)
    {
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = studio.Value("#studio-form input[name=__RequestVerificationToken]")!,
            ["Agent.Name"] = changes["Agent.Name"],
            ["Agent.Voice"] = "alloy",
            ["Agent.Greeting"] = "Hello!",
            ["Agent.Language"] = "en-US",
            ["Agent.EscalationPolicy"] = "OnRequest",
        };
        return owner.Client.Http.PostAsync("/Agent?handler=PreviewText", new FormUrlEncodedContent(fields));
    }
}
