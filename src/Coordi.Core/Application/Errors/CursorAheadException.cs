namespace Coordi.Core.Application.Errors;

/// <summary>
/// A stream was asked to resume after a cursor no event of the organization has reached yet. Waiting for it would
/// hide the caller's mistake (a cursor from another organization or environment) behind a silent stream.
/// </summary>
public sealed class CursorAheadException(long afterCursor, long latestCursor)
    : Exception($"Cursor {afterCursor} is past the organization's latest event (cursor {latestCursor}); cursors come from this organization's own events. Resume after cursor {latestCursor} or lower.")
{
    /// <summary>The highest cursor a stream can resume after.</summary>
    public long LatestCursor { get; } = latestCursor;
}
