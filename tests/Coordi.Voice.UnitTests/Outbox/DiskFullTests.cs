using Coordi.Voice.Outbox;
using Microsoft.Extensions.Options;

namespace Coordi.Voice.UnitTests.Outbox;

/// <summary>The outbox on a file system that is really full (a small tmpfs filled to the last byte).</summary>
public sealed class DiskFullTests : IDisposable
{
    private readonly TmpfsFolder _disk = new();

    public void Dispose() => _disk.Dispose();

    [Fact]
    public async Task An_entry_the_disk_cannot_take_is_held_in_memory_in_its_place()
    {
        var outbox = new DurableOutbox(Options.Create(new VoiceOptions { OutboxPath = Path.Combine(_disk.Path, "outbox") }));
        await outbox.EnqueueAsync(Entry("written"));
        _disk.Fill();

        await outbox.EnqueueAsync(Entry("held"));

        Assert.Equal(["written", "held"], outbox.Pending().Select(p => p.Entry.TenantId));
        Assert.Equal([true, false], outbox.Pending().Select(p => p.OnDisk));
        Assert.Equal((2, 1), (outbox.Depth, outbox.Unwritten));
        Assert.Empty(Directory.GetFiles(Path.Combine(_disk.Path, "outbox"), "*.tmp"));
        Assert.True(await outbox.WaitForWorkAsync(TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task A_held_entry_is_gone_once_acknowledged_and_keeps_its_failure_count_meanwhile()
    {
        var outbox = new DurableOutbox(Options.Create(new VoiceOptions { OutboxPath = Path.Combine(_disk.Path, "outbox") }));
        _disk.Fill();
        await outbox.EnqueueAsync(Entry("held"));
        var held = Assert.Single(outbox.Pending());

        await outbox.RecordFailureAsync(held, held.Entry with { Attempts = 2 });
        Assert.Equal(2, Assert.Single(outbox.Pending()).Entry.Attempts);

        outbox.Acknowledge(held);
        Assert.Equal((0, 0), (outbox.Depth, outbox.Unwritten));
    }

    [Fact]
    public async Task A_held_entry_can_be_parked_and_replayed_without_the_disk()
    {
        var outbox = new DurableOutbox(Options.Create(new VoiceOptions { OutboxPath = Path.Combine(_disk.Path, "outbox") }));
        _disk.Fill();
        await outbox.EnqueueAsync(Entry("held"));

        await outbox.ParkAsync(outbox.Pending()[0], outbox.Pending()[0].Entry with { LastError = "InvalidArgument: no" });
        Assert.Equal((0, 1), (outbox.Depth, outbox.ParkedCount));

        Assert.Equal(1, await outbox.ReplayParkedAsync());
        Assert.Equal(("held", 0), (Assert.Single(outbox.Pending()).Entry.TenantId, outbox.ParkedCount));
    }

    private static OutboxEntry Entry(string label) => new(OutboxEntry.CompleteCall, label, """{"callId":"c-1"}""");
}
