namespace Coordi.Deployment.Tests.ScaleOut;

/// <summary>
/// Where the voice edge's own build output is: src/Coordi.Voice/bin/&lt;Configuration&gt;/&lt;tfm&gt;/Coordi.Voice.dll,
/// with the configuration and target framework this test assembly was built with (the test project references
/// the edge through Coordi.Testing, so building the tests builds it). Run from there, the process gets exactly
/// the dependencies and runtimeconfig of its own project, as the container image does.
/// </summary>
public static class VoiceBuild
{
    private static readonly Lazy<string> Located = new(Locate);

    public static string Dll => Located.Value;

    private static string Locate()
    {
        // AppContext.BaseDirectory is tests/Coordi.Deployment.Tests/bin/<Configuration>/<tfm>/.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = output.Name;
        var configuration = output.Parent?.Name ?? "Debug";
        var dll = Repository.PathOf("src", "Coordi.Voice", "bin", configuration, tfm, "Coordi.Voice.dll");
        if (!File.Exists(dll) || !File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")))
        {
            throw new FileNotFoundException($"The voice edge is not built at {dll}; build the test project (it builds src/Coordi.Voice).", dll);
        }

        return dll;
    }
}
