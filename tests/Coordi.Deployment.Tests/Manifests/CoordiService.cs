using Coordi.Core;
using Coordi.Portal;
using Coordi.Voice;
using Microsoft.Extensions.Configuration;

namespace Coordi.Deployment.Tests.Manifests;

/// <summary>
/// One deployable service: its Deployment, its Dockerfile target, its project, and the ports its own options
/// class makes it listen on under a given configuration.
/// </summary>
public sealed record CoordiService(string Deployment, string Target, string Project, string Section, Type OptionsType)
{
    public static readonly CoordiService Core = new("coordi-core", "core", "Coordi.Core", CoreOptions.Section, typeof(CoreOptions));
    public static readonly CoordiService Voice = new("coordi-voice", "voice", "Coordi.Voice", VoiceOptions.Section, typeof(VoiceOptions));
    public static readonly CoordiService Portal = new("coordi-portal", "portal", "Coordi.Portal", PortalOptions.Section, typeof(PortalOptions));

    public static readonly IReadOnlyList<CoordiService> All = [Core, Voice, Portal];

    public object BindOptions(IConfiguration configuration)
    {
        var options = Activator.CreateInstance(OptionsType)!;
        configuration.GetSection(Section).Bind(options);
        return options;
    }

    /// <summary>Ports Kestrel listens on, as each service's Extensions configure them from its options.</summary>
    public ServicePorts Ports(IConfiguration configuration) => BindOptions(configuration) switch
    {
        CoreOptions core => new ServicePorts(Http2: [core.GrpcPort], Http1: [core.HealthPort], Metrics: core.HealthPort),
        VoiceOptions voice => new ServicePorts([], Listening(voice.Port, voice.ManagementPort), MetricsPort(voice.Port, voice.ManagementPort)),
        PortalOptions portal => new ServicePorts([], Listening(portal.Port, portal.ManagementPort), MetricsPort(portal.Port, portal.ManagementPort)),
        _ => throw new InvalidOperationException(OptionsType.Name),
    };

    private static int[] Listening(int port, int management) => management > 0 ? [port, management] : [port];

    // Without a management port /metrics is answered on the public port.
    private static int MetricsPort(int port, int management) => management > 0 ? management : port;

    public override string ToString() => Deployment;
}

public sealed record ServicePorts(int[] Http2, int[] Http1, int Metrics)
{
    public IEnumerable<int> All => Http2.Concat(Http1);
}
