using Coordi.Core.Application.Errors;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Coordi.Core.Validation;

/// <summary>
/// Rules every request obeys whatever its type, checked on the message itself so no field can be forgotten:
/// no NUL in any string (PostgreSQL cannot store or compare it, so it used to surface as INTERNAL) and every
/// timestamp a real instant inside the years the service keeps (out-of-range nanos or years 0 and 10000 used to
/// overflow the date arithmetic further in).
/// </summary>
public static class RequestValueRules
{
    /// <summary>The first and last instants any request may name; business dates never leave this span.</summary>
    public static readonly DateTime Earliest = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static readonly DateTime Latest = new(2199, 12, 31, 23, 59, 59, DateTimeKind.Utc);

    public static bool IsInRange(DateOnly day) =>
        day >= DateOnly.FromDateTime(Earliest) && day <= DateOnly.FromDateTime(Latest);

    public static IReadOnlyList<FieldViolation> Violations(IMessage message)
    {
        var violations = new List<FieldViolation>();
        Walk(message, "", violations, depth: 0);
        return violations;
    }

    private static void Walk(IMessage message, string path, List<FieldViolation> violations, int depth)
    {
        if (depth > 32)
        {
            return; // the contract nests far less; a deeper message is bounded by the parser's own recursion limit
        }

        if (message is Timestamp timestamp)
        {
            CheckTimestamp(timestamp, path, violations);
            return;
        }

        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var name = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
            var value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                foreach (System.Collections.DictionaryEntry entry in (System.Collections.IDictionary)value)
                {
                    Check(entry.Key, field.MessageType.FindFieldByNumber(1), $"{name}[{entry.Key}]", violations, depth);
                    Check(entry.Value, field.MessageType.FindFieldByNumber(2), $"{name}[{entry.Key}]", violations, depth);
                }
            }
            else if (field.IsRepeated)
            {
                var i = 0;
                foreach (var item in (System.Collections.IEnumerable)value)
                {
                    Check(item, field, $"{name}[{i++}]", violations, depth);
                }
            }
            else
            {
                Check(value, field, name, violations, depth);
            }
        }
    }

    private static void Check(object? value, FieldDescriptor field, string path, List<FieldViolation> violations, int depth)
    {
        switch (value)
        {
            case string text when text.Contains('\0'):
                violations.Add(new FieldViolation(path, "The text contains a NUL character (U+0000), which is not allowed."));
                break;
            case IMessage nested when field.FieldType == FieldType.Message:
                Walk(nested, path, violations, depth + 1);
                break;
        }
    }

    private static void CheckTimestamp(Timestamp timestamp, string path, List<FieldViolation> violations)
    {
        if (timestamp.Nanos is < 0 or > 999_999_999)
        {
            violations.Add(new FieldViolation(path, "The timestamp's nanos must be between 0 and 999,999,999."));
            return;
        }

        var earliest = Timestamp.FromDateTime(Earliest).Seconds;
        var latest = Timestamp.FromDateTime(Latest).Seconds;
        if (timestamp.Seconds < earliest || timestamp.Seconds > latest)
        {
            violations.Add(new FieldViolation(path, $"The timestamp must fall between {Earliest:yyyy-MM-dd} and {Latest:yyyy-MM-dd}."));
        }
    }
}
