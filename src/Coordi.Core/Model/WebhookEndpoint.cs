using Coordi.MultiTenancy;

namespace Coordi.Core.Model;

/// <summary>An organization's URL that receives signed event deliveries.</summary>
public sealed class WebhookEndpoint : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Url { get; set; }
    public string Description { get; set; } = "";
    /// <summary>Event types delivered; empty means all.</summary>
    public List<string> EventTypes { get; set; } = [];
    /// <summary>The signing secret, encrypted with the SecretProtector.</summary>
    public required string SecretCiphertext { get; set; }
    public bool Enabled { get; set; } = true;
    public string DisabledReason { get; set; } = "";
    public DateTime? DisabledAt { get; set; }
    /// <summary>Failed attempts in a row since the last success.</summary>
    public int ConsecutiveFailures { get; set; }
    /// <summary>When the current run of failures began; null after a success.</summary>
    public DateTime? FailingSince { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>One event for one endpoint, with the state of its attempts.</summary>
public sealed class WebhookDelivery : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid EndpointId { get; set; }
    public Guid EventId { get; set; }
    public long EventSequence { get; set; }
    public required string EventType { get; set; }
    public WebhookDeliveryStatus Status { get; set; }
    public int AttemptCount { get; set; }
    public int? ResponseCode { get; set; }
    public string LastError { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    /// <summary>Failed attempts are retried until this instant, then the delivery is given up.</summary>
    public DateTime RetryUntil { get; set; }
    public DateTime? LastAttemptAt { get; set; }
    public DateTime? NextAttemptAt { get; set; }
}

public enum WebhookDeliveryStatus
{
    Pending = 1,
    Succeeded = 2,
    Failed = 3,
}

/// <summary>A message for the organization's owner (sent by email, shown by the portal).</summary>
public sealed class OwnerNotification : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Kind { get; set; }
    public required string Recipient { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? SentAt { get; set; }
}
