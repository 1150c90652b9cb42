using Microsoft.Playwright;

namespace Coordi.Portal.BrowserTests.Infrastructure;

/// <summary>What a failed browser test leaves behind for diagnosis: a full-page screenshot, the HTML and the console.</summary>
public static class FailureArtifacts
{
    public static async Task SaveAsync(IPage page, string testName, IReadOnlyList<string> console)
    {
        var folder = RepositoryPaths.BrowserArtifacts;
        Directory.CreateDirectory(folder);
        var stem = Path.Combine(folder, $"{testName}-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        try
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = stem + ".png", FullPage = true, Timeout = 10_000 });
            await File.WriteAllTextAsync(stem + ".html", await page.ContentAsync());
        }
        catch (PlaywrightException)
        {
            // The page may be gone (closed or crashed); the console log below still helps, and the test's own failure matters more.
        }

        await File.WriteAllLinesAsync(stem + ".log", [$"url: {page.Url}", .. console]);
    }
}
