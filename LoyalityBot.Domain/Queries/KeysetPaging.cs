using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Domain.Queries;

public static class KeysetPaging
{
    /// <summary>
    /// <c>WHERE key &lt; @after ORDER BY key DESC LIMIT size + 1</c> (or ascending): the cost of a page does not
    /// depend on its depth, and rows inserted meanwhile neither repeat nor vanish as they would with OFFSET.
    /// The key must be unique (an id) and lead an index together with the query's equality filters.
    /// </summary>
    public static async Task<Page<T>> ToKeysetPageAsync<T>(
        this IQueryable<T> query, Expression<Func<T, long>> key, bool descending, PageRequest page, CancellationToken cancellationToken)
        where T : class
    {
        if (page.After is { } cursor)
        {
            var after = cursor.After;
            Expression<Func<long>> boundary = () => after; // a captured variable, so EF sends it as a parameter
            var body = descending
                ? Expression.LessThan(key.Body, boundary.Body)
                : Expression.GreaterThan(key.Body, boundary.Body);
            query = query.Where(Expression.Lambda<Func<T, bool>>(body, key.Parameters));
        }
        query = descending ? query.OrderByDescending(key) : query.OrderBy(key);
        var rows = await query.AsNoTracking().Take(page.Size + 1).ToListAsync(cancellationToken);
        if (rows.Count <= page.Size)
        {
            return new Page<T>(rows, null);
        }
        rows.RemoveAt(page.Size);
        return new Page<T>(rows, new PageCursor(KeyReader<T>.For(key)(rows[^1])).Encode());
    }

    /// <summary>Compiling the key expression on every page would cost more than the query; compile once per key member.</summary>
    private static class KeyReader<T>
    {
        private static readonly ConcurrentDictionary<MemberInfo, Func<T, long>> Readers = new();

        public static Func<T, long> For(Expression<Func<T, long>> key) =>
            key.Body is MemberExpression { Member: var member }
                ? Readers.GetOrAdd(member, _ => key.Compile())
                : key.Compile();
    }
}
