using Coordi.Voice.Outbox;
using Microsoft.Extensions.Options;

namespace Coordi.Voice.UnitTests.Outbox;

public sealed class DurableOutboxTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string OutboxPath => _folder.File("outbox");

    private string DeadPath => Path.Combine(OutboxPath, "dead");

    private string ParkedPath => Path.Combine(OutboxPath, "parked");

    [Fact]
    public void Start_creates_the_folders()
    {
        var outbox = NewOutbox();

        Assert.True(Directory.Exists(OutboxPath));
        Assert.True(Directory.Exists(DeadPath));
        Assert.True(Directory.Exists(ParkedPath));
        Assert.Equal(0, outbox.Depth);
        Assert.Empty(outbox.Pending());
    }

    [Fact]
    public async Task Enqueue_writes_one_json_file_per_entry_in_order()
    {
        var outbox = NewOutbox();

        await outbox.EnqueueAsync(new OutboxEntry(OutboxEntry.CreateLead, "t-1", """{"name":"Ann"}"""));
        await outbox.EnqueueAsync(new OutboxEntry(OutboxEntry.AppendTranscriptTurns, "t-1", "{}"));
        await outbox.EnqueueAsync(new OutboxEntry(OutboxEntry.CompleteCall, "t-2", "{}"));

        var files = Directory.GetFiles(OutboxPath).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(3, files.Count);
        Assert.All(files, f => Assert.EndsWith(".json", f));
        Assert.EndsWith("-CreateLead.json", files[0]);
        Assert.EndsWith("-AppendTranscriptTurns.json", files[1]);
        Assert.EndsWith("-CompleteCall.json", files[2]);
        Assert.Equal(3, outbox.Depth);
    }

    [Fact]
    public async Task Pending_yields_entries_oldest_first_with_their_content()
    {
        var outbox = NewOutbox();
        var entries = Enumerable.Range(0, 12)
            .Select(i => new OutboxEntry(i % 2 == 0 ? OutboxEntry.RecordToolInvocation : OutboxEntry.CreateLead, $"t-{i}", $$"""{"n":{{i}},"q":"\"x\""}"""))
            .ToList();
        foreach (var entry in entries)
        {
            await outbox.EnqueueAsync(entry);
        }

        var pending = outbox.Pending().Select(p => p.Entry).ToList();

        Assert.Equal(entries, pending);
    }

    [Fact]
    public async Task Entries_survive_a_restart()
    {
        await NewOutbox().EnqueueAsync(new OutboxEntry(OutboxEntry.CreateLead, "t-1", "{\"a\":1}"));

        var pending = Assert.Single(NewOutbox().Pending());

        Assert.Equal(new OutboxEntry(OutboxEntry.CreateLead, "t-1", "{\"a\":1}"), pending.Entry);
    }

    [Fact]
    public async Task Entries_enqueued_after_a_restart_come_after_the_earlier_ones()
    {
        await NewOutbox().EnqueueAsync(new OutboxEntry(OutboxEntry.CreateLead, "before", "{}"));
        var restarted = NewOutbox();
        await restarted.EnqueueAsync(new OutboxEntry(OutboxEntry.CreateLead, "after", "{}"));

        Assert.Equal(["before", "after"], restarted.Pending().Select(p => p.Entry.TenantId));
    }

    [Fact]
    public async Task Acknowledge_deletes_the_entry()
    {
        var outbox = NewOutbox();
        await outbox.EnqueueAsync(new OutboxEntry(OutboxEntry.CreateLead, "t-1", "{}"));
        await outbox.EnqueueAsync(new OutboxEntry(OutboxEntry.CompleteCall, "t-1", "{}"));
        var first = outbox.Pending()[0];

        outbox.Acknowledge(first);

        Assert.False(File.Exists(Path.Combine(OutboxPath, first.Name + ".json")));
        Assert.Equal(1, outbox.Depth);
        Assert.Equal(OutboxEntry.CompleteCall, Assert.Single(outbox.Pending()).Entry.Kind);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"Kind\":")]
    [InlineData("null")]
    [InlineData("")]
    public async Task Corrupt_file_is_moved_to_dead_and_the_rest_still_flow(string content)
    {
        var outbox = NewOutbox();
        await outbox.EnqueueAsync(new OutboxEntry(OutboxEntry.CreateLead, "first", "{}"));
        var corrupt = Path.Combine(OutboxPath, "00000000000000000001-CreateLead.json");
        await File.WriteAllTextAsync(corrupt, content);
        await outbox.EnqueueAsync(new OutboxEntry(OutboxEntry.CompleteCall, "last", "{}"));

        var pending = outbox.Pending().Select(p => p.Entry.TenantId).ToList();

        Assert.Equal(["first", "last"], pending);
        Assert.False(File.Exists(corrupt));
        Assert.Equal(content, await File.ReadAllTextAsync(Path.Combine(DeadPath, Path.GetFileName(corrupt))));
        Assert.Equal(2, outbox.Depth);
    }

    [Fact]
    public void Leftover_temporary_files_are_removed_at_start()
    {
        Directory.CreateDirectory(OutboxPath);
        var leftover = Path.Combine(OutboxPath, "00000000000000000007-CreateLead.tmp");
        var kept = Path.Combine(OutboxPath, "00000000000000000008-CreateLead.json");
        File.WriteAllText(leftover, "{\"Kind\":\"Crea");
        File.WriteAllText(kept, """{"Kind":"CreateLead","TenantId":"t-1","PayloadJson":"{}"}""");

        var outbox = NewOutbox();

        Assert.False(File.Exists(leftover));
        Assert.True(File.Exists(kept));
        Assert.Equal("t-1", Assert.Single(outbox.Pending()).Entry.TenantId);
    }

    [Fact]
    public async Task Enqueue_leaves_no_temporary_file()
    {
        var outbox = NewOutbox();

        await outbox.EnqueueAsync(new OutboxEntry(OutboxEntry.CreateLead, "t-1", "{}"));

        Assert.Empty(Directory.GetFiles(OutboxPath, "*.tmp"));
    }

    [Fact]
    public async Task Enqueue_signals_work_once_per_entry()
    {
        var outbox = NewOutbox();
        await outbox.EnqueueAsync(new OutboxEntry(OutboxEntry.CreateLead, "t-1", "{}"));

        var signalled = outbox.WaitForWorkAsync(TimeSpan.FromMinutes(5), CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var waiting = outbox.WaitForWorkAsync(TimeSpan.FromMinutes(5), stop.Token);

        Assert.True(signalled.IsCompletedSuccessfully);
        Assert.False(waiting.IsCompleted);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    private DurableOutbox NewOutbox() => new(Options.Create(new VoiceOptions { OutboxPath = OutboxPath }));
}
