namespace Coordi.Core.Model;

/// <summary>A Stripe webhook event already applied; its id is what makes redeliveries harmless.</summary>
public sealed class ProcessedStripeEvent
{
    /// <summary>Stripe's event id (evt_...).</summary>
    public required string Id { get; set; }
    public required string Type { get; set; }
    /// <summary>The organization it concerned, when one was found.</summary>
    public Guid? TenantId { get; set; }
    public bool Applied { get; set; }
    public DateTime EventCreatedAt { get; set; }
    public DateTime ProcessedAt { get; set; }
}
