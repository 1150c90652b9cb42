using System.Globalization;

namespace Coordi.PartnerSample;

/// <summary>Where the cursor of the last processed event is kept between runs (a database row in a real integration).</summary>
public sealed class CursorFile(string path)
{
    public long Read() =>
        File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var cursor) ? cursor : 0;

    /// <summary>Written after the event was processed: a crash in between replays that one event, never skips it.</summary>
    public void Write(long cursor)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, cursor.ToString(CultureInfo.InvariantCulture));
        File.Move(temp, path, overwrite: true);
    }
}
