namespace Coordi.Voice.Calls;

/// <summary>Names of the &lt;Stream&gt; parameters our TwiML sets and the media stream handler reads back.</summary>
public static class StreamParameters
{
    public const string CallId = "callId";
    public const string TenantId = "tenantId";
    public const string From = "from";
    public const string To = "to";
    public const string Token = "token";
}
