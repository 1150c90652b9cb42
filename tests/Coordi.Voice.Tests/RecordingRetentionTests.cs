using Amazon.S3.Model;
using Coordi.Voice.Recording;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Coordi.Voice.Tests;

/// <summary>The retention sweep against a real S3 server: what is past retention goes, the rest stays.</summary>
public sealed class RecordingRetentionTests
{
    [Fact]
    public async Task Recordings_past_retention_are_deleted_and_newer_ones_kept()
    {
        var s3 = await S3Server.SharedAsync();
        var options = Options.Create(new RecordingStorageOptions
        {
            Bucket = "retention-" + Guid.NewGuid().ToString("N")[..12],
            ServiceUrl = s3.ServiceUrl.ToString(),
            AccessKey = S3Server.AccessKey,
            SecretKey = S3Server.SecretKey,
            ForcePathStyle = true,
            RetentionDays = 30,
        });
        using var bucket = new RecordingBucket(options);
        await bucket.EnsureExistsAsync(CancellationToken.None);
        // Creating it again, as a second edge starting does, is fine.
        await bucket.EnsureExistsAsync(CancellationToken.None);

        var tenant = Guid.NewGuid();
        var old = RecordingStorageOptions.KeyOf(tenant, Guid.NewGuid());
        var otherTenantsOld = RecordingStorageOptions.KeyOf(Guid.NewGuid(), Guid.NewGuid());
        await PutAsync(bucket, old);
        await PutAsync(bucket, otherTenantsOld);
        // The server stamps objects with its own clock; a second apart puts the two groups on either side of a cut-off.
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var recent = RecordingStorageOptions.KeyOf(tenant, Guid.NewGuid());
        await PutAsync(bucket, recent);
        var written = await WrittenAsync(bucket);
        // The cut-off falls between the later of the two old ones and the recent one, however slow the puts were.
        var lastOld = written[old] > written[otherTenantsOld] ? written[old] : written[otherTenantsOld];
        Assert.True(written[recent] > lastOld, "the recent recording was written after the old ones");
        var cutoff = lastOld + ((written[recent] - lastOld) / 2);
        var clock = new FakeTimeProvider(new DateTimeOffset(cutoff, TimeSpan.Zero).AddDays(30));
        var worker = new RecordingRetentionWorker(bucket, options, clock, NullLogger<RecordingRetentionWorker>.Instance);

        var deleted = await worker.SweepAsync(CancellationToken.None);

        Assert.Equal(2, deleted);
        Assert.Equal([recent], (await WrittenAsync(bucket)).Keys);
        // Another edge sweeping the same bucket finds nothing more to do.
        Assert.Equal(0, await new RecordingRetentionWorker(bucket, options, clock, NullLogger<RecordingRetentionWorker>.Instance).SweepAsync(CancellationToken.None));
    }

    private static Task PutAsync(RecordingBucket bucket, string key) =>
        bucket.Client.PutObjectAsync(new PutObjectRequest { BucketName = bucket.Name, Key = key, ContentBody = "RIFF....WAVE", ContentType = "audio/wav" });

    private static async Task<Dictionary<string, DateTime>> WrittenAsync(RecordingBucket bucket)
    {
        var listed = await bucket.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket.Name });
        return (listed.S3Objects ?? []).ToDictionary(o => o.Key, o => o.LastModified!.Value.ToUniversalTime());
    }
}
