using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace Coordi.Core.Application;

public enum KeysetOrder
{
    Ascending,
    Descending,
}

/// <summary>Keyset paging over a timestamp and the row's <c>Id</c>, the order every list of the API uses.</summary>
public static class KeysetPage
{
    private static readonly MethodInfo GuidCompareTo = typeof(Guid).GetMethod(nameof(Guid.CompareTo), [typeof(Guid)])!;

    /// <summary>
    /// One page of <paramref name="query"/> in (<paramref name="key"/>, Id) order, after the row a previous page's
    /// token names, and the token of the next page ("" when none follows).
    /// </summary>
    /// <param name="key">A timestamp property of the row, e.g. <c>l => l.CreatedAt</c>; the row also has a Guid <c>Id</c>.</param>
    public static async Task<(List<T> Items, string NextPageToken)> PageAsync<T>(
        this IQueryable<T> query, Expression<Func<T, DateTime>> key, KeysetOrder order, string? pageToken, int pageSize,
        CancellationToken cancellationToken)
    {
        var keyProperty = (key.Body as MemberExpression)?.Member as PropertyInfo
            ?? throw new ArgumentException("The key must be a property of the row.", nameof(key));
        var row = key.Parameters[0];
        var id = Expression.Property(row, "Id");
        if (PageToken.Decode(pageToken) is { } token)
        {
            query = query.Where(After<T>(key.Body, id, new Position { At = token.At, Id = token.Id }, order, row));
        }

        var byId = Expression.Lambda<Func<T, Guid>>(id, row);
        var ordered = order == KeysetOrder.Descending
            ? query.OrderByDescending(key).ThenByDescending(byId)
            : query.OrderBy(key).ThenBy(byId);
        var size = PageToken.Size(pageSize);
        var rows = await ordered.Take(size + 1).ToListAsync(cancellationToken);
        if (rows.Count <= size)
        {
            return (rows, "");
        }

        rows.RemoveAt(size);
        var last = rows[^1]!;
        var next = new PageToken((DateTime)keyProperty.GetValue(last)!, (Guid)((PropertyInfo)id.Member).GetValue(last)!);
        return (rows, next.Encode());
    }

    // (key, id) beyond the position in the page's direction. The position is read through a field of an object, so
    // EF Core sends it as parameters and the query stays one cached plan.
    private static Expression<Func<T, bool>> After<T>(Expression key, MemberExpression id, Position position, KeysetOrder order, ParameterExpression row)
    {
        var at = Expression.Field(Expression.Constant(position), nameof(Position.At));
        var afterId = Expression.Field(Expression.Constant(position), nameof(Position.Id));
        var idComparison = Expression.Call(id, GuidCompareTo, afterId);
        var zero = Expression.Constant(0);
        var beyond = order == KeysetOrder.Descending
            ? Expression.OrElse(Expression.LessThan(key, at), Expression.AndAlso(Expression.Equal(key, at), Expression.LessThan(idComparison, zero)))
            : Expression.OrElse(Expression.GreaterThan(key, at), Expression.AndAlso(Expression.Equal(key, at), Expression.GreaterThan(idComparison, zero)));
        return Expression.Lambda<Func<T, bool>>(beyond, row);
    }

    private sealed class Position
    {
        public DateTime At;
        public Guid Id;
    }
}
