using Coordi.Voice.Outbox;
using Microsoft.Extensions.Options;

namespace Coordi.Voice.UnitTests.Outbox;

/// <summary>Failure counts kept with the entry, parking and replay, on a real folder.</summary>
public sealed class ParkingTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_failure_count_survives_a_restart()
    {
        var outbox = NewOutbox();
        await outbox.EnqueueAsync(Entry("call-a", "first"));
        var pending = outbox.Pending()[0];

        await outbox.RecordFailureAsync(pending, pending.Entry with { Attempts = 3, LastError = "Internal: boom" });

        var reread = Assert.Single(NewOutbox().Pending());
        Assert.Equal((pending.Name, 3, "Internal: boom"), (reread.Name, reread.Entry.Attempts, reread.Entry.LastError));
    }

    [Fact]
    public async Task A_parked_entry_leaves_the_line_and_is_listed_with_its_reason()
    {
        var outbox = NewOutbox();
        await outbox.EnqueueAsync(Entry("call-a", "poison"));
        await outbox.EnqueueAsync(Entry("call-a", "later"));
        var poison = outbox.Pending()[0];
        var parkedAt = new DateTimeOffset(2026, 12, 4, 15, 0, 0, TimeSpan.Zero);

        await outbox.ParkAsync(poison, poison.Entry with { Attempts = 1, LastError = "InvalidArgument: bad phone", ParkedAt = parkedAt });

        Assert.Equal(["later"], NewOutbox().Pending().Select(p => p.Entry.TenantId));
        var parked = Assert.Single(NewOutbox().Parked());
        Assert.Equal((poison.Name, "poison", "call-a", "InvalidArgument: bad phone", parkedAt),
            (parked.Name, parked.Entry.TenantId, parked.Entry.CallId, parked.Entry.LastError, parked.Entry.ParkedAt));
        Assert.Equal(1, outbox.ParkedCount);
        Assert.Equal(1, outbox.Depth);
    }

    [Fact]
    public async Task Replay_puts_parked_entries_back_in_their_place_with_a_fresh_count()
    {
        var outbox = NewOutbox();
        await outbox.EnqueueAsync(Entry("call-a", "a-1"));
        await outbox.EnqueueAsync(Entry("call-b", "b-1"));
        await outbox.EnqueueAsync(Entry("call-a", "a-2"));
        foreach (var pending in outbox.Pending().Where(p => p.Entry.TenantId is "a-1" or "b-1"))
        {
            await outbox.ParkAsync(pending, pending.Entry with { Attempts = 8, LastError = "Internal: boom", ParkedAt = DateTimeOffset.UnixEpoch });
        }

        var replayed = await outbox.ReplayParkedAsync(callId: "call-a");

        Assert.Equal(1, replayed);
        Assert.Equal(["a-1", "a-2"], outbox.Pending().Select(p => p.Entry.TenantId));
        Assert.Equal((0, null, null), (outbox.Pending()[0].Entry.Attempts, outbox.Pending()[0].Entry.LastError, outbox.Pending()[0].Entry.ParkedAt));
        Assert.Equal("b-1", Assert.Single(outbox.Parked()).Entry.TenantId);

        Assert.Equal(1, await outbox.ReplayParkedAsync());
        Assert.Empty(outbox.Parked());
        Assert.Equal(["a-1", "b-1", "a-2"], outbox.Pending().Select(p => p.Entry.TenantId));
    }

    [Fact]
    public async Task Replay_signals_the_sender()
    {
        var outbox = NewOutbox();

        await outbox.ReplayParkedAsync();

        Assert.True(await outbox.WaitForWorkAsync(TimeSpan.Zero, CancellationToken.None));
    }

    // The tenant id carries a label here, so the assertions can name entries.
    private static OutboxEntry Entry(string callId, string label) =>
        new(OutboxEntry.AppendTranscriptTurns, label, $$"""{"callId":"{{callId}}"}""");

    private DurableOutbox NewOutbox() => new(Options.Create(new VoiceOptions { OutboxPath = _folder.File("outbox") }));
}
