using Coordi.Voice.Recording;
using Microsoft.Extensions.Options;

namespace Coordi.Voice.Tests;

/// <summary>The store against a real S3 server: long recordings go up in parts, and each is found only under its own tenant.</summary>
public sealed class S3RecordingStoreTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "coordi-store-tests-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
    }

    [Fact]
    public async Task A_long_recording_is_uploaded_in_parts_read_back_at_any_offset_and_found_only_for_its_tenant()
    {
        var s3 = await S3Server.SharedAsync();
        var storage = Options.Create(new RecordingStorageOptions
        {
            Bucket = "store-" + Guid.NewGuid().ToString("N")[..12],
            ServiceUrl = s3.ServiceUrl.ToString(),
            AccessKey = S3Server.AccessKey,
            SecretKey = S3Server.SecretKey,
            ForcePathStyle = true,
            UploadPartSizeMb = 5,
        });
        using var bucket = new RecordingBucket(storage);
        await bucket.EnsureExistsAsync(CancellationToken.None);
        var store = new S3RecordingStore(bucket, Options.Create(new VoiceOptions { RecordingsPath = _work }), storage);
        Directory.CreateDirectory(store.WorkFolder);
        var (tenant, call) = (Guid.NewGuid(), Guid.NewGuid());
        var wav = Path.Combine(store.WorkFolder, call + ".wav");
        var content = new byte[(11 * 1024 * 1024) + 123];
        new Random(7).NextBytes(content);
        await File.WriteAllBytesAsync(wav, content);

        var reference = await store.SaveAsync(tenant.ToString(), call.ToString(), wav, CancellationToken.None);

        Assert.Equal($"s3:recordings/{tenant:N}/{call:N}.wav", reference);
        Assert.False(File.Exists(wav), "the local file is deleted once uploaded");
        await using (var stream = await store.OpenAsync(tenant, call, CancellationToken.None))
        {
            Assert.NotNull(stream);
            Assert.Equal(content.LongLength, stream.Length);
            var buffer = new byte[4096];
            stream.Seek(7 * 1024 * 1024, SeekOrigin.Begin);
            await stream.ReadExactlyAsync(buffer);
            Assert.Equal(content.AsSpan(7 * 1024 * 1024, 4096).ToArray(), buffer);
            stream.Seek(0, SeekOrigin.Begin);
            using var all = new MemoryStream();
            await stream.CopyToAsync(all);
            Assert.Equal(content, all.ToArray());
        }

        Assert.Null(await store.OpenAsync(Guid.NewGuid(), call, CancellationToken.None));
        Assert.Null(await store.OpenAsync(tenant, Guid.NewGuid(), CancellationToken.None));
    }
}
