using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Coordi.Deployment.Tests.Manifests;
using Coordi.Portal;
using Coordi.Voice;
using Microsoft.Extensions.Configuration;

namespace Coordi.Deployment.Tests;

/// <summary>
/// What `kubectl apply -k k8s/overlays/example` would create, checked against the Dockerfile and against the
/// services' own configuration classes and appsettings.json.
/// </summary>
public sealed partial class ManifestTests
{
    private static readonly Kustomization Cluster = Kustomization.Build(Repository.PathOf("k8s", "overlays", "example"));
    private static readonly Kustomization Base = Kustomization.Build(Repository.PathOf("k8s", "base"));
    private static readonly Dockerfile Docker = Dockerfile.Load(Repository.PathOf("Dockerfile"));

    public static TheoryData<string> Services => [.. CoordiService.All.Select(s => s.Deployment)];

    private static CoordiService Service(string deployment) => CoordiService.All.Single(s => s.Deployment == deployment);

    private static JsonObject DeploymentOf(CoordiService service) => Cluster.Workload(service.Deployment);

    private static JsonNode ContainerOf(CoordiService service) => Assert.Single(Kustomization.Containers(DeploymentOf(service)));

    private static IConfiguration ConfigurationOf(CoordiService service) =>
        ContainerConfiguration.For(Cluster, ContainerOf(service), service.Project);

    [Fact]
    public void The_overlay_renders_every_service_the_migration_job_and_the_generated_secret()
    {
        Assert.Equal(
            ["coordi-core", "coordi-portal", "coordi-voice"],
            Cluster.Workloads.Select(d => d.Str("metadata", "name")).Order());
        Assert.Single(Cluster.OfKind("Job"));
        var secret = Cluster.Named("Secret", "coordi-secrets");
        Assert.NotEmpty(ContainerConfiguration.SecretData(secret));
        Assert.All(Cluster.Objects.Where(o => o.Str("kind") != "Namespace"), o => Assert.Equal("coordi", o.Str("metadata", "namespace")));
    }

    [Fact]
    public void Every_workload_runs_as_non_root_on_a_read_only_root_without_privilege_escalation_and_with_requests_and_limits()
    {
        var workloads = Cluster.Workloads.Concat(Cluster.OfKind("Job")).ToList();
        Assert.Equal(4, workloads.Count);
        foreach (var workload in workloads)
        {
            var name = workload.Str("metadata", "name");
            var pod = Kustomization.PodTemplate(workload);
            foreach (var container in Kustomization.Containers(workload))
            {
                var context = $"{name}/{container.Str("name")}";
                Assert.True(
                    container.Bool("securityContext", "runAsNonRoot") ?? pod.Bool("spec", "securityContext", "runAsNonRoot") ?? false,
                    $"{context} must run as non-root");
                Assert.True(container.Bool("securityContext", "readOnlyRootFilesystem") == true, $"{context} needs a read-only root filesystem");
                Assert.True(container.Bool("securityContext", "allowPrivilegeEscalation") == false, $"{context} must not allow privilege escalation");
                Assert.NotEqual(true, container.Bool("securityContext", "privileged"));
                Assert.Contains("ALL", container.Items("securityContext", "capabilities", "drop").Select(c => c.GetValue<string>()));
                foreach (var kind in new[] { "requests", "limits" })
                {
                    foreach (var resource in new[] { "cpu", "memory" })
                    {
                        Assert.False(string.IsNullOrEmpty(container.Str("resources", kind, resource)), $"{context} has no {kind}.{resource}");
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_deployment_has_startup_liveness_and_readiness_probes_on_an_http1_port_serving_health(string deployment)
    {
        var service = Service(deployment);
        var container = ContainerOf(service);
        var ports = service.Ports(ConfigurationOf(service));
        foreach (var (probe, path) in new[] { ("startupProbe", "/healthz"), ("livenessProbe", "/healthz"), ("readinessProbe", "/readyz") })
        {
            var get = container.At(probe, "httpGet");
            Assert.True(get is not null, $"{deployment} has no {probe} over HTTP");
            Assert.Equal(path, get.Str("path"));
            var port = ContainerPort(container, get.Str("port")!);
            // gRPC's port is HTTP/2 only: a kubelet probe there would fail, so probes must use an HTTP/1.1 port.
            Assert.Contains(port, ports.Http1);
        }
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Each_deployment_runs_its_dockerfile_target_and_the_overlay_pins_a_registry_image(string deployment)
    {
        var service = Service(deployment);
        var baseImage = Assert.Single(Kustomization.Containers(Base.Workload(deployment))).Str("image")!;
        Assert.Equal("coordi-" + service.Target, baseImage);
        Assert.True(Docker.HasStage(service.Target), $"the Dockerfile has no stage '{service.Target}'");
        Assert.Contains($"\"{service.Project}.dll\"", Docker[service.Target].Entrypoint.Single());

        var image = ContainerOf(service).Str("image")!;
        var tag = image[(Kustomization.ImageName(image).Length + 1)..];
        Assert.Matches(@"^[a-z0-9.\-]+(:\d+)?/", image);
        Assert.NotEqual("latest", tag);
        Assert.NotEmpty(tag);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Container_ports_and_exposed_ports_are_the_ports_the_service_is_configured_to_listen_on(string deployment)
    {
        var service = Service(deployment);
        var configured = service.Ports(ConfigurationOf(service)).All.Order().ToArray();
        var declared = ContainerOf(service).Items("ports").Select(p => p.Int("containerPort")!.Value).Order().ToArray();
        Assert.Equal(configured, declared);
        Assert.Equal(configured, Docker[service.Target].Exposed.Order().ToArray());
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Each_service_starts_with_the_cluster_configuration_and_production_settings(string deployment)
    {
        var service = Service(deployment);
        var configuration = ConfigurationOf(service);
        var options = service.BindOptions(configuration);
        var errors = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true);
        Assert.Empty(errors.Select(e => e.ErrorMessage));

        switch (options)
        {
            case Coordi.Core.CoreOptions core:
                Assert.False(string.IsNullOrEmpty(configuration.GetConnectionString("Core")));
                Assert.StartsWith("https://", core.VoicePublicBaseUrl, StringComparison.Ordinal);
                Assert.False(string.IsNullOrEmpty(configuration["Coordi:Core:Email:SmtpHost"]), "owner notifications go out by SMTP in the cluster");
                Assert.Equal(["portal", "voice"], core.ServiceCredentials.Keys.Order());
                Assert.All(core.ServiceCredentials.Values, v => Assert.True(v.Length >= 32));
                break;
            case VoiceOptions voice:
                Assert.StartsWith("https://", voice.PublicBaseUrl, StringComparison.Ordinal);
                Assert.False(string.IsNullOrEmpty(voice.TwilioAuthToken));
                Assert.True(voice.ManagementPort > 0, "the voice edge serves /metrics on a management port in the cluster");
                // The outbox and recordings must be on a writable volume: the root filesystem is read-only.
                Assert.True(IsOnWritableMount(ContainerOf(service), voice.OutboxPath), $"outbox {voice.OutboxPath} is not on a mounted volume");
                Assert.True(IsOnWritableMount(ContainerOf(service), voice.RecordingsPath), $"recordings {voice.RecordingsPath} are not on a mounted volume");
                break;
            case PortalOptions portal:
                Assert.False(string.IsNullOrEmpty(configuration.GetConnectionString("Portal")));
                Assert.StartsWith("https://", portal.PublicBaseUrl, StringComparison.Ordinal);
                Assert.StartsWith("https://", portal.VoicePublicBaseUrl, StringComparison.Ordinal);
                Assert.True(portal.BehindProxy, "behind the TLS ingress the portal must trust X-Forwarded-Proto to mark cookies Secure");
                Assert.False(string.IsNullOrEmpty(portal.Email.SmtpHost), "the pickup folder is for local runs; the cluster sends mail by SMTP");
                Assert.True(portal.ManagementPort > 0, "the portal serves /metrics on a management port in the cluster");
                Assert.Empty(((IValidatableObject)portal).Validate(new ValidationContext(portal)).Select(r => r.ErrorMessage));
                break;
        }
    }

    [Fact]
    public void Keys_tokens_passwords_and_credentials_come_only_from_secrets()
    {
        // Nothing sensitive in a ConfigMap...
        foreach (var map in Cluster.OfKind("ConfigMap"))
        {
            foreach (var (key, value) in map.Pairs("data"))
            {
                Assert.False(IsSensitive(key, value), $"ConfigMap {map.Str("metadata", "name")} holds the sensitive setting {key}");
            }
        }

        // ...nor as a literal env value of any container.
        foreach (var workload in Cluster.Workloads.Concat(Cluster.OfKind("Job")))
        {
            foreach (var container in Kustomization.Containers(workload))
            {
                foreach (var variable in container.Items("env"))
                {
                    var name = variable.Str("name")!;
                    if (IsSensitive(name, variable.Str("value") ?? ""))
                    {
                        Assert.True(variable.Str("value") is null && variable.At("valueFrom", "secretKeyRef") is not null,
                            $"{workload.Str("metadata", "name")} sets {name} without a secretKeyRef");
                    }
                }
            }
        }

        // Every sensitive setting a service reads does arrive, and from the Secret.
        var secretKeys = ContainerConfiguration.SecretData(Cluster.Named("Secret", "coordi-secrets")).Select(kv => kv.Key).ToHashSet();
        string[] required =
        [
            "ConnectionStrings__Core", "ConnectionStrings__Portal",
            "Coordi__Core__ServiceCredentials__portal", "Coordi__Core__ServiceCredentials__voice",
            "Coordi__Voice__CoreCredential", "Coordi__Portal__CoreCredential",
            "Coordi__Voice__StreamTokenSecret", "Coordi__Voice__TwilioAuthToken", "Coordi__Voice__OpenAiApiKey",
            "Coordi__Voice__RecordingUrlSecret", "Coordi__Core__RecordingUrlSecret", "Coordi__Portal__Email__SmtpPassword",
            "Coordi__Voice__Recordings__SecretKey",
        ];
        Assert.Empty(required.Except(secretKeys));
        Assert.All(CoordiService.All, s => Assert.Contains(ContainerOf(s).Items("envFrom"), e => e.Str("secretRef", "name") == "coordi-secrets"));

        // The options classes have no other sensitive settings that the Secret forgot.
        var optionClasses = CoordiService.All.Select(s => (s.OptionsType, s.Section))
            .Append((typeof(Coordi.Core.Billing.BillingOptions), Coordi.Core.Billing.BillingOptions.Section))
            .Append((typeof(Coordi.Core.Webhooks.EmailOptions), Coordi.Core.Webhooks.EmailOptions.Section))
            .Append((typeof(Coordi.Voice.Recording.RecordingStorageOptions), Coordi.Voice.Recording.RecordingStorageOptions.Section));
        foreach (var (type, section) in optionClasses)
        {
            foreach (var property in SettingNames(type, section.Replace(":", "__", StringComparison.Ordinal)))
            {
                if (IsSensitive(property, "") && !property.EndsWith("CertificatePassword", StringComparison.Ordinal))
                {
                    Assert.True(secretKeys.Contains(property) || secretKeys.Any(k => k.StartsWith(property + "__", StringComparison.Ordinal)),
                        $"{property} is not provided by the Secret");
                }
            }
        }
    }

    [Fact]
    public void The_migration_job_runs_the_core_image_with_the_migrate_only_flag_the_core_understands()
    {
        var job = Assert.Single(Cluster.OfKind("Job"));
        var container = Assert.Single(Kustomization.Containers(job));
        Assert.Equal(ContainerOf(CoordiService.Core).Str("image"), container.Str("image"));
        Assert.Equal(["--migrate-only"], container.Items("args").Select(a => a.GetValue<string>()));
        Assert.Contains(Kustomization.PodTemplate(job).Str("spec", "restartPolicy"), new[] { "OnFailure", "Never" });
        Assert.Contains("\"--migrate-only\"", File.ReadAllText(Repository.PathOf("src", "Coordi.Core", "Program.cs")));
        Assert.Contains(container.Items("envFrom"), e => e.Str("secretRef", "name") == "coordi-secrets");
    }

    [Fact]
    public void The_voice_edge_drains_its_calls_before_the_pod_is_killed()
    {
        var voice = CoordiService.Voice;
        var options = (VoiceOptions)voice.BindOptions(ConfigurationOf(voice));
        var pod = Kustomization.PodTemplate(DeploymentOf(voice));
        var grace = pod.Int("spec", "terminationGracePeriodSeconds")!.Value;
        var preStop = ContainerOf(voice).At("lifecycle", "preStop");
        Assert.NotNull(preStop);
        var preStopSeconds = preStop.Int("sleep", "seconds") ?? 0;

        // A call may last MaxCallSeconds; draining waits that long; then the edge says goodbye (GoodbyeSeconds)
        // and the host allows DrainSeconds + GoodbyeSeconds + 30 s in all (see the voice edge's Extensions).
        Assert.True(options.DrainSeconds >= options.MaxCallSeconds, $"DrainSeconds {options.DrainSeconds} < MaxCallSeconds {options.MaxCallSeconds}");
        Assert.True(grace >= preStopSeconds + options.DrainSeconds + options.GoodbyeSeconds + 30, $"terminationGracePeriodSeconds {grace} is shorter than the drain");
        Assert.True(grace >= 600, "a long grace period lets live calls finish");
        Assert.Equal("1", Cluster.Named("PodDisruptionBudget", voice.Deployment).Str("spec", "maxUnavailable"));
    }

    [Fact]
    public void The_voice_ingress_keeps_media_streams_open_for_an_hour_and_routes_only_twilio_and_recordings()
    {
        var options = (VoiceOptions)CoordiService.Voice.BindOptions(ConfigurationOf(CoordiService.Voice));
        var ingress = Cluster.OfKind("Ingress").Single(i => i.Items("spec", "rules").SelectMany(r => r.Items("http", "paths")).Any(p => p.Str("backend", "service", "name") == "coordi-voice"));
        foreach (var annotation in new[] { "nginx.ingress.kubernetes.io/proxy-read-timeout", "nginx.ingress.kubernetes.io/proxy-send-timeout" })
        {
            var seconds = int.Parse(ingress.At("metadata", "annotations")!.Str(annotation) ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(seconds >= 3600 && seconds >= options.MaxCallSeconds, $"{annotation} is {seconds}s");
        }

        var paths = ingress.Items("spec", "rules").SelectMany(r => r.Items("http", "paths")).Select(p => p.Str("path")).Order();
        Assert.Equal(["/recordings", "/twilio"], paths);
    }

    [Fact]
    public void No_ingress_reaches_a_port_that_serves_metrics()
    {
        foreach (var path in Cluster.OfKind("Ingress").SelectMany(i => i.Items("spec", "rules")).SelectMany(r => r.Items("http", "paths")))
        {
            var serviceName = path.Str("backend", "service", "name")!;
            var svc = Cluster.Named("Service", serviceName);
            var servicePort = svc.Items("spec", "ports").Single(p =>
                p.Str("name") == path.Str("backend", "service", "port", "name") || p.Str("port") == path.Str("backend", "service", "port", "number"));
            var service = CoordiService.All.Single(s => s.Deployment == serviceName);
            var containerPort = ContainerPort(ContainerOf(service), servicePort.Str("targetPort") ?? servicePort.Str("port")!);
            Assert.NotEqual(service.Ports(ConfigurationOf(service)).Metrics, containerPort);
        }
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Prometheus_scrapes_each_pod_on_the_port_that_serves_metrics(string deployment)
    {
        var service = Service(deployment);
        var annotations = Kustomization.PodTemplate(DeploymentOf(service)).At("metadata", "annotations");
        Assert.Equal("true", annotations.Str("prometheus.io/scrape"));
        Assert.Equal("/metrics", annotations.Str("prometheus.io/path"));
        var metricsPort = service.Ports(ConfigurationOf(service)).Metrics;
        Assert.Equal(metricsPort, annotations.Int("prometheus.io/port"));

        // Where a NetworkPolicy isolates the pods, it must still let the monitoring namespace scrape them.
        var policies = Cluster.OfKind("NetworkPolicy")
            .Where(p => p.Str("spec", "podSelector", "matchLabels", "app.kubernetes.io/name") == deployment)
            .ToList();
        if (policies.Count > 0)
        {
            Assert.Contains(policies.SelectMany(p => p.Items("spec", "ingress")), rule =>
                rule.Items("ports").Any(p => p.Int("port") == metricsPort)
                && rule.Items("from").Any(f => f.Str("namespaceSelector", "matchLabels", "kubernetes.io/metadata.name") == "monitoring"));
        }
    }

    [Fact]
    public void Only_the_portal_and_the_voice_edge_may_reach_the_core_grpc_port()
    {
        var core = CoordiService.Core;
        var grpcPort = Assert.Single(core.Ports(ConfigurationOf(core)).Http2);
        var policies = Cluster.OfKind("NetworkPolicy")
            .Where(p => p.Str("spec", "podSelector", "matchLabels", "app.kubernetes.io/name") == core.Deployment)
            .ToList();
        Assert.NotEmpty(policies);
        Assert.All(policies, p => Assert.Contains("Ingress", p.Items("spec", "policyTypes").Select(t => t.GetValue<string>())));

        var allowedToGrpc = new List<string>();
        foreach (var rule in policies.SelectMany(p => p.Items("spec", "ingress")))
        {
            var ports = rule.Items("ports").Select(p => p.Int("port")).ToList();
            if (ports.Count > 0 && !ports.Contains(grpcPort))
            {
                continue;
            }

            var from = rule.Items("from").ToList();
            Assert.NotEmpty(from); // a rule without sources would open the port to everyone
            foreach (var source in from)
            {
                Assert.Null(source.At("ipBlock"));
                Assert.Null(source.At("namespaceSelector"));
                allowedToGrpc.Add(source.Str("podSelector", "matchLabels", "app.kubernetes.io/name")!);
            }
        }

        Assert.Equal(["coordi-portal", "coordi-voice"], allowedToGrpc.Order());
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Each_deployment_has_an_autoscaler_and_a_disruption_budget(string deployment)
    {
        var labels = Kustomization.PodTemplate(DeploymentOf(Service(deployment))).Pairs("metadata", "labels").ToDictionary();
        var hpa = Assert.Single(Cluster.OfKind("HorizontalPodAutoscaler"), h => h.Str("spec", "scaleTargetRef", "name") == deployment);
        Assert.Equal(DeploymentOf(Service(deployment)).Str("kind"), hpa.Str("spec", "scaleTargetRef", "kind"));
        Assert.True(hpa.Int("spec", "minReplicas") >= 2, "at least two replicas survive a node loss");
        Assert.True(hpa.Int("spec", "maxReplicas") > hpa.Int("spec", "minReplicas"));

        var pdb = Assert.Single(Cluster.OfKind("PodDisruptionBudget"), p =>
            p.Pairs("spec", "selector", "matchLabels").All(kv => labels.GetValueOrDefault(kv.Key) == kv.Value));
        Assert.True(pdb.At("spec", "minAvailable") is not null || pdb.At("spec", "maxUnavailable") is not null);
    }

    [Fact]
    public void The_voice_edge_is_a_stateful_set_whose_pods_keep_their_outbox_on_a_volume_of_their_own()
    {
        var voice = CoordiService.Voice;
        var options = (VoiceOptions)voice.BindOptions(ConfigurationOf(voice));
        var set = Cluster.Named("StatefulSet", voice.Deployment);
        var podLabels = Kustomization.PodTemplate(set).Pairs("metadata", "labels").ToDictionary();
        Assert.All(set.Pairs("spec", "selector", "matchLabels"), kv => Assert.Equal(kv.Value, podLabels.GetValueOrDefault(kv.Key)));
        // Identity is only for the volume: pods start and stop together, not one ordinal after another.
        Assert.Equal("Parallel", set.Str("spec", "podManagementPolicy"));

        // The governing Service is headless and selects the voice pods (stable per-pod names).
        var governing = Cluster.Named("Service", set.Str("spec", "serviceName")!);
        Assert.Equal("None", governing.Str("spec", "clusterIP"));
        Assert.All(governing.Pairs("spec", "selector"), kv => Assert.Equal(kv.Value, podLabels.GetValueOrDefault(kv.Key)));

        // The outbox is on the pod's claim from the template (ReadWriteOnce, sized), where the configuration puts it.
        var mount = MountHolding(ContainerOf(voice), options.OutboxPath);
        Assert.True(mount is not null, $"nothing is mounted at the outbox {options.OutboxPath}");
        Assert.NotEqual(true, mount.Bool("readOnly"));
        var claim = Assert.Single(set.Items("spec", "volumeClaimTemplates"), c => c.Str("metadata", "name") == mount.Str("name"));
        Assert.Equal(["ReadWriteOnce"], claim.Items("spec", "accessModes").Select(m => m.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(claim.Str("spec", "resources", "requests", "storage")), "the outbox claim asks for a size");
        Assert.DoesNotContain(Kustomization.PodTemplate(set).Items("spec", "volumes"), v => v.Str("name") == mount.Str("name"));

        // A scaled-down ordinal keeps its claim (Retain is also Kubernetes' default): what is left in its outbox
        // is delivered when the ordinal comes back.
        Assert.Equal("Retain", set.Str("spec", "persistentVolumeClaimRetentionPolicy", "whenScaled") ?? "Retain");

        // The autoscaler and the disruption budget act on the StatefulSet and its pods.
        var hpa = Assert.Single(Cluster.OfKind("HorizontalPodAutoscaler"), h => h.Str("spec", "scaleTargetRef", "name") == voice.Deployment);
        Assert.Equal(("apps/v1", "StatefulSet"), (hpa.Str("spec", "scaleTargetRef", "apiVersion"), hpa.Str("spec", "scaleTargetRef", "kind")));
        var pdb = Cluster.Named("PodDisruptionBudget", voice.Deployment);
        Assert.NotEmpty(pdb.Pairs("spec", "selector", "matchLabels"));
        Assert.All(pdb.Pairs("spec", "selector", "matchLabels"), kv => Assert.Equal(kv.Value, podLabels.GetValueOrDefault(kv.Key)));
    }

    [Fact]
    public void No_workload_keeps_the_outbox_or_recordings_on_an_emptyDir_which_is_for_scratch_only()
    {
        var voice = (VoiceOptions)CoordiService.Voice.BindOptions(ConfigurationOf(CoordiService.Voice));
        string[] durable = [voice.OutboxPath, voice.RecordingsPath];
        foreach (var workload in Cluster.Workloads.Concat(Cluster.OfKind("Job")))
        {
            var emptyDirs = Kustomization.PodTemplate(workload).Items("spec", "volumes")
                .Where(v => v.At("emptyDir") is not null)
                .Select(v => v.Str("name"))
                .ToHashSet();
            foreach (var container in Kustomization.Containers(workload))
            {
                foreach (var mount in container.Items("volumeMounts").Where(m => emptyDirs.Contains(m.Str("name"))))
                {
                    var context = $"{workload.Str("metadata", "name")}/{container.Str("name")} mounts an emptyDir at {mount.Str("mountPath")}";
                    // An emptyDir dies with its pod: scratch space only.
                    Assert.True(mount.Str("mountPath")!.TrimEnd('/') == "/tmp", $"{context}; only /tmp scratch may be an emptyDir");
                    Assert.All(durable, path => Assert.False(IsUnder(path, mount.Str("mountPath")!), $"{context}, which holds {path}"));
                }
            }
        }

        // And the voice edge's durable paths are on a mount at all (the root filesystem is read-only and not kept).
        Assert.All(durable, path => Assert.NotNull(MountHolding(ContainerOf(CoordiService.Voice), path)));
    }

    [Fact]
    public void The_core_service_is_headless_and_its_clients_balance_per_call_over_dns()
    {
        var core = CoordiService.Core;
        var service = Cluster.Named("Service", core.Deployment);
        var grpcPort = Assert.Single(core.Ports(ConfigurationOf(core)).Http2);
        var grpc = Assert.Single(service.Items("spec", "ports"), p => ContainerPort(ContainerOf(core), p.Str("targetPort")!) == grpcPort);
        var headless = service.Str("spec", "clusterIP") == "None";
        Assert.True(headless || grpc.Str("appProtocol") is "grpc" or "kubernetes.io/h2c", "gRPC needs a headless or an HTTP/2-aware Service");
        Assert.Equal("kubernetes.io/h2c", grpc.Str("appProtocol"));

        if (headless)
        {
            // A headless Service only helps clients that resolve every pod: both callers use dns:/// addresses.
            var expected = $"dns:///{service.Str("metadata", "name")}.{service.Str("metadata", "namespace")}.svc.cluster.local:{grpc.Str("port")}";
            Assert.Equal(expected, ((VoiceOptions)CoordiService.Voice.BindOptions(ConfigurationOf(CoordiService.Voice))).CoreAddress);
            Assert.Equal(expected, ((PortalOptions)CoordiService.Portal.BindOptions(ConfigurationOf(CoordiService.Portal))).CoreAddress);
        }
    }

    private static int ContainerPort(JsonNode container, string nameOrNumber) =>
        int.TryParse(nameOrNumber, out var number)
            ? number
            : container.Items("ports").Single(p => p.Str("name") == nameOrNumber).Int("containerPort")!.Value;

    /// <summary>The mount whose path holds <paramref name="path"/> (the deepest, when mounts nest).</summary>
    private static JsonNode? MountHolding(JsonNode container, string path) =>
        container.Items("volumeMounts")
            .Where(m => IsUnder(path, m.Str("mountPath")!))
            .OrderByDescending(m => m.Str("mountPath")!.Length)
            .FirstOrDefault();

    private static bool IsUnder(string path, string mountPath) =>
        (path.TrimEnd('/') + "/").StartsWith(mountPath.TrimEnd('/') + "/", StringComparison.Ordinal);

    private static bool IsOnWritableMount(JsonNode container, string path) =>
        Path.IsPathRooted(path) && container.Items("volumeMounts").Any(m =>
            m.Bool("readOnly") != true && (path + "/").StartsWith(m.Str("mountPath")!.TrimEnd('/') + "/", StringComparison.Ordinal));

    /// <summary>Setting names that hold secrets: keys, tokens, passwords, credentials, and connection strings with a password.</summary>
    /// Every connection string counts: one without a password today gets one in the next environment.
    private static bool IsSensitive(string key, string value) =>
        key.Split("__").Any(SensitiveName().IsMatch)
        || key.StartsWith("ConnectionStrings", StringComparison.Ordinal)
        || value.Contains("Password=", StringComparison.OrdinalIgnoreCase);

    /// <summary>Environment-variable names of every settable property of an options class, nested classes included.</summary>
    private static IEnumerable<string> SettingNames(Type type, string prefix)
    {
        foreach (var property in type.GetProperties().Where(p => p.CanWrite))
        {
            var name = $"{prefix}__{property.Name}";
            if (property.PropertyType.IsClass && property.PropertyType != typeof(string) && !property.PropertyType.IsGenericType)
            {
                foreach (var nested in SettingNames(property.PropertyType, name))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return name;
            }
        }
    }

    [GeneratedRegex("(Key|Token|Secret|Password|Credential)s?$", RegexOptions.IgnoreCase)]
    private static partial Regex SensitiveName();
}
