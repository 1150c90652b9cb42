using Npgsql;

namespace Coordi.Core.FunctionalTests;

[Collection(CoreCollection.Name)]
public sealed class IntegrationTests(CoreFixture fixture)
{
    private const string TwilioSid = "AC0123456789abcdef0123456789abcdef";
    private const string TwilioToken = "tok0123456789abcdef012345678wxyz";
    private const string OpenAiKey = "sk-proj-Zq8vN3mR7tLx2Pw9Kd4Hs6Fj1abcd";
    private const string WebhookSecret = "whsec_correct-horse-battery-staple-9f3a";

    private static UpdateIntegrationsRequest Everything() => new()
    {
        TwilioAccountSid = TwilioSid,
        TwilioAuthToken = TwilioToken,
        OpenaiApiKey = OpenAiKey,
        OpenaiModel = "gpt-realtime",
        WebhookUrl = "https://crm.example.com/hooks/coordi",
        WebhookSecret = WebhookSecret,
    };

    [Fact]
    public async Task A_new_organization_has_no_integrations()
    {
        var tenant = await fixture.NewTenantAsync();

        var integrations = await tenant.Integrations.GetIntegrationsAsync(new GetIntegrationsRequest());

        Assert.Equal("", integrations.TwilioAccountSid);
        Assert.Equal("", integrations.TwilioAuthTokenMasked);
        Assert.Equal("", integrations.OpenaiApiKeyMasked);
        Assert.Equal("", integrations.WebhookSecretMasked);
    }

    [Fact]
    public async Task Secrets_are_only_ever_returned_masked()
    {
        var tenant = await fixture.NewTenantAsync();

        var updated = await tenant.Integrations.UpdateIntegrationsAsync(Everything());
        var fetched = await tenant.Integrations.GetIntegrationsAsync(new GetIntegrationsRequest());

        foreach (var integrations in new[] { updated, fetched })
        {
            Assert.Equal(TwilioSid, integrations.TwilioAccountSid);
            Assert.Equal("gpt-realtime", integrations.OpenaiModel);
            Assert.Equal("https://crm.example.com/hooks/coordi", integrations.WebhookUrl);
            Assert.Equal("••••••••wxyz", integrations.TwilioAuthTokenMasked);
            Assert.Equal("••••••••abcd", integrations.OpenaiApiKeyMasked);
            Assert.Equal("••••••••9f3a", integrations.WebhookSecretMasked);
            Assert.NotNull(integrations.UpdatedAt);
            var text = integrations.ToString();
            Assert.DoesNotContain(TwilioToken, text);
            Assert.DoesNotContain(OpenAiKey, text);
            Assert.DoesNotContain(WebhookSecret, text);
        }
    }

    [Fact]
    public async Task Secrets_are_encrypted_in_the_database()
    {
        var tenant = await fixture.NewTenantAsync();
        await tenant.Integrations.UpdateIntegrationsAsync(Everything());

        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT * FROM integrations WHERE tenant_id = @tenant", connection);
        command.Parameters.AddWithValue("tenant", Guid.Parse(tenant.TenantId));
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        var columns = Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i))!);
        foreach (var column in new[] { "twilio_auth_token_protected", "open_ai_api_key_protected", "webhook_secret_protected" })
        {
            Assert.False(string.IsNullOrEmpty(columns[column]), $"{column} should hold ciphertext");
        }

        var row = string.Join('\n', columns.Values);
        Assert.DoesNotContain(TwilioToken, row);
        Assert.DoesNotContain(OpenAiKey, row);
        Assert.DoesNotContain("Zq8vN3mR7tLx2Pw9", row);
        Assert.DoesNotContain(WebhookSecret, row);
    }

    [Fact]
    public async Task Fields_left_out_of_an_update_are_kept()
    {
        var tenant = await fixture.NewTenantAsync();
        await tenant.Integrations.UpdateIntegrationsAsync(Everything());

        var updated = await tenant.Integrations.UpdateIntegrationsAsync(new UpdateIntegrationsRequest { OpenaiModel = "gpt-realtime-mini" });

        Assert.Equal("gpt-realtime-mini", updated.OpenaiModel);
        Assert.Equal(TwilioSid, updated.TwilioAccountSid);
        Assert.Equal("••••••••abcd", updated.OpenaiApiKeyMasked);
        Assert.Equal("••••••••9f3a", updated.WebhookSecretMasked);
        Assert.NotEqual("", updated.TwilioAuthTokenMasked);
    }

    [Fact]
    public async Task An_empty_string_clears_a_secret()
    {
        var tenant = await fixture.NewTenantAsync();
        await tenant.Integrations.UpdateIntegrationsAsync(Everything());

        var cleared = await tenant.Integrations.UpdateIntegrationsAsync(new UpdateIntegrationsRequest { OpenaiApiKey = "", WebhookSecret = "" });
        var config = await tenant.Profiles.GetAgentConfigAsync(new GetAgentConfigRequest());

        Assert.Equal("", cleared.OpenaiApiKeyMasked);
        Assert.Equal("", cleared.WebhookSecretMasked);
        Assert.NotEqual("", cleared.TwilioAuthTokenMasked);
        Assert.Equal("", config.OpenaiApiKey);
        Assert.Equal(TwilioToken, config.TwilioAuthToken);
    }

    [Fact]
    public async Task A_short_secret_is_masked_entirely()
    {
        var tenant = await fixture.NewTenantAsync();

        var updated = await tenant.Integrations.UpdateIntegrationsAsync(new UpdateIntegrationsRequest { WebhookSecret = "s3cr3t" });

        Assert.Equal("••••••••", updated.WebhookSecretMasked);
    }

    public static TheoryData<string, UpdateIntegrationsRequest> InvalidUpdates => new()
    {
        { "twilio_account_sid", new UpdateIntegrationsRequest { TwilioAccountSid = "AC123" } },
        { "twilio_auth_token", new UpdateIntegrationsRequest { TwilioAuthToken = "short" } },
        { "openai_api_key", new UpdateIntegrationsRequest { OpenaiApiKey = "pk-not-openai" } },
        { "openai_model", new UpdateIntegrationsRequest { OpenaiModel = "gpt realtime; drop" } },
        { "webhook_url", new UpdateIntegrationsRequest { WebhookUrl = "http://crm.example.com/hook" } },
        { "webhook_url", new UpdateIntegrationsRequest { WebhookUrl = "/relative/hook" } },
        { "webhook_secret", new UpdateIntegrationsRequest { WebhookSecret = new string('s', 201) } },
    };

    [Theory]
    [MemberData(nameof(InvalidUpdates))]
    public async Task An_invalid_value_is_refused_and_nothing_is_changed(string field, UpdateIntegrationsRequest request)
    {
        var tenant = await fixture.NewTenantAsync();
        await tenant.Integrations.UpdateIntegrationsAsync(Everything());

        await RpcAssert.InvalidArgument(tenant.Integrations.UpdateIntegrationsAsync(request), field);

        var kept = await tenant.Integrations.GetIntegrationsAsync(new GetIntegrationsRequest());
        Assert.Equal(TwilioSid, kept.TwilioAccountSid);
        Assert.Equal("https://crm.example.com/hooks/coordi", kept.WebhookUrl);
        Assert.Equal("••••••••abcd", kept.OpenaiApiKeyMasked);
    }
}
