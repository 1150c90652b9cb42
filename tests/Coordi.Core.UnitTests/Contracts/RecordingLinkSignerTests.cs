using System.Web;
using Coordi.Contracts;

namespace Coordi.Core.UnitTests.Contracts;

public sealed class RecordingLinkSignerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Tenant = Guid.Parse("0190f1c2-7a3b-7c4d-8e5f-0123456789ab");
    private static readonly Guid Call = Guid.Parse("0190f1c2-7a3b-7c4d-8e5f-ba9876543210");
    private readonly RecordingLinkSigner _signer = new("unit-test-recording-secret-0123456789abcdef");

    [Fact]
    public void A_signed_link_names_its_tenant_and_call_until_it_expires()
    {
        var q = Query(_signer.SignedPath(Tenant, Call, Now.AddMinutes(60)));

        Assert.Equal((Tenant, Call), _signer.Verify(q["tenant"], q["call"], q["exp"], q["sig"], Now));
        Assert.Equal((Tenant, Call), _signer.Verify(q["tenant"], q["call"], q["exp"], q["sig"], Now.AddMinutes(60)));
        Assert.Null(_signer.Verify(q["tenant"], q["call"], q["exp"], q["sig"], Now.AddMinutes(60).AddSeconds(1)));
    }

    [Fact]
    public void Changing_any_part_of_a_link_breaks_it()
    {
        var q = Query(_signer.SignedPath(Tenant, Call, Now.AddMinutes(60)));
        var other = Guid.NewGuid().ToString("N");
        var later = Now.AddDays(30).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.Null(_signer.Verify(other, q["call"], q["exp"], q["sig"], Now));
        Assert.Null(_signer.Verify(q["tenant"], other, q["exp"], q["sig"], Now));
        Assert.Null(_signer.Verify(q["call"], q["tenant"], q["exp"], q["sig"], Now));
        Assert.Null(_signer.Verify(q["tenant"], q["call"], later, q["sig"], Now));
        Assert.Null(_signer.Verify(q["tenant"], q["call"], q["exp"], q["sig"]![..^1] + (q["sig"]![^1] == '0' ? '1' : '0'), Now));
        Assert.Null(new RecordingLinkSigner("another-recording-secret-0123456789abcdef").Verify(q["tenant"], q["call"], q["exp"], q["sig"], Now));
    }

    [Theory]
    [InlineData(null, "c", "1", "s")]
    [InlineData("../../etc/passwd", "c", "1", "s")]
    [InlineData("0190F1C27A3B7C4D8E5F0123456789AB", "c", "1", "s")]
    [InlineData("0190f1c2-7a3b-7c4d-8e5f-0123456789ab", "c", "1", "s")]
    public void Ids_in_any_form_but_the_signed_one_are_refused(string? tenant, string call, string exp, string sig) =>
        Assert.Null(_signer.Verify(tenant, call, exp, sig, Now));

    [Theory]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("+99999999999")]
    [InlineData("99999999999999999999")]
    [InlineData("9223372036854775807")]
    public void Expiry_values_that_are_not_a_plain_time_are_refused(string exp)
    {
        var q = Query(_signer.SignedPath(Tenant, Call, Now.AddMinutes(60)));

        Assert.Null(_signer.Verify(q["tenant"], q["call"], exp, q["sig"], Now));
    }

    private static System.Collections.Specialized.NameValueCollection Query(string path) => HttpUtility.ParseQueryString(path[(path.IndexOf('?') + 1)..]);
}
