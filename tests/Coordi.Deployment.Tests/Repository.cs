namespace Coordi.Deployment.Tests;

/// <summary>The checkout these tests run from: the deployment files are read where they are kept, not copied.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Coordi.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Coordi.sln not found above " + AppContext.BaseDirectory);
    }
}
