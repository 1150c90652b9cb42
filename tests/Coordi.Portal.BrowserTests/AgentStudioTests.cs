using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coordi.Portal.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed partial class AgentStudioTests(BrowserFixture fixture)
{
    [Fact]
    public Task Tuning_shows_live_in_the_prompt_preview_is_saved_and_survives_a_reload() => fixture.InBrowserAsync(async page =>
    {
        var owner = await BrowserOwners.NewAsync(fixture, page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Agent studio" }).ClickAsync();
        var preview = page.Locator("#prompt-preview");
        await Expect(preview).ToContainTextAsync("You are ");
        await Expect(preview).Not.ToContainTextAsync("very warm and reassuring");

        // Sliders moved with the keyboard, as an owner would; each shows its value next to it.
        await MoveSliderAsync(page, "Warmth", "End");
        await MoveSliderAsync(page, "Formality", "Home");
        await page.GetByLabel("Pace").FillAsync("75");
        await Expect(page.Locator("#Agent_Warmth_value")).ToHaveTextAsync("100");
        await Expect(page.Locator("#Agent_Formality_value")).ToHaveTextAsync("0");
        await Expect(page.Locator("#Agent_Pace_value")).ToHaveTextAsync("75");
        await page.GetByLabel("Receptionist's name").FillAsync("Morgan");
        await page.GetByLabel("Extra instructions").FillAsync("Mention the spring tune-up special.");

        // The preview follows the unsaved edits through the page's script, without a page load.
        await Expect(page.Locator("#prompt-state")).ToHaveTextAsync("Preview of unsaved changes.");
        await Expect(preview).ToContainTextAsync("You are Morgan");
        await Expect(preview).ToContainTextAsync("Tone: very warm and reassuring, very casual.");
        await Expect(preview).ToContainTextAsync("Pace: brisk.");
        await Expect(preview).ToContainTextAsync("Mention the spring tune-up special.");
        Assert.NotEqual("Morgan", (await owner.Core.Profiles.GetAgentProfileAsync(new GetAgentProfileRequest())).Name);

        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved." })).ToBeVisibleAsync();

        var profile = await owner.Core.Profiles.GetAgentProfileAsync(new GetAgentProfileRequest());
        Assert.Equal(("Morgan", 100, 0, 75), (profile.Name, profile.Warmth, profile.Formality, profile.Pace));
        Assert.Equal("Mention the spring tune-up special.", profile.CustomInstructions);

        await page.ReloadAsync();
        await Expect(page.GetByLabel("Receptionist's name")).ToHaveValueAsync("Morgan");
        await Expect(page.GetByLabel("Warmth")).ToHaveValueAsync("100");
        await Expect(page.GetByLabel("Formality")).ToHaveValueAsync("0");
        await Expect(page.GetByLabel("Pace")).ToHaveValueAsync("75");
        await Expect(page.Locator("#Agent_Warmth_value")).ToHaveTextAsync("100");
        await Expect(page.GetByLabel("Extra instructions")).ToHaveValueAsync("Mention the spring tune-up special.");
        await Expect(preview).ToContainTextAsync("You are Morgan");
        await Expect(preview).ToContainTextAsync("Tone: very warm and reassuring, very casual.");
        await Expect(page.Locator("#prompt-state")).ToHaveTextAsync("");
    });

    [Fact]
    public Task The_voice_preview_plays_the_greeting_spoken_by_openai() => fixture.InBrowserAsync(async page =>
    {
        await BrowserOwners.NewAsync(fixture, page);
        var key = "sk-test-" + Guid.NewGuid().ToString("N");
        await page.GetByRole(AriaRole.Link, new() { Name = "Integrations" }).ClickAsync();
        await page.Locator("#Input_OpenAiApiKey").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save integrations" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Integrations saved.");
        await Expect(page.Locator("#openai-key-saved")).ToContainTextAsync("Saved: ");

        await page.GotoAsync("/Agent");
        var greeting = "Thanks for calling, this is a browser test " + Guid.NewGuid().ToString("N")[..6] + ".";
        await page.GetByLabel("Voice").SelectOptionAsync("verse");
        await page.GetByLabel("Greeting").FillAsync(greeting);
        var audioLoaded = page.WaitForResponseAsync(r => AudioHandler().IsMatch(r.Url));
        await page.GetByRole(AriaRole.Button, new() { Name = "Hear the greeting" }).ClickAsync();

        var player = page.Locator("audio#voice-preview");
        await Expect(player).ToHaveAttributeAsync("src", AudioHandler());
        var src = await player.EvaluateAsync<string>("audio => audio.currentSrc");
        Assert.Matches(AudioHandler(), src);
        await Expect(page.GetByText("The greeting in the verse voice:")).ToBeVisibleAsync();

        // The browser fetched the clip from the portal, which got it from (fake) OpenAI with the organization's key.
        var response = await audioLoaded;
        Assert.True(response.Ok, $"The audio answered {response.Status}.");
        Assert.Equal("audio/mpeg", (await response.HeaderValueAsync("content-type"))?.Split(';')[0]);
        var clip = await page.Context.APIRequest.GetAsync(src);
        Assert.Equal(FakeOpenAiSpeech.Audio, await clip.BodyAsync());
        var request = Assert.Single(fixture.OpenAi.Requests, r => r.Input == greeting);
        Assert.Equal(("verse", "Bearer " + key), (request.Voice, request.Authorization));
    });

    private static async Task MoveSliderAsync(IPage page, string label, string key)
    {
        var slider = page.GetByLabel(label, new() { Exact = true });
        await slider.FocusAsync();
        await slider.PressAsync(key);
    }

    [GeneratedRegex(@"/Agent\?handler=Audio&key=")]
    private static partial Regex AudioHandler();
}
