using Amazon.Runtime;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;

namespace Coordi.Voice.Recording;

/// <summary>
/// Deletes recordings older than the retention setting. Every edge runs it; two edges deleting the same object is
/// harmless (deletes are idempotent), so no leader is needed. S3 lifecycle rules would do the same on AWS, but not
/// every S3-compatible server has them, and this keeps the setting in one place.
/// </summary>
public sealed partial class RecordingRetentionWorker(
    RecordingBucket bucket, IOptions<RecordingStorageOptions> options, TimeProvider clock, ILogger<RecordingRetentionWorker> logger) : BackgroundService
{
    /// <summary>Deletes every recording last written before the retention cut-off; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow().AddDays(-options.Value.RetentionDays).UtcDateTime;
        var deleted = 0;
        var request = new ListObjectsV2Request { BucketName = bucket.Name, Prefix = RecordingStorageOptions.Prefix };
        ListObjectsV2Response page;
        do
        {
            page = await bucket.Client.ListObjectsV2Async(request, cancellationToken);
            foreach (var item in page.S3Objects ?? [])
            {
                if (item.LastModified is { } written && written.ToUniversalTime() < cutoff)
                {
                    await bucket.Client.DeleteObjectAsync(bucket.Name, item.Key, cancellationToken);
                    LogDeleted(item.Key, written);
                    deleted++;
                }
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);

        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RetentionSweepInterval, clock);
        do
        {
            try
            {
                var deleted = await SweepAsync(stoppingToken);
                LogSwept(deleted, options.Value.RetentionDays);
            }
            catch (Exception ex) when (ex is AmazonServiceException or HttpRequestException)
            {
                // The next sweep tries again; nothing is lost by deleting a little later.
                LogSweepFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted recording {Key} (written {Written:o}) past retention")]
    private partial void LogDeleted(string key, DateTime written);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording retention sweep deleted {Deleted} recordings older than {RetentionDays} days")]
    private partial void LogSwept(int deleted, int retentionDays);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording retention sweep failed; it runs again at the next interval")]
    private partial void LogSweepFailed(Exception ex);
}
