namespace Coordi.Voice.Recording;

/// <summary>
/// Makes sure the recordings bucket exists before the edge takes calls, so a wrong endpoint, key or bucket name
/// stops the start-up with a clear error instead of losing the first recording.
/// </summary>
public sealed partial class RecordingBucketInitializer(RecordingBucket bucket, ILogger<RecordingBucketInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await bucket.EnsureExistsAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is Amazon.Runtime.AmazonServiceException or HttpRequestException)
        {
            LogBucketUnreachable(ex, bucket.Name);
            throw;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Critical, Message = "The recordings bucket {Bucket} could not be reached or created; check Coordi:Voice:Recordings")]
    private partial void LogBucketUnreachable(Exception ex, string bucket);
}
