namespace Coordi.Portal.BrowserTests.Infrastructure;

/// <summary>Folders of the repository the tests run from.</summary>
public static class RepositoryPaths
{
    /// <summary>artifacts/browser/ at the repository root (git-ignored): screenshots of failed browser tests.</summary>
    public static string BrowserArtifacts => Path.Combine(Root, "artifacts", "browser");

    private static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Coordi.sln")))
                {
                    return dir.FullName;
                }
            }

            // Run from a copy of the build output: keep the artifacts next to it.
            return AppContext.BaseDirectory;
        }
    }
}
