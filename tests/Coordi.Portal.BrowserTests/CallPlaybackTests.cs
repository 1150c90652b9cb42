using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coordi.Portal.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class CallPlaybackTests(BrowserFixture fixture)
{
    private const int RecordingSeconds = 3;

    /// <summary>
    /// Plays the page's recording (which is what loads a preload="none" element) and reports what the element
    /// loaded once it has both its metadata and an answer to play(); or as soon as it fails. The timeout only
    /// keeps a broken page from hanging the run: it makes the assertions fail with what was seen so far.
    /// </summary>
    private const string PlayAndReport = """
        audio => new Promise(resolve => {
          const report = played => resolve({
            readyState: audio.readyState,
            duration: audio.duration,
            error: audio.error ? audio.error.code : 0,
            currentSrc: audio.currentSrc,
            played,
          });
          const metadata = new Promise(done => audio.addEventListener("loadedmetadata", done, { once: true }));
          const failed = new Promise(done => audio.addEventListener("error", () => done("media error"), { once: true }));
          const played = audio.play().then(() => "playing", e => e.name);
          const stuck = new Promise(done => setTimeout(() => done("no answer"), 60000));
          Promise.race([Promise.all([metadata, played]).then(([, result]) => result), failed, stuck]).then(report);
        })
        """;

    [Fact]
    public Task A_calls_page_shows_the_conversation_and_plays_its_recording_from_the_voice_edge() => fixture.InBrowserAsync(async page =>
    {
        var owner = await BrowserOwners.NewAsync(fixture, page);
        var seeded = await Seed.CallWithLeadAsync(fixture.Core, owner.Core);
        await Recordings.WriteAsync(fixture.Voice, seeded.Call, owner.Core.TenantId, RecordingSeconds);

        await page.GetByRole(AriaRole.Link, new() { Name = "Calls", Exact = true }).ClickAsync();
        await page.Locator($"#calls a[href='/Calls/{seeded.Call.Id}']").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Call from (512) 555-0143");
        await Expect(page.Locator("#call-outcome")).ToHaveTextAsync("Lead captured");
        await Expect(page.Locator("#transcript li")).ToHaveCountAsync(3);
        await Expect(page.Locator("#transcript li.turn-caller")).ToContainTextAsync("my water heater is leaking in the garage");
        await Expect(page.Locator("#tool-invocations li")).ToContainTextAsync("create_lead");
        await Expect(page.Locator("#call-leads a")).ToHaveAttributeAsync("href", $"/Leads/{seeded.Lead.Id}");

        var audio = page.Locator("audio");
        var src = await audio.GetAttributeAsync("src");
        Assert.StartsWith(new Uri(fixture.Voice.BaseAddress, "/recordings?").ToString(), src, StringComparison.Ordinal);

        var served = page.WaitForResponseAsync(r => r.Url.StartsWith(fixture.Voice.BaseAddress + "recordings?", StringComparison.Ordinal));
        var loaded = await audio.EvaluateAsync<JsonElement>(PlayAndReport);

        // The element loaded the voice edge's WAV through the signed link: the page's CSP let it, and the
        // length the browser read from the file's header is the recording's.
        Assert.Equal("playing", loaded.GetProperty("played").GetString());
        Assert.Equal(0, loaded.GetProperty("error").GetInt32());
        Assert.Equal(src, loaded.GetProperty("currentSrc").GetString());
        Assert.True(loaded.GetProperty("readyState").GetInt32() >= 1, $"readyState {loaded.GetProperty("readyState")}");
        Assert.Equal(RecordingSeconds, loaded.GetProperty("duration").GetDouble(), precision: 2);
        var response = await served;
        Assert.True(response.Status is 200 or 206, $"The recording answered {response.Status}.");
        Assert.Equal("audio/wav", await response.HeaderValueAsync("content-type"));
    });
}
