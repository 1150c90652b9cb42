using System.Text.Json;
using Coordi.Contracts.V1;
using Coordi.Voice.Outbox;
using Google.Protobuf;

namespace Coordi.Voice.UnitTests.Outbox;

public sealed class OutboxEntryTests
{
    private const string CallId = "3f2b8c9e-1d4a-4b6c-9e8f-0a1b2c3d4e5f";

    [Fact]
    public void The_call_id_is_read_from_the_protobuf_json_payload()
    {
        var payload = JsonFormatter.Default.Format(new CompleteCallRequest { CallId = CallId, Status = CallStatus.Completed });

        Assert.Equal(CallId, new OutboxEntry(OutboxEntry.CompleteCall, "t-1", payload).CallId);
        Assert.Equal(CallId, new OutboxEntry(OutboxEntry.CompleteCall, "t-1", $$"""{"call_id":"{{CallId}}"}""").CallId);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"callId":""}""")]
    [InlineData("""{"callId":42}""")]
    [InlineData("[]")]
    [InlineData("not json")]
    public void Without_a_call_id_the_entry_belongs_to_no_call(string payload)
    {
        Assert.Null(new OutboxEntry(OutboxEntry.CreateLead, "t-1", payload).CallId);
    }

    [Fact]
    public void A_file_written_before_call_ids_and_attempts_were_stored_still_reads()
    {
        var json = $$"""{"Kind":"CompleteCall","TenantId":"t-1","PayloadJson":"{\"callId\":\"{{CallId}}\"}"}""";

        var entry = JsonSerializer.Deserialize<OutboxEntry>(json)!;

        Assert.Equal((CallId, 0, null), (entry.CallId, entry.Attempts, entry.LastError));
    }

    [Fact]
    public void Attempts_and_the_last_error_survive_a_round_trip()
    {
        var entry = new OutboxEntry(OutboxEntry.CreateLead, "t-1", "{}") { Attempts = 3, LastError = "Internal: boom", ParkedAt = DateTimeOffset.UnixEpoch };

        Assert.Equal(entry, JsonSerializer.Deserialize<OutboxEntry>(JsonSerializer.Serialize(entry)));
    }
}
