using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;

namespace Coordi.Voice.Recording;

/// <summary>The S3 client and bucket of finished recordings, configured once from <see cref="RecordingStorageOptions"/>.</summary>
public sealed class RecordingBucket : IDisposable
{
    public RecordingBucket(IOptions<RecordingStorageOptions> options)
    {
        var o = options.Value;
        Name = o.Bucket;
        var config = new AmazonS3Config
        {
            ForcePathStyle = o.ForcePathStyle,
            // Checksums only where the S3 API requires them: S3-compatible servers do not all accept the SDK's
            // default trailing checksums, and TLS plus the server's own MD5 already guard the transfer.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (string.IsNullOrEmpty(o.ServiceUrl))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(o.Region);
        }
        else
        {
            config.ServiceURL = o.ServiceUrl;
            config.AuthenticationRegion = o.Region;
        }

        Client = o.AccessKey.Length > 0
            ? new AmazonS3Client(new BasicAWSCredentials(o.AccessKey, o.SecretKey), config)
            : new AmazonS3Client(config);
    }

    public IAmazonS3 Client { get; }

    public string Name { get; }

    /// <summary>Creates the bucket unless it is there; several edges starting at once may all try.</summary>
    public async Task EnsureExistsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Client.PutBucketAsync(new PutBucketRequest { BucketName = Name }, cancellationToken);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists" || ex.StatusCode == HttpStatusCode.Conflict)
        {
            // Already there: the usual case after the first start.
        }
    }

    public void Dispose() => Client.Dispose();
}
