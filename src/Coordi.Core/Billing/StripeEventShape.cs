using System.Text.Json;

namespace Coordi.Core.Billing;

/// <summary>Whether a (signed) webhook body has the shape of a Stripe event, before the SDK's parser sees it.</summary>
internal static class StripeEventShape
{
    public static bool IsEvent(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && IsString(root, "id")
                && IsString(root, "type")
                && IsString(root, "api_version")
                && root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("object", out var obj) && obj.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Length > 0;
}
