using System.Security.Cryptography;

namespace Coordi.Testing;

/// <summary>Valid values for requests: real-looking sids and numbers that pass validation.</summary>
public static class TestData
{
    public static string CallSid() => "CA" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>A valid, unused-looking US number in the 512 area code (Austin), unique per call.</summary>
    public static string UsNumber()
    {
        // Exchange 2xx-9xx and a random line keep libphonenumber's validity rules satisfied.
        var exchange = RandomNumberGenerator.GetInt32(200, 999);
        var line = RandomNumberGenerator.GetInt32(0, 10000);
        return $"+1512{exchange}{line:0000}";
    }
}
