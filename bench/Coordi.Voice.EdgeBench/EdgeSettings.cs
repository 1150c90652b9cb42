namespace Coordi.Voice.EdgeBench;

/// <summary>The secrets and addresses the bench gives the edge and the core; nothing here is a real credential.</summary>
public static class EdgeSettings
{
    public const string TwilioAccountSid = VoiceServer.TwilioAccountSid;
    public const string TwilioAuthToken = VoiceServer.TwilioAuthToken;

    /// <summary>The environment of a published edge, as a deployment would set it, in Production.</summary>
    public static Dictionary<string, string> EdgeEnvironment(int port, int managementPort, Uri core, Uri twilioApi, Uri realtime, string dataFolder, S3Server s3)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_NOLOGO"] = "1",
            ["Coordi__Voice__Port"] = port.ToString(),
            ["Coordi__Voice__ManagementPort"] = managementPort.ToString(),
            ["Coordi__Voice__PublicBaseUrl"] = $"http://127.0.0.1:{port}",
            ["Coordi__Voice__CoreAddress"] = core.ToString(),
            ["Coordi__Voice__CoreCredential"] = CoreServer.VoiceCredential,
            ["Coordi__Voice__TwilioAccountSid"] = TwilioAccountSid,
            ["Coordi__Voice__TwilioAuthToken"] = TwilioAuthToken,
            ["Coordi__Voice__TwilioApiBaseUrl"] = twilioApi.ToString(),
            ["Coordi__Voice__OpenAiApiKey"] = VoiceServer.OpenAiApiKey,
            ["Coordi__Voice__OpenAiModel"] = VoiceServer.OpenAiModel,
            ["Coordi__Voice__OpenAiRealtimeUrl"] = realtime.ToString(),
            ["Coordi__Voice__StreamTokenSecret"] = VoiceServer.StreamTokenSecret,
            ["Coordi__Voice__RecordingsPath"] = Path.Combine(dataFolder, "recordings"),
            ["Coordi__Voice__RecordingUrlSecret"] = VoiceServer.RecordingUrlSecret,
            ["Coordi__Voice__OutboxPath"] = Path.Combine(dataFolder, "outbox"),
            ["Coordi__Voice__DrainSeconds"] = "5",
        };
        foreach (var (key, value) in s3.VoiceSettings())
        {
            environment[key.Replace(":", "__")] = value ?? "";
        }

        return environment;
    }

    /// <summary>The environment of the published core: Production, trial limits high enough for any row.</summary>
    public static Dictionary<string, string> CoreEnvironment(string connectionString, int grpcPort, int healthPort, string mailFolder) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_NOLOGO"] = "1",
        ["ConnectionStrings__Core"] = connectionString,
        ["Coordi__Core__GrpcPort"] = grpcPort.ToString(),
        ["Coordi__Core__HealthPort"] = healthPort.ToString(),
        ["Coordi__Core__ServiceCredentials__portal"] = CoreServer.PortalCredential,
        ["Coordi__Core__ServiceCredentials__voice"] = CoreServer.VoiceCredential,
        ["Coordi__Core__RecordingUrlSecret"] = CoreServer.RecordingUrlSecret,
        ["Coordi__Core__Email__PickupDirectory"] = mailFolder,
        ["Coordi__Billing__Trial__ConcurrentCallCap"] = "1000",
        ["Coordi__Billing__Trial__Minutes"] = "100000",
        ["Coordi__Billing__Trial__PhoneNumberCap"] = "100",
        ["Logging__LogLevel__Default"] = "Warning",
    };
}
