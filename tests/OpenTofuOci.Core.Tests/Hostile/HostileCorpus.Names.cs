using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using static OpenTofuOci.Core.Tests.Hostile.HostileLayout;

namespace OpenTofuOci.Core.Tests.Hostile;

/// <summary>Tags and addresses.</summary>
internal static partial class HostileCorpus
{
    private static readonly (string Name, string Tag)[] BadTags =
    [
        ("129 characters", new string('a', 129)),
        ("starting with a dot", ".hidden"),
        ("starting with a dash", "-dash"),
        ("with a plus", "1.0.0+build"),
        ("with a slash", "a/b"),
        ("with a space", "a b"),
        ("with a non-ASCII letter", "v\u00e9"),
        ("percent-encoded", "%41"),
        ("with an at sign", "a@b"),
        ("with a tab", "a\tb"),
        ("with a newline", "a\nb"),
    ];

    private static string ValidModuleLayout(HostileSandbox sandbox)
    {
        var layout = new HostileLayout(sandbox.Path_("layout"));
        layout.Tag("t", layout.Add(MediaTypes.ImageManifest, ImageManifest(Module, layout.EmptyConfig(), layout.Add(MediaTypes.Zip, ModuleZip()))));
        return layout.Save();
    }

    private static IEnumerable<HostileCase> TagCases()
    {
        foreach (var (name, tag) in BadTags)
        {
            yield return new HostileCase(HostileCategory.Tag, $"module save tag {name}", ErrorIds.InvalidReference,
                sandbox => ModuleSave(sandbox, ValidModuleLayout(sandbox), Uri.EscapeDataString(tag)));
            if (tag.Contains('/', StringComparison.Ordinal))
            {
                // oci-layout:<dir>:a/b is the directory "<dir>:a/b" without a tag, not a bad tag.
                continue;
            }

            yield return new HostileCase(HostileCategory.Tag, $"copy destination tag {name}", ErrorIds.InvalidReference, sandbox =>
            {
                var destination = sandbox.Path_("copied");
                return new HostileRun(["copy", $"oci-layout:{ValidModuleLayout(sandbox)}:t", $"oci-layout:{destination}:{tag}"], Destination: destination);
            });
            yield return new HostileCase(HostileCategory.Tag, $"module publish tag {name}", ErrorIds.InvalidReference, sandbox =>
            {
                var module = Path.GetDirectoryName(sandbox.Write(Path.Combine("module", "main.tf"), "variable \"x\" {}\n"))!;
                var destination = sandbox.Path_("published");
                return new HostileRun(["module", "publish", module, "--repository", $"oci-layout:{destination}:{tag}"], Destination: destination);
            });
        }
    }

    private static readonly (string Name, string Address, string Expected)[] BadRepositories =
    [
        ("user info", "user:pw@registry.example/repo", ErrorIds.InvalidReference),
        ("query", "registry.example/repo?x=1", ErrorIds.InvalidReference),
        ("fragment", "registry.example/repo#frag", ErrorIds.InvalidReference),
        ("port 65536", "registry.example:65536/repo", ErrorIds.InvalidReference),
        ("port 99999999999", "registry.example:99999999999/repo", ErrorIds.InvalidReference),
        ("negative port", "registry.example:-1/repo", ErrorIds.InvalidReference),
        ("port not a number", "registry.example:http/repo", ErrorIds.InvalidReference),
        ("empty port", "registry.example:/repo", ErrorIds.InvalidReference),
        ("IPv6 without brackets", "::1/repo", ErrorIds.InvalidReference),
        ("IPv6 unclosed bracket", "[::1/repo", ErrorIds.InvalidReference),
        ("IPv6 with zone", "[fe80::1%25eth0]:5000/repo", ErrorIds.InvalidReference),
        ("upper-case repository", "registry.example/Repo", ErrorIds.InvalidReference),
        ("empty repository", "registry.example/", ErrorIds.InvalidReference),
        ("no repository", "registry.example", ErrorIds.InvalidReference),
        ("double slash", "registry.example//repo", ErrorIds.InvalidReference),
        ("trailing slash", "registry.example/repo/", ErrorIds.InvalidReference),
        ("repository starting with a dash", "registry.example/-repo", ErrorIds.InvalidReference),
        ("repository with two dots", "registry.example/re..po", ErrorIds.InvalidReference),
        ("space in repository", "registry.example/re po", ErrorIds.InvalidReference),
        ("https scheme", "https://registry.example/repo", ErrorIds.InvalidReference),
        ("NUL in repository", "registry.example/re\0po", ErrorIds.InvalidReference),
        ("tag where only a repository is taken", "registry.example/repo:1.0.0", ErrorIds.InvalidReference),
    ];

    private static readonly (string Name, string Address, string Expected)[] BadModuleAddresses =
    [
        ("module tag and digest together", $"oci://registry.example/repo?tag=a&digest=sha256:{Hex64}", ErrorIds.InvalidModuleAddress),
        ("module repeated tag", "oci://registry.example/repo?tag=a&tag=b", ErrorIds.InvalidModuleAddress),
        ("module unknown argument", "oci://registry.example/repo?branch=main", ErrorIds.InvalidModuleAddress),
        ("module empty tag", "oci://registry.example/repo?tag=", ErrorIds.InvalidModuleAddress),
        ("module digest in upper case", $"oci://registry.example/repo?digest=sha256:{Hex64.ToUpperInvariant()}", ErrorIds.InvalidDigest),
        ("module user info", "oci://user@registry.example/repo", ErrorIds.InvalidModuleAddress),
        ("module no repository", "oci://registry.example", ErrorIds.InvalidReference),
        ("module subdirectory climbing out", "oci://registry.example/repo//../x", ErrorIds.InvalidModuleSubdirectory),
    ];

    private static readonly (string Name, string Address, string Expected)[] BadProviderAddresses =
    [
        ("provider with four parts", "example.com/ns/name/extra", ErrorIds.InvalidProviderAddress),
        ("provider without type", "ns/", ErrorIds.InvalidProviderAddress),
        ("provider type with a dot", "example.com/ns/na.me", ErrorIds.InvalidProviderAddress),
        ("provider namespace with a space", "example.com/n s/name", ErrorIds.InvalidProviderAddress),
        ("provider host with a port out of range", "example.com:70000/ns/name", ErrorIds.InvalidProviderAddress),
    ];

    private static IEnumerable<HostileCase> AddressCases()
    {
        foreach (var (name, address, expected) in BadRepositories)
        {
            yield return new HostileCase(HostileCategory.Address, "tags of " + name, expected, _ => new HostileRun(["tags", address]));
        }

        foreach (var (name, address, expected) in BadModuleAddresses)
        {
            yield return new HostileCase(HostileCategory.Address, name, expected, sandbox =>
            {
                var destination = Destination(sandbox, "module");
                return new HostileRun(["module", "save", address, "--destination", destination], Destination: destination);
            });
        }

        foreach (var (name, address, expected) in BadProviderAddresses)
        {
            yield return new HostileCase(HostileCategory.Address, name, expected, sandbox =>
            {
                var run = ProviderInstall(sandbox, sandbox.Path_("layout"));
                run.Args[2] = address;
                return run;
            });
        }
    }
}
