namespace Coordi.Portal.FunctionalTests;

[Collection(PortalCollection.Name)]
public sealed class IntegrationTests(PortalFixture fixture)
{
    private const string TwilioSid = "AC0123456789abcdef0123456789abcdef";
    private const string TwilioToken = "0123456789abcdefABCDEF0123456789";
    private const string OpenAiKey = "sk-test-9f8e7d6c5b4a39281706f5e4d3c2b1a0wxyz";

    [Fact]
    public async Task Secrets_are_saved_shown_masked_and_never_echoed()
    {
        var owner = await Owners.NewAsync(fixture);
        var page = await owner.Client.OpenAsync("/Integrations");

        var saved = await owner.Client.SubmitAsync(page, "#integrations-form", new Dictionary<string, string>
        {
            ["Input.TwilioAccountSid"] = TwilioSid,
            ["Input.TwilioAuthToken"] = TwilioToken,
            ["Input.OpenAiApiKey"] = OpenAiKey,
            ["Input.WebhookUrl"] = "https://crm.example.com/hooks/coordi",
            ["Input.WebhookSecret"] = "whsec-very-secret-value",
        });

        Assert.Contains("Integrations saved.", saved.Text("main"), StringComparison.Ordinal);
        foreach (var secret in new[] { TwilioToken, OpenAiKey, "whsec-very-secret-value" })
        {
            Assert.DoesNotContain(secret, saved.Body, StringComparison.Ordinal);
        }

        Assert.Contains("wxyz", saved.Text("[data-secret=openai]"), StringComparison.Ordinal);
        Assert.Contains("6789", saved.Text("[data-secret=twilio]"), StringComparison.Ordinal);
        Assert.Equal("", saved.Value("#Input_TwilioAuthToken") ?? "");
        Assert.Equal("", saved.Value("#Input_OpenAiApiKey") ?? "");
        Assert.Equal(TwilioSid, saved.Value("#Input_TwilioAccountSid"));

        // Saving again with the secret fields blank keeps the secrets.
        await owner.Client.SubmitAsync(saved, "#integrations-form", new Dictionary<string, string> { ["Input.WebhookUrl"] = "https://crm.example.com/v2" });
        var config = await owner.Core.Profiles.GetAgentConfigAsync(new GetAgentConfigRequest());
        Assert.Equal(OpenAiKey, config.OpenaiApiKey);
        Assert.Equal(TwilioToken, config.TwilioAuthToken);

        // "Remove" clears one.
        var page2 = await owner.Client.OpenAsync("/Integrations");
        var cleared = await owner.Client.SubmitAsync(page2, "#integrations-form", new Dictionary<string, string> { ["Input.ClearOpenAiApiKey"] = "true" });
        Assert.Contains("Not set", cleared.Text("[data-secret=openai]"), StringComparison.Ordinal);
        Assert.Contains("6789", cleared.Text("[data-secret=twilio]"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_values_show_the_cores_messages_next_to_their_fields()
    {
        var owner = await Owners.NewAsync(fixture);
        var page = await owner.Client.OpenAsync("/Integrations");

        var after = await owner.Client.SubmitAsync(page, "#integrations-form", new Dictionary<string, string>
        {
            ["Input.TwilioAccountSid"] = "not-a-sid",
            ["Input.WebhookUrl"] = "http://insecure.example.com",
            ["Input.OpenAiApiKey"] = "pk-wrong",
        });

        Assert.Contains("is not a Twilio account sid", after.FieldError("Input.TwilioAccountSid"), StringComparison.Ordinal);
        Assert.Equal("The webhook URL must be an absolute https:// URL.", after.FieldError("Input.WebhookUrl"));
        Assert.Equal("An OpenAI API key starts with 'sk-'.", after.FieldError("Input.OpenAiApiKey"));
        Assert.Equal("", (await owner.Core.Integrations.GetIntegrationsAsync(new GetIntegrationsRequest())).TwilioAccountSid);
    }

    [Fact]
    public async Task Numbers_are_connected_and_released_and_a_taken_number_is_refused()
    {
        var owner = await Owners.NewAsync(fixture);
        var other = await Owners.NewAsync(fixture, "Other Co");
        var taken = TestData.UsNumber();
        await other.Core.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = taken });
        var number = TestData.UsNumber();
        var page = await owner.Client.OpenAsync("/Integrations");

        var connected = await owner.Client.SubmitAsync(page, "#number-form", new Dictionary<string, string> { ["Number.Number"] = number, ["Number.Label"] = "Main line" });
        Assert.Contains("Main line", connected.Text("#numbers"), StringComparison.Ordinal);

        var refused = await owner.Client.SubmitAsync(connected, "#number-form", new Dictionary<string, string> { ["Number.Number"] = taken });
        Assert.Equal("This number is already connected to a Coordi account.", refused.FieldError("Number.Number"));

        var released = await owner.Client.SubmitAsync(connected, "#numbers form");
        Assert.Contains("Number released.", released.Text("main"), StringComparison.Ordinal);
        Assert.Empty((await owner.Core.PhoneNumbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest())).PhoneNumbers);
    }
}
