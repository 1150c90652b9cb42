namespace Coordi.Core.Application.Errors;

/// <summary>A stream was asked to resume from a cursor whose following events have been deleted by retention.</summary>
public sealed class CursorExpiredException(long afterCursor, long oldestCursor, int retentionDays)
    : Exception($"Events up to cursor {oldestCursor} were deleted after {retentionDays} days, so the stream cannot resume after cursor {afterCursor}. Resume after cursor {oldestCursor}, and read what changed meanwhile with the list methods.")
{
    /// <summary>The lowest cursor a stream can resume after.</summary>
    public long OldestCursor { get; } = oldestCursor;
}
