using Coordi.Core.Grpc.Interceptors;

namespace Coordi.Core.UnitTests.Grpc;

public sealed class ValidationInterceptorTests
{
    [Theory]
    [InlineData("Profile.Services[0].PriceMin", "profile.services[0].price_min")]
    [InlineData("Profile.Services[12].PriceMax.MinorUnits", "profile.services[12].price_max.minor_units")]
    [InlineData("Name", "name")]
    [InlineData("TwilioCallSid", "twilio_call_sid")]
    [InlineData("OpenaiApiKey", "openai_api_key")]
    [InlineData("E164", "e164")]
    [InlineData("Latency.ResponseP95Ms", "latency.response_p95_ms")]
    [InlineData("Turns[3].OccurredAt", "turns[3].occurred_at")]
    [InlineData("UpdateMask[1]", "update_mask[1]")]
    [InlineData("Profile.WeeklyHours[0].close", "profile.weekly_hours[0].close")]
    [InlineData("to_date", "to_date")]
    [InlineData("", "")]
    public void Proto_field_path_uses_the_names_in_the_proto(string propertyPath, string fieldPath)
    {
        Assert.Equal(fieldPath, ValidationInterceptor.ProtoFieldPath(propertyPath));
    }
}
