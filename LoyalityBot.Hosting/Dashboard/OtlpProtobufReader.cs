using System.Text;

namespace LoyalityBot.Hosting.Dashboard;

/// <summary>
/// Reads the few fields the dashboard shows from OTLP/HTTP protobuf export requests (traces, logs, metrics),
/// straight from the protobuf wire format: every request is resources → scopes → items, each resource
/// carrying <c>service.name</c> and <c>service.instance.id</c> attributes.
/// </summary>
internal static class OtlpProtobufReader
{
    public enum Signal
    {
        Traces,
        Logs,
        Metrics,
    }

    public sealed record Item(string ServiceName, string? InstanceId, string Text);

    public static List<Item> Read(ReadOnlySpan<byte> request, Signal signal)
    {
        var items = new List<Item>();
        foreach (var (field, resourceData) in Fields(request))
        {
            if (field != 1)
            {
                continue;
            }
            string service = "unknown_service", instance = "";
            var texts = new List<string>();
            foreach (var (resourceField, value) in Fields(resourceData))
            {
                if (resourceField == 1)
                {
                    ReadResourceAttributes(value, ref service, ref instance);
                }
                else if (resourceField == 2)
                {
                    foreach (var (scopeField, itemData) in Fields(value))
                    {
                        if (scopeField == 2)
                        {
                            texts.Add(ItemText(itemData, signal));
                        }
                    }
                }
            }
            items.AddRange(texts.Select(t => new Item(service, instance.Length == 0 ? null : instance, t)));
        }
        return items;
    }

    private static void ReadResourceAttributes(ReadOnlySpan<byte> resource, ref string service, ref string instance)
    {
        foreach (var (field, attribute) in Fields(resource))
        {
            if (field != 1)
            {
                continue;
            }
            string? key = null, value = null;
            foreach (var (attributeField, data) in Fields(attribute))
            {
                if (attributeField == 1)
                {
                    key = Encoding.UTF8.GetString(data);
                }
                else if (attributeField == 2)
                {
                    value = AnyValueString(data);
                }
            }
            if (key == "service.name" && value is not null)
            {
                service = value;
            }
            else if (key == "service.instance.id" && value is not null)
            {
                instance = value;
            }
        }
    }

    /// <summary>A span's name (field 5), a log record's body (field 5, an AnyValue) or a metric's name (field 1).</summary>
    private static string ItemText(ReadOnlySpan<byte> item, Signal signal)
    {
        var wanted = signal == Signal.Metrics ? 1 : 5;
        foreach (var (field, data) in Fields(item))
        {
            if (field == wanted)
            {
                return signal == Signal.Logs ? AnyValueString(data) ?? "" : Encoding.UTF8.GetString(data);
            }
        }
        return "";
    }

    private static string? AnyValueString(ReadOnlySpan<byte> anyValue)
    {
        foreach (var (field, data) in Fields(anyValue))
        {
            if (field == 1)
            {
                return Encoding.UTF8.GetString(data);
            }
        }
        return null;
    }

    /// <summary>The length-delimited fields of a message (wire type 2); other wire types are skipped.</summary>
    private static List<(int Field, byte[] Data)> Fields(ReadOnlySpan<byte> message)
    {
        var fields = new List<(int, byte[])>();
        var position = 0;
        while (position < message.Length)
        {
            var tag = ReadVarint(message, ref position);
            var field = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0:
                    ReadVarint(message, ref position);
                    break;
                case 1:
                    position += 8;
                    break;
                case 2:
                    var length = checked((int)ReadVarint(message, ref position));
                    if (length < 0 || position + length > message.Length)
                    {
                        throw new FormatException("Truncated protobuf field.");
                    }
                    fields.Add((field, message.Slice(position, length).ToArray()));
                    position += length;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw new FormatException($"Unsupported protobuf wire type {tag & 7}.");
            }
        }
        return fields;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= data.Length)
            {
                throw new FormatException("Truncated protobuf varint.");
            }
            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
        throw new FormatException("Protobuf varint too long.");
    }
}
