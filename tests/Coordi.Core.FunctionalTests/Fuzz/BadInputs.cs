using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Coordi.Core.FunctionalTests.Fuzz;

/// <summary>One spoiled request: what was done to it, and the bytes sent on the wire.</summary>
public sealed record BadInput(string Label, byte[] Payload);

/// <summary>
/// Generates bad versions of a valid request: each string, number, enum, timestamp and repeated field in turn given a
/// value a careless or hostile client might send (NUL, a lone surrogate, oversize text, extreme numbers, out-of-range
/// timestamps, far-off dates, huge lists), plus bytes that are not protobuf at all.
/// </summary>
public static class BadInputs
{
    private const string SurrogateMarker = "SURROGATE";
    private const long YearZero = -62_167_219_200;      // 0000-01-01T00:00:00Z
    private const long YearTenThousand = 253_402_300_800; // 10000-01-01T00:00:00Z

    /// <summary>Bytes that no request message parses from.</summary>
    public static IEnumerable<BadInput> Malformed()
    {
        yield return new("malformed: a field of wire type 7", [0xFF]);
        yield return new("malformed: truncated varint", [0x08, 0xFF]);
        yield return new("malformed: length past the end", [0x0A, 0x7F, 0x41]);
        yield return new("malformed: 11-byte varint", [0x08, .. Enumerable.Repeat((byte)0xFF, 10), 0x01]);
        yield return new("malformed: group never ended", [0x0B]);
    }

    public static IEnumerable<BadInput> For(IMessage valid)
    {
        foreach (var (label, spoil) in Spoilers(valid.Descriptor, "", m => m))
        {
            var copy = valid.Descriptor.Parser.ParseFrom(valid.ToByteArray());
            spoil(copy);
            var payload = copy.ToByteArray();
            if (label.EndsWith("lone surrogate", StringComparison.Ordinal))
            {
                payload = WithLoneSurrogate(payload);
            }

            yield return new(label, payload);
        }
    }

    /// <summary>Spoilers of every field of a message type, and of the fields of its nested messages (one level).</summary>
    private static IEnumerable<(string Label, Action<IMessage> Spoil)> Spoilers(MessageDescriptor type, string path, Func<IMessage, IMessage> reach, int depth = 0)
    {
        foreach (var field in type.Fields.InFieldNumberOrder())
        {
            var name = path + field.Name;
            if (field.IsMap)
            {
                continue;
            }

            if (field.IsRepeated)
            {
                if (field.FieldType == FieldType.String)
                {
                    yield return ($"{name}: 5000 entries", m => Fill(reach(m), field, () => "x", 5000));
                    yield return ($"{name}: NUL entry", m => Fill(reach(m), field, () => "a\0b", 1));
                }
                else if (field.FieldType == FieldType.Message)
                {
                    yield return ($"{name}: 5000 entries", m => Fill(reach(m), field, () => field.MessageType.Parser.ParseFrom(ByteString.Empty), 5000));
                }

                continue;
            }

            switch (field.FieldType)
            {
                case FieldType.String:
                    yield return ($"{name}: NUL", m => Set(reach(m), field, "before\0after"));
                    yield return ($"{name}: only NUL", m => Set(reach(m), field, "\0"));
                    yield return ($"{name}: 200000 characters", m => Set(reach(m), field, new string('x', 200_000)));
                    yield return ($"{name}: lone surrogate", m => Set(reach(m), field, SurrogateMarker));
                    yield return ($"{name}: control characters", m => Set(reach(m), field, "\u0001\u001b[2J\u007f"));
                    if (field.Name.EndsWith("date", StringComparison.Ordinal))
                    {
                        yield return ($"{name}: 9999-12-31", m => Set(reach(m), field, "9999-12-31"));
                        yield return ($"{name}: 0001-01-01", m => Set(reach(m), field, "0001-01-01"));
                    }

                    break;
                case FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32:
                    yield return ($"{name}: int.MaxValue", m => Set(reach(m), field, int.MaxValue));
                    yield return ($"{name}: int.MinValue", m => Set(reach(m), field, int.MinValue));
                    yield return ($"{name}: -1", m => Set(reach(m), field, -1));
                    break;
                case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64:
                    yield return ($"{name}: long.MaxValue", m => Set(reach(m), field, long.MaxValue));
                    yield return ($"{name}: long.MinValue", m => Set(reach(m), field, long.MinValue));
                    yield return ($"{name}: -1", m => Set(reach(m), field, -1L));
                    break;
                case FieldType.UInt32 or FieldType.Fixed32:
                    yield return ($"{name}: uint.MaxValue", m => Set(reach(m), field, uint.MaxValue));
                    break;
                case FieldType.UInt64 or FieldType.Fixed64:
                    yield return ($"{name}: ulong.MaxValue", m => Set(reach(m), field, ulong.MaxValue));
                    break;
                case FieldType.Double:
                    yield return ($"{name}: NaN", m => Set(reach(m), field, double.NaN));
                    yield return ($"{name}: -infinity", m => Set(reach(m), field, double.NegativeInfinity));
                    break;
                case FieldType.Enum:
                    yield return ($"{name}: undeclared value 999", m => Set(reach(m), field, 999));
                    break;
                case FieldType.Message when field.MessageType.FullName == Timestamp.Descriptor.FullName:
                    yield return ($"{name}: nanos -1", m => Set(reach(m), field, new Timestamp { Seconds = 1_800_000_000, Nanos = -1 }));
                    yield return ($"{name}: nanos 1e9", m => Set(reach(m), field, new Timestamp { Seconds = 1_800_000_000, Nanos = 1_000_000_000 }));
                    yield return ($"{name}: year 0", m => Set(reach(m), field, new Timestamp { Seconds = YearZero }));
                    yield return ($"{name}: year 10000", m => Set(reach(m), field, new Timestamp { Seconds = YearTenThousand }));
                    yield return ($"{name}: 9999-12-31", m => Set(reach(m), field, new Timestamp { Seconds = YearTenThousand - 86_400 }));
                    break;
                case FieldType.Message when depth == 0 && !field.MessageType.FullName.StartsWith("google.", StringComparison.Ordinal):
                    var nested = field;
                    foreach (var spoiler in Spoilers(field.MessageType, name + ".", m => Nested(reach(m), nested), depth + 1))
                    {
                        yield return spoiler;
                    }

                    break;
            }
        }
    }

    private static void Set(IMessage message, FieldDescriptor field, object value) => field.Accessor.SetValue(message, value);

    private static IMessage Nested(IMessage message, FieldDescriptor field)
    {
        if (field.Accessor.GetValue(message) is IMessage existing)
        {
            return existing;
        }

        var created = field.MessageType.Parser.ParseFrom(ByteString.Empty);
        field.Accessor.SetValue(message, created);
        return created;
    }

    private static void Fill(IMessage message, FieldDescriptor field, Func<object> value, int count)
    {
        var list = (System.Collections.IList)field.Accessor.GetValue(message);
        for (var i = 0; i < count; i++)
        {
            list.Add(value());
        }
    }

    /// <summary>
    /// Protobuf libraries refuse to encode a lone surrogate, but a JavaScript client's encoder sends its CESU-8 bytes
    /// (ED A0 80): the marker text is replaced in place by those bytes, padded to the same length.
    /// </summary>
    private static byte[] WithLoneSurrogate(byte[] payload)
    {
        var marker = Encoding.ASCII.GetBytes(SurrogateMarker);
        var at = payload.AsSpan().IndexOf(marker);
        if (at < 0)
        {
            return payload;
        }

        var result = payload.ToArray();
        byte[] replacement = [0xED, 0xA0, 0x80, .. Enumerable.Repeat((byte)'a', marker.Length - 3)];
        replacement.CopyTo(result, at);
        return result;
    }
}
