using Grpc.Core;

namespace Coordi.Core.FunctionalTests.NumberProvisioning;

[Collection(TwilioNumbersCollection.Name)]
public sealed class TwilioNumberTests(TwilioNumbersFixture fixture)
{
    private const string VoiceUrl = TwilioNumbersFixture.VoiceBaseUrl + "/twilio/voice";
    private const string StatusCallbackUrl = TwilioNumbersFixture.VoiceBaseUrl + "/twilio/status";

    [Fact]
    public async Task Search_returns_the_numbers_for_sale_that_match_the_area_code_and_digits()
    {
        var tenant = await fixture.NewTenantAsync();
        var line = Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        string austin = $"+1512{Random.Shared.Next(200, 999)}{line}", austinToo = $"+1512{Random.Shared.Next(200, 999)}{line}";
        var otherArea = $"+1737{Random.Shared.Next(200, 999)}{line}";
        fixture.Twilio.AddAvailable(austin, locality: "Austin", region: "TX", postalCode: "78701");
        fixture.Twilio.AddAvailable(austinToo);
        fixture.Twilio.AddAvailable(otherArea);

        var found = await tenant.PhoneNumbers.SearchAvailablePhoneNumbersAsync(new SearchAvailablePhoneNumbersRequest
        {
            Country = "us",
            AreaCode = "512",
            Contains = line,
        });

        var numbers = found.PhoneNumbers.Select(n => n.E164).ToList();
        Assert.Contains(austin, numbers);
        Assert.Contains(austinToo, numbers);
        Assert.DoesNotContain(otherArea, numbers);
        Assert.All(found.PhoneNumbers, n => Assert.StartsWith("+1512", n.E164, StringComparison.Ordinal));
        var first = found.PhoneNumbers.Single(n => n.E164 == austin);
        Assert.Equal("Austin", first.Locality);
        Assert.Equal("TX", first.Region);
        Assert.Equal("78701", first.PostalCode);
        Assert.Equal("US", first.IsoCountry);
        Assert.Equal($"({austin[2..5]}) {austin[5..8]}-{austin[8..]}", first.FriendlyName);
        Assert.True(first.Voice);
    }

    [Fact]
    public async Task Search_gives_at_most_the_page_size()
    {
        var tenant = await fixture.NewTenantAsync();
        var exchange = Random.Shared.Next(200, 999);
        for (var i = 0; i < 5; i++)
        {
            fixture.Twilio.AddAvailable($"+1512{exchange}{i:0000}");
        }

        var found = await tenant.PhoneNumbers.SearchAvailablePhoneNumbersAsync(new SearchAvailablePhoneNumbersRequest
        {
            Country = "US",
            Contains = $"512{exchange}000*",
            PageSize = 3,
        });

        Assert.Equal(3, found.PhoneNumbers.Count);
    }

    [Fact]
    public async Task Purchase_buys_the_number_points_its_webhooks_at_the_voice_edge_and_assigns_it()
    {
        var tenant = await fixture.NewTenantAsync();
        var e164 = TestData.UsNumber();
        fixture.Twilio.AddAvailable(e164);

        var bought = await tenant.PhoneNumbers.PurchasePhoneNumberAsync(new PurchasePhoneNumberRequest { E164 = e164, Label = " Main line " });

        var incoming = fixture.Twilio.Incoming(e164);
        Assert.NotNull(incoming);
        Assert.Equal(TwilioNumbersFixture.AccountSid, incoming.AccountSid);
        Assert.Equal(VoiceUrl, incoming.VoiceUrl);
        Assert.Equal("POST", incoming.VoiceMethod);
        Assert.Equal(StatusCallbackUrl, incoming.StatusCallback);
        Assert.Equal("POST", incoming.StatusCallbackMethod);
        Assert.False(fixture.Twilio.IsAvailable(e164));

        Assert.Equal(e164, bought.E164);
        Assert.Equal("Main line", bought.Label);
        Assert.Equal(incoming.Sid, bought.TwilioSid);
        var listed = Assert.Single((await tenant.PhoneNumbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest())).PhoneNumbers);
        Assert.Equal(bought.Id, listed.Id);

        // The bought number routes calls to this organization.
        var voiceEdge = new PhoneNumberService.PhoneNumberServiceClient(fixture.Core.AsService(null, CoreServer.VoiceCredential));
        var route = await voiceEdge.ResolvePhoneNumberAsync(new ResolvePhoneNumberRequest { E164 = e164 });
        Assert.Equal(tenant.TenantId, route.TenantId);
    }

    [Fact]
    public async Task Connecting_an_owned_number_repoints_its_webhooks_and_assigns_it()
    {
        var tenant = await fixture.NewTenantAsync();
        var e164 = TestData.UsNumber();
        var sid = fixture.Twilio.AddOwned(e164, voiceUrl: "https://old-provider.example.com/voice");

        var connected = await tenant.PhoneNumbers.ConnectOwnedPhoneNumberAsync(new ConnectOwnedPhoneNumberRequest { E164 = e164, Label = "Office" });

        var incoming = fixture.Twilio.Incoming(e164)!;
        Assert.Equal(sid, incoming.Sid);
        Assert.Equal(VoiceUrl, incoming.VoiceUrl);
        Assert.Equal(StatusCallbackUrl, incoming.StatusCallback);
        Assert.Equal(e164, connected.E164);
        Assert.Equal(sid, connected.TwilioSid);
        Assert.Equal("Office", connected.Label);
        Assert.Equal(connected.Id, Assert.Single((await tenant.PhoneNumbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest())).PhoneNumbers).Id);
    }

    [Fact]
    public async Task Connecting_a_number_entered_for_later_fills_in_its_twilio_sid()
    {
        var tenant = await fixture.NewTenantAsync();
        var e164 = TestData.UsNumber();
        var entered = await tenant.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = e164, Label = "Main line" });
        var sid = fixture.Twilio.AddOwned(e164);

        var connected = await tenant.PhoneNumbers.ConnectOwnedPhoneNumberAsync(new ConnectOwnedPhoneNumberRequest { E164 = e164 });

        Assert.Equal(entered.Id, connected.Id);
        Assert.Equal(sid, connected.TwilioSid);
        Assert.Equal("Main line", connected.Label);
        Assert.Equal(VoiceUrl, fixture.Twilio.Incoming(e164)!.VoiceUrl);
        Assert.Single((await tenant.PhoneNumbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest())).PhoneNumbers);
    }

    [Fact]
    public async Task Without_twilio_credentials_each_rpc_fails_with_failed_precondition_and_calls_nothing()
    {
        var tenant = await fixture.NewTenantAsync(withTwilio: false);
        var e164 = TestData.UsNumber();
        fixture.Twilio.AddAvailable(e164);

        var failures = new[]
        {
            await RpcAssert.FailsWith(StatusCode.FailedPrecondition, tenant.PhoneNumbers.SearchAvailablePhoneNumbersAsync(new SearchAvailablePhoneNumbersRequest { Country = "US" })),
            await RpcAssert.FailsWith(StatusCode.FailedPrecondition, tenant.PhoneNumbers.PurchasePhoneNumberAsync(new PurchasePhoneNumberRequest { E164 = e164 })),
            await RpcAssert.FailsWith(StatusCode.FailedPrecondition, tenant.PhoneNumbers.ConnectOwnedPhoneNumberAsync(new ConnectOwnedPhoneNumberRequest { E164 = e164 })),
        };

        Assert.All(failures, ex =>
        {
            Assert.Equal("TWILIO_NOT_CONFIGURED", RpcAssert.ErrorInfoOf(ex).Reason);
            Assert.Contains("Twilio account SID and auth token", ex.Status.Detail, StringComparison.Ordinal);
        });
        Assert.True(fixture.Twilio.IsAvailable(e164));
        Assert.Empty((await tenant.PhoneNumbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest())).PhoneNumbers);
    }

    [Fact]
    public async Task Credentials_twilio_refuses_are_a_failed_precondition_that_says_so()
    {
        var tenant = await fixture.NewTenantAsync(authToken: "ffffffffffffffffffffffffffffffff");

        var ex = await RpcAssert.FailsWith(StatusCode.FailedPrecondition,
            tenant.PhoneNumbers.SearchAvailablePhoneNumbersAsync(new SearchAvailablePhoneNumbersRequest { Country = "US", AreaCode = "512" }));

        Assert.Equal("TWILIO_CREDENTIALS_REJECTED", RpcAssert.ErrorInfoOf(ex).Reason);
        Assert.Contains("Authenticate", ex.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("ffffffff", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_requests_are_refused_with_field_violations_before_twilio_is_called()
    {
        var tenant = await fixture.NewTenantAsync();
        var numbersBefore = fixture.Twilio.IncomingNumbers.Count;

        await RpcAssert.InvalidArgument(tenant.PhoneNumbers.SearchAvailablePhoneNumbersAsync(new SearchAvailablePhoneNumbersRequest
        {
            Country = "USA",
            AreaCode = "51",
            Contains = "555-01",
            PageSize = 51,
        }), "country", "area_code", "contains", "page_size");
        await RpcAssert.InvalidArgument(tenant.PhoneNumbers.SearchAvailablePhoneNumbersAsync(new SearchAvailablePhoneNumbersRequest()), "country");
        await RpcAssert.InvalidArgument(tenant.PhoneNumbers.PurchasePhoneNumberAsync(new PurchasePhoneNumberRequest { E164 = "5125550100", Label = new string('x', 101) }), "e164", "label");
        await RpcAssert.InvalidArgument(tenant.PhoneNumbers.ConnectOwnedPhoneNumberAsync(new ConnectOwnedPhoneNumberRequest { E164 = "" }), "e164");

        Assert.Equal(numbersBefore, fixture.Twilio.IncomingNumbers.Count);
    }

    [Fact]
    public async Task Twilios_refusals_come_back_as_invalid_argument_with_twilios_message()
    {
        var tenant = await fixture.NewTenantAsync();
        var notForSale = TestData.UsNumber();

        var purchase = await RpcAssert.InvalidArgument(tenant.PhoneNumbers.PurchasePhoneNumberAsync(new PurchasePhoneNumberRequest { E164 = notForSale }), "e164");
        Assert.Contains("PhoneNumber requested is not available", purchase.FieldViolations.Single().Description, StringComparison.Ordinal);

        var connect = await RpcAssert.InvalidArgument(tenant.PhoneNumbers.ConnectOwnedPhoneNumberAsync(new ConnectOwnedPhoneNumberRequest { E164 = notForSale }), "e164");
        Assert.Contains("is not a number in the organization's Twilio account", connect.FieldViolations.Single().Description, StringComparison.Ordinal);

        var search = await RpcAssert.InvalidArgument(tenant.PhoneNumbers.SearchAvailablePhoneNumbersAsync(new SearchAvailablePhoneNumbersRequest { Country = "ZZ" }), "country");
        Assert.Contains("was not found", search.FieldViolations.Single().Description, StringComparison.Ordinal);

        Assert.Empty((await tenant.PhoneNumbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest())).PhoneNumbers);
    }

    [Fact]
    public async Task Another_organizations_number_can_be_neither_bought_nor_connected_nor_released()
    {
        var owner = await fixture.NewTenantAsync();
        var other = await fixture.NewTenantAsync();
        var e164 = TestData.UsNumber();
        fixture.Twilio.AddAvailable(e164);
        var bought = await owner.PhoneNumbers.PurchasePhoneNumberAsync(new PurchasePhoneNumberRequest { E164 = e164 });
        // Put up for sale again, so only the assignment can stop the second purchase.
        fixture.Twilio.AddAvailable(e164);

        var purchase = await RpcAssert.FailsWith(StatusCode.AlreadyExists, other.PhoneNumbers.PurchasePhoneNumberAsync(new PurchasePhoneNumberRequest { E164 = e164 }));
        var connect = await RpcAssert.FailsWith(StatusCode.AlreadyExists, other.PhoneNumbers.ConnectOwnedPhoneNumberAsync(new ConnectOwnedPhoneNumberRequest { E164 = e164 }));
        await RpcAssert.FailsWith(StatusCode.NotFound, other.PhoneNumbers.ReleasePhoneNumberAsync(new ReleasePhoneNumberRequest { Id = bought.Id }));

        Assert.Equal("NUMBER_TAKEN", RpcAssert.ErrorInfoOf(purchase).Reason);
        Assert.Equal("NUMBER_TAKEN", RpcAssert.ErrorInfoOf(connect).Reason);
        Assert.True(fixture.Twilio.IsAvailable(e164));
        Assert.Single(fixture.Twilio.IncomingNumbers, n => n.E164 == e164);
        Assert.Empty((await other.PhoneNumbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest())).PhoneNumbers);
        Assert.Equal(bought.Id, Assert.Single((await owner.PhoneNumbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest())).PhoneNumbers).Id);
    }

    [Fact]
    public async Task Unreachable_twilio_is_unavailable_and_a_missing_voice_address_a_failed_precondition()
    {
        // A second core on the same database, with nothing listening at its Twilio address and no voice edge address.
        await using var core = await CoreServer.StartAsync(fixture.ConnectionString, new Dictionary<string, string?>
        {
            ["Coordi:Core:TwilioApiBaseUrl"] = $"http://127.0.0.1:{PostgresCluster.FreePort()}",
        });
        var tenant = await fixture.NewTenantAsync();
        var numbers = new PhoneNumberService.PhoneNumberServiceClient(core.AsService(tenant.TenantId));
        var e164 = TestData.UsNumber();
        fixture.Twilio.AddAvailable(e164);

        var unreachable = await RpcAssert.FailsWith(StatusCode.Unavailable, numbers.SearchAvailablePhoneNumbersAsync(new SearchAvailablePhoneNumbersRequest { Country = "US" }));
        var noVoiceEdge = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, numbers.PurchasePhoneNumberAsync(new PurchasePhoneNumberRequest { E164 = e164 }));

        Assert.Equal("Twilio could not be reached; retry shortly.", unreachable.Status.Detail);
        Assert.Equal("VOICE_URL_NOT_CONFIGURED", RpcAssert.ErrorInfoOf(noVoiceEdge).Reason);
        Assert.True(fixture.Twilio.IsAvailable(e164));
        Assert.Empty((await tenant.PhoneNumbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest())).PhoneNumbers);
    }
}
