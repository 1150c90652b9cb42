using Coordi.Contracts.V1;
using Coordi.Core.Validation;
using static Coordi.Core.UnitTests.Validation.Violations;

namespace Coordi.Core.UnitTests.Validation;

public sealed class UpdateIntegrationsRequestValidatorTests
{
    private const string AccountSid = "AC0123456789abcdef0123456789ABCDEF";
    private const string AuthToken = "0123456789abcdefghijKLMNOPQRSTUV";

    private readonly UpdateIntegrationsRequestValidator _validator = new();

    private static UpdateIntegrationsRequest Valid() => new()
    {
        TwilioAccountSid = AccountSid,
        TwilioAuthToken = AuthToken,
        OpenaiApiKey = "sk-proj-abc123",
        OpenaiModel = "gpt-realtime-2025-08-28",
        WebhookUrl = "https://hooks.lonestar.example/coordi?source=core",
        WebhookSecret = "whsec_123",
    };

    [Fact]
    public void Valid_request_passes() => Assert.Empty(Of(_validator, Valid()));

    [Fact]
    public void Request_that_changes_nothing_passes() => Assert.Empty(Of(_validator, new UpdateIntegrationsRequest()));

    [Fact]
    public void Empty_values_clear_settings_and_pass()
    {
        var request = new UpdateIntegrationsRequest
        {
            TwilioAccountSid = "",
            TwilioAuthToken = "",
            OpenaiApiKey = "",
            OpenaiModel = "",
            WebhookUrl = "",
            WebhookSecret = "",
        };

        Assert.Empty(Of(_validator, request));
    }

    [Theory]
    [InlineData("AC123")]
    [InlineData("PN0123456789abcdef0123456789abcdef")]
    [InlineData("AC0123456789abcdef0123456789abcdeg")]
    [InlineData("AC0123456789abcdef0123456789abcdef0")]
    [InlineData("ac0123456789abcdef0123456789abcdef")]
    public void Twilio_account_sid_must_be_AC_and_32_hex_digits(string sid)
    {
        var request = Valid();
        request.TwilioAccountSid = sid;

        Assert.Equal(["twilio_account_sid"], Of(_validator, request));
    }

    [Theory]
    [InlineData("0123456789abcdefghijKLMNOPQRSTU")]
    [InlineData("0123456789abcdefghijKLMNOPQRSTUVW")]
    [InlineData("0123456789abcdefghij-LMNOPQRSTUV")]
    public void Twilio_auth_token_must_be_32_letters_and_digits(string token)
    {
        var request = Valid();
        request.TwilioAuthToken = token;

        Assert.Equal(["twilio_auth_token"], Of(_validator, request));
    }

    [Theory]
    [InlineData("pk-abc")]
    [InlineData("SK-abc")]
    [InlineData("abc")]
    public void Openai_api_key_must_start_with_sk(string key)
    {
        var request = Valid();
        request.OpenaiApiKey = key;

        Assert.Equal(["openai_api_key"], Of(_validator, request));
    }

    [Fact]
    public void Openai_api_key_is_limited_to_300_characters()
    {
        var request = Valid();
        request.OpenaiApiKey = "sk-" + Text(298);

        Assert.Equal(["openai_api_key"], Of(_validator, request));
    }

    [Theory]
    [InlineData("gpt 4o")]
    [InlineData("gpt/4o")]
    public void Openai_model_must_be_a_model_id(string model)
    {
        var request = Valid();
        request.OpenaiModel = model;

        Assert.Equal(["openai_model"], Of(_validator, request));
    }

    [Theory]
    [InlineData("http://hooks.lonestar.example/coordi")]
    [InlineData("ftp://hooks.lonestar.example/coordi")]
    [InlineData("hooks.lonestar.example/coordi")]
    [InlineData("/coordi")]
    [InlineData("https//hooks.lonestar.example")]
    public void Webhook_url_must_be_absolute_https(string url)
    {
        var request = Valid();
        request.WebhookUrl = url;

        Assert.Equal(["webhook_url"], Of(_validator, request));
    }

    [Fact]
    public void Webhook_url_is_limited_to_2000_characters()
    {
        var request = Valid();
        request.WebhookUrl = "https://hooks.lonestar.example/" + Text(1970);

        Assert.Equal(["webhook_url"], Of(_validator, request));
    }

    [Fact]
    public void Webhook_secret_is_limited_to_200_characters()
    {
        var request = Valid();
        request.WebhookSecret = Text(201);

        Assert.Equal(["webhook_secret"], Of(_validator, request));
    }
}

public sealed class CreateApiKeyRequestValidatorTests
{
    private readonly CreateApiKeyRequestValidator _validator = new();

    [Theory]
    [InlineData(ApiKeyScope.Read)]
    [InlineData(ApiKeyScope.ReadWrite)]
    public void Valid_request_passes(ApiKeyScope scope) =>
        Assert.Empty(Of(_validator, new CreateApiKeyRequest { Name = "Zapier", Scope = scope }));

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Name_is_required_and_limited(int length) =>
        Assert.Equal(["name"], Of(_validator, new CreateApiKeyRequest { Name = Text(length), Scope = ApiKeyScope.Read }));

    [Theory]
    [InlineData(ApiKeyScope.Unspecified)]
    [InlineData((ApiKeyScope)3)]
    [InlineData((ApiKeyScope)(-1))]
    public void Scope_must_be_read_or_read_write(ApiKeyScope scope) =>
        Assert.Equal(["scope"], Of(_validator, new CreateApiKeyRequest { Name = "Zapier", Scope = scope }));
}

public sealed class ListApiKeysRequestValidatorTests
{
    private readonly ListApiKeysRequestValidator _validator = new();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(200)]
    public void Page_size_within_bounds_passes(int size) =>
        Assert.Empty(Of(_validator, new ListApiKeysRequest { PageSize = size, IncludeRevoked = true }));

    [Theory]
    [InlineData(-1)]
    [InlineData(201)]
    public void Page_size_outside_bounds_fails(int size) =>
        Assert.Equal(["page_size"], Of(_validator, new ListApiKeysRequest { PageSize = size }));

    [Fact]
    public void Page_token_is_limited_to_200_characters() =>
        Assert.Equal(["page_token"], Of(_validator, new ListApiKeysRequest { PageToken = Text(201) }));
}

public sealed class RevokeApiKeyRequestValidatorTests
{
    private readonly RevokeApiKeyRequestValidator _validator = new();

    [Fact]
    public void Uuid_id_passes() => Assert.Empty(Of(_validator, new RevokeApiKeyRequest { Id = NewId() }));

    [Theory]
    [InlineData("")]
    [InlineData("cdk_abcdefghijkl")]
    public void Id_must_be_a_uuid(string id) => Assert.Equal(["id"], Of(_validator, new RevokeApiKeyRequest { Id = id }));
}

public sealed class GetMetricsRequestValidatorTests
{
    private readonly GetMetricsRequestValidator _validator = new();

    private static GetMetricsRequest Range(string from, string to) => new() { FromDate = from, ToDate = to };

    [Theory]
    [InlineData("2026-01-01", "2026-01-31")]
    [InlineData("2026-03-08", "2026-03-08")]
    [InlineData("2024-01-01", "2024-12-31")]
    [InlineData("2026-01-01", "2027-01-01")]
    public void Forward_range_of_at_most_366_days_passes(string from, string to) =>
        Assert.Empty(Of(_validator, Range(from, to)));

    [Theory]
    [InlineData("")]
    [InlineData("2026-1-5")]
    [InlineData("05/01/2026")]
    [InlineData("2026-02-30")]
    [InlineData("2026-01-05T00:00:00")]
    public void From_date_must_be_an_iso_date(string from) =>
        Assert.Equal(["from_date"], Of(_validator, Range(from, "2026-03-01")));

    [Theory]
    [InlineData("")]
    [InlineData("2026-13-01")]
    [InlineData("tomorrow")]
    public void To_date_must_be_an_iso_date(string to) =>
        Assert.Equal(["to_date"], Of(_validator, Range("2026-03-01", to)));

    [Fact]
    public void Range_must_run_forwards() =>
        Assert.Equal(["to_date"], Of(_validator, Range("2026-03-02", "2026-03-01")));

    [Theory]
    [InlineData("2024-01-01", "2025-01-01")]
    [InlineData("2026-01-01", "2027-01-02")]
    [InlineData("2020-01-01", "2026-01-01")]
    public void Range_longer_than_366_days_fails(string from, string to) =>
        Assert.Equal(["to_date"], Of(_validator, Range(from, to)));
}
