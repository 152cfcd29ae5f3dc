namespace OpenTofuOci.Core.Providers;

/// <summary>The three symbols a repository template may use (docs/opentofu-compatibility.md §6).</summary>
public static class TemplateSymbols
{
    public const string Hostname = "hostname";
    public const string Namespace = "namespace";
    public const string Type = "type";

    /// <summary>All of them, in the order OpenTofu checks and names them.</summary>
    public static IReadOnlyList<string> All { get; } = [Hostname, Namespace, Type];

    /// <summary>Values used to check a template at load time (rule 6).</summary>
    internal static IReadOnlyDictionary<string, string> Examples { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Hostname] = "example.com",
        [Namespace] = "example-namespace",
        [Type] = "example-type",
    };

    /// <summary>The symbols' values for one provider.</summary>
    internal static IReadOnlyDictionary<string, string> For(ProviderAddress provider) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Hostname] = provider.Hostname,
        [Namespace] = provider.Namespace,
        [Type] = provider.Type,
    };
}
