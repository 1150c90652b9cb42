using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Coordi.Testing;

/// <summary>
/// A real S3-compatible server (s3rver, from tools/s3rver) as a child process on a free loopback port, storing
/// into a temporary folder deleted on dispose. Path-style URLs, credentials S3RVER/S3RVER.
/// </summary>
public sealed partial class S3Server : IAsyncDisposable
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    /// <summary>The bucket every voice edge of a test run shares unless a test gives its own.</summary>
    public const string DefaultBucket = "coordi-recordings";

    private static readonly Lazy<Task<S3Server>> SharedServer = new(() => StartAsync());

    private readonly Process _process;
    private readonly string _directory;

    private S3Server(Process process, string directory, Uri serviceUrl)
    {
        _process = process;
        _directory = directory;
        ServiceUrl = serviceUrl;
    }

    public Uri ServiceUrl { get; }

    /// <summary>One server for the whole test process, stopped when the process exits (and by the server itself if the process dies).</summary>
    public static Task<S3Server> SharedAsync() => SharedServer.Value;

    /// <summary>The voice edge's settings to keep recordings in <paramref name="bucket"/> on this server.</summary>
    public Dictionary<string, string?> VoiceSettings(string bucket = DefaultBucket) => new()
    {
        ["Coordi:Voice:Recordings:Bucket"] = bucket,
        ["Coordi:Voice:Recordings:ServiceUrl"] = ServiceUrl.ToString(),
        ["Coordi:Voice:Recordings:Region"] = "us-east-1",
        ["Coordi:Voice:Recordings:AccessKey"] = AccessKey,
        ["Coordi:Voice:Recordings:SecretKey"] = SecretKey,
        ["Coordi:Voice:Recordings:ForcePathStyle"] = "true",
    };

    public static async Task<S3Server> StartAsync()
    {
        var tool = Path.Combine(RepositoryRoot(), "tools", "s3rver");
        if (!Directory.Exists(Path.Combine(tool, "node_modules", "s3rver")))
        {
            await RunAsync("npm", $"ci --no-audit --no-fund --prefix \"{tool}\"");
        }

        var directory = Path.Combine(Path.GetTempPath(), "coordi-s3-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        var process = Process.Start(new ProcessStartInfo("node", $"start.js --port 0 --directory \"{directory}\" --parent {Environment.ProcessId}")
        {
            WorkingDirectory = tool,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("node could not be started.");

        var ready = process.StandardOutput.ReadLineAsync();
        if (await Task.WhenAny(ready, Task.Delay(TimeSpan.FromSeconds(30))) != ready || ready.Result is not { } line || ListeningLine().Match(line) is not { Success: true } match)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"s3rver did not start: {await process.StandardError.ReadToEndAsync()}");
        }

        var server = new S3Server(process, directory, new Uri(match.Groups[1].Value));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        return server;
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private void Stop()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }

            if (Directory.Exists(_directory))
            {
                Directory.Delete(_directory, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            // Best effort at exit: the server also stops itself when this process is gone.
        }
    }

    private static async Task RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed: {await error}");
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "tools", "s3rver", "package.json")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("tools/s3rver/package.json not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"listening on (http://\S+)")]
    private static partial Regex ListeningLine();
}
