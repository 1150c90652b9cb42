using System.Diagnostics;

namespace Coordi.Voice.UnitTests;

/// <summary>
/// A small tmpfs mounted on a fresh folder (needs root, as the test machines and CI run), which
/// <see cref="Fill"/> makes truly full: writes then fail with ENOSPC, as on a full volume. Unmounted on dispose.
/// </summary>
public sealed class TmpfsFolder : IDisposable
{
    private readonly string _mountPoint;

    public TmpfsFolder(int kilobytes = 64)
    {
        _mountPoint = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "coordi-tmpfs", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_mountPoint);
        Run("mount", "-t", "tmpfs", "-o", $"size={kilobytes}k", "tmpfs", _mountPoint);
    }

    public string Path => _mountPoint;

    /// <summary>Writes filler until the file system refuses; what the caller created before stays usable.</summary>
    public void Fill()
    {
        // Unbuffered, so the refusal comes from the write itself; smaller blocks take the last free bytes.
        using var filler = new FileStream(System.IO.Path.Combine(_mountPoint, "filler"), FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        foreach (var size in (int[])[4096, 512, 1])
        {
            var block = new byte[size];
            try
            {
                while (true)
                {
                    filler.Write(block);
                }
            }
            catch (IOException)
            {
                // No room for a block of this size.
            }
        }
    }

    public void Dispose()
    {
        Run("umount", "-l", _mountPoint);
        Directory.Delete(_mountPoint);
    }

    private static void Run(string command, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', args)} failed ({process.ExitCode}): {error}");
        }
    }
}
