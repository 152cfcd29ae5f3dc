namespace OpenTofuOci.Core.Tests.Hostile;

/// <summary>The kinds of hostile input the corpus covers; every one must have cases.</summary>
internal static class HostileCategory
{
    public const string Manifest = "manifest";
    public const string Index = "index";
    public const string Zip = "zip";
    public const string Tag = "tag";
    public const string Address = "address";
    public const string CliConfig = "cliconfig";
    public const string DockerConfig = "dockerconfig";
    public const string CredentialHelper = "credhelper";

    public static IReadOnlyList<string> All { get; } = [Manifest, Index, Zip, Tag, Address, CliConfig, DockerConfig, CredentialHelper];
}

/// <summary>What one case runs: tofu-oci's arguments, extra environment variables, and the directory it must not create.</summary>
internal sealed record HostileRun(string[] Args, IReadOnlyDictionary<string, string>? Variables = null, string? Destination = null);

/// <summary>
/// One hostile input: its category, a name that says what is wrong with it, the error id tofu-oci must
/// answer with, and how to lay it out in a fresh sandbox (files it reads; the registry for cases that need one).
/// </summary>
internal sealed record HostileCase(string Category, string Name, string ExpectedId, Func<HostileSandbox, HostileRun> Arrange)
{
    public string Id => $"{Category}: {Name}";

    public override string ToString() => Id;
}
