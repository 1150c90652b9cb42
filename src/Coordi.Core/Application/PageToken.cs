using System.Buffers.Text;
using System.Text;
using Coordi.Core.Application.Errors;

namespace Coordi.Core.Application;

/// <summary>
/// Keyset position (sort timestamp, id) of the last row of a page, opaque to clients. Keyset paging stays
/// fast and stable while rows are added, unlike offsets.
/// </summary>
public readonly record struct PageToken(DateTime At, Guid Id)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public string Encode() => Base64Url.EncodeToString(Encoding.ASCII.GetBytes($"{At.Ticks}:{Id:N}"));

    public static PageToken? Decode(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(token)).Split(':');
            if (parts.Length == 2 && long.TryParse(parts[0], out var ticks) && Guid.TryParseExact(parts[1], "N", out var id)
                && ticks >= DateTime.MinValue.Ticks && ticks <= DateTime.MaxValue.Ticks)
            {
                return new PageToken(new DateTime(ticks, DateTimeKind.Utc), id);
            }
        }
        catch (FormatException)
        {
        }

        throw RequestValidationException.For("page_token", "is not a token returned by this list; pass next_page_token unchanged.");
    }

    public static int Size(int requested) => requested <= 0 ? DefaultPageSize : Math.Min(requested, MaxPageSize);
}
