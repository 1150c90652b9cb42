using Microsoft.EntityFrameworkCore;

namespace Coordi.Core.Application;

/// <summary>Reads one page of an ordered query plus one row, which tells whether another page follows.</summary>
public static class KeysetPage
{
    public static async Task<(List<T> Items, string NextPageToken)> ToPageAsync<T>(
        this IQueryable<T> ordered, int requestedSize, Func<T, PageToken> positionOf, CancellationToken cancellationToken)
    {
        var size = PageToken.Size(requestedSize);
        var rows = await ordered.Take(size + 1).ToListAsync(cancellationToken);
        if (rows.Count <= size)
        {
            return (rows, "");
        }

        rows.RemoveAt(size);
        return (rows, positionOf(rows[^1]).Encode());
    }
}
