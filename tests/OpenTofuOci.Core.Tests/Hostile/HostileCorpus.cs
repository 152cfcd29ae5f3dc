namespace OpenTofuOci.Core.Tests.Hostile;

/// <summary>
/// Generates the hostile-input corpus: every case a named variation of a valid input, run through the
/// real <c>tofu-oci</c> entry points (module save and provider install from real OCI layouts, tags
/// against a real registry, credentials lookups through real config files and helper scripts).
/// </summary>
internal static partial class HostileCorpus
{
    // Lazy: the case tables live in the other parts of this class, whose static fields must be set first.
    private static readonly Lazy<IReadOnlyList<HostileCase>> Generated = new(() =>
    [
        .. ManifestCases(), .. IndexCases(), .. ZipCases(), .. TagCases(), .. AddressCases(),
        .. CliConfigCases(), .. DockerConfigCases(), .. CredentialHelperCases(),
    ]);

    public static IReadOnlyList<HostileCase> All => Generated.Value;

    public static HostileCase Named(string id) => All.Single(c => c.Id == id);

    /// <summary><c>module save</c> of tag <paramref name="tag"/> from a layout into a destination that must stay absent.</summary>
    private static HostileRun ModuleSave(HostileSandbox sandbox, string layout, string tag = "t")
    {
        var destination = Destination(sandbox, "module");
        return new HostileRun(["module", "save", $"oci-layout:{layout}?tag={tag}", "--destination", destination], Destination: destination);
    }

    /// <summary><c>provider install</c> of example.com/ns/name for linux_amd64 from a layout.</summary>
    private static HostileRun ProviderInstall(HostileSandbox sandbox, string layout)
    {
        var destination = Destination(sandbox, "mirror");
        return new HostileRun(["provider", "install", "example.com/ns/name", "--repository", $"oci-layout:{layout}", "--destination", destination,
            "--platform", "linux_amd64"], Destination: destination);
    }

    private static string Destination(HostileSandbox sandbox, string name)
    {
        var parent = Directory.CreateDirectory(sandbox.Path_("out")).FullName;
        return Path.Combine(parent, name);
    }
}
