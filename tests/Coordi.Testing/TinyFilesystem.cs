using System.Diagnostics;

namespace Coordi.Testing;

/// <summary>
/// A real, very small filesystem (tmpfs) mounted on a fresh folder, to see what the code does when the disk is full.
/// Needs root, as CI and the development machines run; unmounted and removed on dispose.
/// </summary>
public sealed class TinyFilesystem : IDisposable
{
    public TinyFilesystem(int kilobytes)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "coordi-tiny-fs-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
        Run("mount", $"-t tmpfs -o size={kilobytes}k tmpfs \"{Path}\"");
    }

    public string Path { get; }

    /// <summary>Writes filler until the filesystem refuses more, leaving <paramref name="keepBytes"/> or less free.</summary>
    public void FillLeaving(int keepBytes)
    {
        var free = new DriveInfo(Path).AvailableFreeSpace;
        var filler = new byte[Math.Max(0, free - keepBytes)];
        File.WriteAllBytes(System.IO.Path.Combine(Path, "filler"), filler);
    }

    public void Dispose()
    {
        Run("umount", $"\"{Path}\"");
        Directory.Delete(Path, recursive: true);
    }

    private static void Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {error}");
        }
    }
}
