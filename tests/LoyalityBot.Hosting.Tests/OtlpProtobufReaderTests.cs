using LoyalityBot.Hosting.Dashboard;

namespace LoyalityBot.Hosting.Tests;

public sealed class OtlpProtobufReaderTests
{
    // Protobuf by hand: tag = field << 3 | wire type 2 (length-delimited), then the length, then the bytes.
    private static byte[] Field(int field, params byte[][] content)
    {
        var body = content.SelectMany(c => c).ToArray();
        return [(byte)(field << 3 | 2), (byte)body.Length, .. body];
    }

    private static byte[] Text(int field, string text) => Field(field, System.Text.Encoding.UTF8.GetBytes(text));

    private static byte[] Attribute(string key, string value) => Field(1, Text(1, key), Field(2, Text(1, value)));

    [Fact]
    public void Spans_are_read_with_their_service_and_instance()
    {
        var resource = Field(1, Attribute("service.name", "bots"), Attribute("service.instance.id", "bots-2"));
        var span = Field(2, [0x08, 0x01], Text(5, "POST /webhook")); // a varint field first, which is skipped
        var request = Field(1, resource, Field(2, Text(1, "scope"), span, Field(2, Text(5, "redis SET"))));

        var items = OtlpProtobufReader.Read(request, OtlpProtobufReader.Signal.Traces);

        Assert.Equal([new("bots", "bots-2", "POST /webhook"), new("bots", "bots-2", "redis SET")], items);
    }

    [Fact]
    public void Log_bodies_and_metric_names_are_read()
    {
        var resource = Field(1, Attribute("service.name", "api"));

        var logs = OtlpProtobufReader.Read(Field(1, resource, Field(2, Field(2, Field(5, Text(1, "Request finished"))))), OtlpProtobufReader.Signal.Logs);
        var metrics = OtlpProtobufReader.Read(Field(1, resource, Field(2, Field(2, Text(1, "http.server.request.duration")))), OtlpProtobufReader.Signal.Metrics);

        Assert.Equal("Request finished", Assert.Single(logs).Text);
        Assert.Equal(new OtlpProtobufReader.Item("api", null, "http.server.request.duration"), Assert.Single(metrics));
    }

    [Fact]
    public void A_truncated_request_is_a_format_error()
    {
        var request = Field(1, Field(1, Attribute("service.name", "api")));

        Assert.Throws<FormatException>(() => OtlpProtobufReader.Read(request[..^3], OtlpProtobufReader.Signal.Traces));
    }
}
