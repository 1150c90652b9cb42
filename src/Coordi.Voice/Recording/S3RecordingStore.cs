using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;

namespace Coordi.Voice.Recording;

/// <summary>
/// Recordings in an S3 bucket under one prefix per tenant. Any edge can serve any recording, and none is lost
/// with the pod that recorded it. Keys are built from the tenant and call ids only, never from a request.
/// </summary>
public sealed class S3RecordingStore(RecordingBucket bucket, IOptions<VoiceOptions> options, IOptions<RecordingStorageOptions> storage) : IRecordingStore
{
    private const string Scheme = "s3:";

    public string WorkFolder { get; } = Path.GetFullPath(options.Value.RecordingsPath);

    public async Task<string> SaveAsync(string tenantId, string callId, string wavPath, CancellationToken cancellationToken)
    {
        var key = RecordingStorageOptions.KeyOf(Guid.Parse(tenantId), Guid.Parse(callId));
        try
        {
            await RecordingUpload.UploadFileAsync(bucket.Client, bucket.Name, key, wavPath, storage.Value.UploadPartSizeMb * 1024L * 1024, cancellationToken);
            return Scheme + key;
        }
        catch (Exception ex) when (ex is AmazonClientException or HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // One failure type for the caller, which completes the call without a recording rather than not at all.
            throw new IOException($"The recording could not be stored in bucket {bucket.Name}: {ex.Message}", ex);
        }
        finally
        {
            File.Delete(wavPath);
        }
    }

    public async Task<Stream?> OpenAsync(Guid tenantId, Guid callId, CancellationToken cancellationToken)
    {
        var key = RecordingStorageOptions.KeyOf(tenantId, callId);
        try
        {
            var metadata = await bucket.Client.GetObjectMetadataAsync(bucket.Name, key, cancellationToken);
            return new S3ObjectReadStream(bucket.Client, bucket.Name, key, metadata.ContentLength);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
