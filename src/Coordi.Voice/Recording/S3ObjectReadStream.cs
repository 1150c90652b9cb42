using Amazon.S3;
using Amazon.S3.Model;

namespace Coordi.Voice.Recording;

/// <summary>
/// A seekable read-only view of one S3 object. Each read from a new position asks for the rest of the object from
/// there (a ranged GET), so answering a browser's Range request downloads only the bytes it asked for.
/// </summary>
public sealed class S3ObjectReadStream(IAmazonS3 client, string bucket, string key, long length) : Stream
{
    private GetObjectResponse? _response;
    private Stream? _body;
    private long _bodyPosition = -1;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length { get; } = length;

    public override long Position { get; set; }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Position >= Length || buffer.Length == 0)
        {
            return 0;
        }

        if (_body is null || _bodyPosition != Position)
        {
            CloseBody();
            _response = await client.GetObjectAsync(new GetObjectRequest
            {
                BucketName = bucket,
                Key = key,
                ByteRange = new ByteRange(Position, Length - 1),
            }, cancellationToken);
            _body = _response.ResponseStream;
            _bodyPosition = Position;
        }

        var read = await _body.ReadAsync(buffer, cancellationToken);
        Position += read;
        _bodyPosition = read == 0 ? -1 : _bodyPosition + read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => Position + offset,
            _ => Length + offset,
        };
        return Position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CloseBody();
        }

        base.Dispose(disposing);
    }

    private void CloseBody()
    {
        _body?.Dispose();
        _response?.Dispose();
        _body = null;
        _response = null;
    }
}
