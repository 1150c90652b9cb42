using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;

namespace Coordi.Deployment.Tests.Manifests;

/// <summary>
/// The configuration a container would see at run time: its project's appsettings.json (the image runs as
/// Production, so no Development file), then the environment the manifests give it (envFrom ConfigMaps and
/// Secrets, then env), with "__" read as ":" as ASP.NET Core does.
/// </summary>
public static class ContainerConfiguration
{
    public static IConfiguration For(Kustomization cluster, JsonNode container, string project)
    {
        var environment = Environment(cluster, container);
        var builder = new ConfigurationBuilder()
            .AddJsonFile(Repository.PathOf("src", project, "appsettings.json"), optional: false)
            .AddJsonFile(Repository.PathOf("src", project, "appsettings.Production.json"), optional: true)
            .AddInMemoryCollection(environment.Select(kv => KeyValuePair.Create(kv.Key.Replace("__", ":", StringComparison.Ordinal), (string?)kv.Value)));
        return builder.Build();
    }

    /// <summary>Environment variables of the container: envFrom sources in order, then env entries (secret refs resolved).</summary>
    public static Dictionary<string, string> Environment(Kustomization cluster, JsonNode container)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in container.Items("envFrom"))
        {
            if (source.Str("configMapRef", "name") is { } configMap)
            {
                foreach (var (key, value) in cluster.Named("ConfigMap", configMap).Pairs("data"))
                {
                    environment[key] = value;
                }
            }

            if (source.Str("secretRef", "name") is { } secret)
            {
                foreach (var (key, value) in SecretData(cluster.Named("Secret", secret)))
                {
                    environment[key] = value;
                }
            }
        }

        foreach (var variable in container.Items("env"))
        {
            var name = variable.Str("name")!;
            if (variable.Str("value") is { } literal)
            {
                environment[name] = literal;
            }
            else if (variable.At("valueFrom", "secretKeyRef") is { } secretRef)
            {
                environment[name] = SecretData(cluster.Named("Secret", secretRef.Str("name")!))
                    .Single(kv => kv.Key == secretRef.Str("key")).Value;
            }
            else if (variable.At("valueFrom", "configMapKeyRef") is { } mapRef)
            {
                environment[name] = cluster.Named("ConfigMap", mapRef.Str("name")!).Str("data", mapRef.Str("key")!)!;
            }
        }

        return environment;
    }

    public static IEnumerable<KeyValuePair<string, string>> SecretData(JsonObject secret) =>
        secret.Pairs("stringData").Concat(secret.Pairs("data").Select(kv =>
            KeyValuePair.Create(kv.Key, System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(kv.Value)))));
}
