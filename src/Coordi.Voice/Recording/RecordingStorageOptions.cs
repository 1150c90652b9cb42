using System.ComponentModel.DataAnnotations;

namespace Coordi.Voice.Recording;

/// <summary>The S3 bucket finished recordings are kept in. Bound from "Coordi:Voice:Recordings", validated at start-up.</summary>
public sealed class RecordingStorageOptions
{
    public const string Section = "Coordi:Voice:Recordings";

    [Required, RegularExpression("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", ErrorMessage = "Coordi:Voice:Recordings:Bucket must be an S3 bucket name (3-63 lower-case letters, digits, dots, hyphens).")]
    public string Bucket { get; set; } = "";

    /// <summary>
    /// Endpoint of an S3-compatible service (MinIO, Ceph, a local server). Empty: AWS S3 in <see cref="Region"/>.
    /// </summary>
    [Url]
    public string? ServiceUrl { get; set; }

    [Required]
    public string Region { get; set; } = "us-east-1";

    /// <summary>Access key id. Empty with an empty <see cref="SecretKey"/>: the pod's own AWS identity (IRSA, instance role).</summary>
    public string AccessKey { get; set; } = "";

    public string SecretKey { get; set; } = "";

    /// <summary>Bucket in the path (http://host/bucket/key) rather than the host name; most S3-compatible servers want it.</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>Recordings up to this size go up in one request; longer ones as a multipart upload in parts of this size (S3's minimum part is 5 MB).</summary>
    [Range(5, 512)]
    public int UploadPartSizeMb { get; set; } = 16;

    /// <summary>Recordings older than this are deleted from the bucket.</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 90;

    /// <summary>How often each voice edge looks for recordings past retention; deletes are idempotent, so several edges may.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Key of a call's recording: one prefix per tenant, so a tenant's recordings can be listed, exported or erased together.</summary>
    public static string KeyOf(Guid tenantId, Guid callId) => $"{Prefix}{tenantId:N}/{callId:N}.wav";

    public const string Prefix = "recordings/";
}
