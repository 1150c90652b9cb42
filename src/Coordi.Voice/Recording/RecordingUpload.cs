using Amazon.S3;
using Amazon.S3.Model;

namespace Coordi.Voice.Recording;

/// <summary>
/// Uploads a finished WAV from disk: one PUT when small, a multipart upload in parts otherwise, so a long call is
/// never held in memory. Payloads are signed whole rather than in aws-chunked encoding, which not every
/// S3-compatible server decodes.
/// </summary>
public static class RecordingUpload
{
    public static async Task UploadFileAsync(IAmazonS3 client, string bucket, string key, string path, long partSize, CancellationToken cancellationToken)
    {
        var length = new FileInfo(path).Length;
        if (length <= partSize)
        {
            await client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = bucket,
                Key = key,
                FilePath = path,
                ContentType = "audio/wav",
                UseChunkEncoding = false,
            }, cancellationToken);
            return;
        }

        var upload = await client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = key, ContentType = "audio/wav" }, cancellationToken);
        try
        {
            var parts = new List<PartETag>();
            for (var (number, position) = (1, 0L); position < length; number++, position += partSize)
            {
                var part = await client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = bucket,
                    Key = key,
                    UploadId = upload.UploadId,
                    PartNumber = number,
                    FilePath = path,
                    FilePosition = position,
                    PartSize = Math.Min(partSize, length - position),
                    UseChunkEncoding = false,
                }, cancellationToken);
                parts.Add(new PartETag(number, part.ETag));
            }

            await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = bucket,
                Key = key,
                UploadId = upload.UploadId,
                PartETags = parts,
            }, cancellationToken);
        }
        catch
        {
            // An unfinished multipart upload is billed storage nobody sees: abort it, then report the failure.
            await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = upload.UploadId }, CancellationToken.None);
            throw;
        }
    }
}
