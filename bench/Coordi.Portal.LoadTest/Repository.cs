namespace Coordi.Portal.LoadTest;

internal static class Repository
{
    /// <summary>The folder holding Coordi.sln above the build output, so paths do not depend on the working directory.</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Coordi.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
