using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Modules;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Core.Bundles.Import;

/// <summary>
/// Where each item of a bundle goes (docs/opentofu-compatibility.md §13 "Import"): every provider version to the
/// repository the template maps its address to, every module to the module prefix plus its original repository path,
/// and the new <c>oci://</c> address each module source becomes. Computed before anything is written, so a template
/// or prefix that cannot work is refused up front.
/// </summary>
/// <param name="Template">The repository template, checked as OpenTofu checks an <c>oci_mirror</c> block whose <c>include</c> lists the bundled providers.</param>
/// <param name="Providers">One entry per bundled provider version.</param>
/// <param name="Modules">One entry per bundled module.</param>
public sealed record BundleImportPlan(RepositoryTemplate Template, IReadOnlyList<BundleProviderTarget> Providers, IReadOnlyList<BundleModuleTarget> Modules)
{
    /// <summary>Every repository written, <c>host/repo</c>, distinct and sorted.</summary>
    public IReadOnlyList<string> Repositories =>
        Providers.Select(p => p.RepositoryText).Concat(Modules.Select(m => m.RepositoryText)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>The distinct bundled provider addresses, sorted.</summary>
    public IReadOnlyList<string> ProviderAddresses =>
        Providers.Select(p => p.Provider.Address).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>Old module source (as the bundle records it) → new source.</summary>
    public IReadOnlyDictionary<string, string> ModuleSources =>
        Modules.ToDictionary(m => m.Module.Source, m => m.NewSource, StringComparer.Ordinal);

    /// <summary>
    /// Maps <paramref name="contents"/> with <paramref name="template"/> (an <c>oci_mirror</c> repository template)
    /// and <paramref name="modulePrefix"/> (<c>host[:port]/path</c> or <c>host[:port]</c>; needed only when the bundle holds modules).
    /// </summary>
    public static BundleImportPlan Create(BundleContents contents, string template, string? modulePrefix)
    {
        ArgumentNullException.ThrowIfNull(contents);
        ArgumentNullException.ThrowIfNull(template);
        var addresses = contents.Providers.Select(p => p.Address).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        // Checked against the include list the generated .tofurc will carry, so the template tofu reads is one it accepts.
        var parsed = RepositoryTemplate.Parse(template, ProviderPattern.ParseAll(addresses));
        var providers = contents.Providers.Select(p =>
        {
            var (registry, repository) = parsed.Map(ProviderAddress.Parse(p.Address));
            return new BundleProviderTarget(p, registry, repository);
        }).ToList();

        var modules = new List<BundleModuleTarget>();
        if (contents.Modules.Count > 0)
        {
            var (registry, basePath) = SplitPrefix(modulePrefix);
            foreach (var module in contents.Modules)
            {
                var address = ModuleAddress.Parse(module.Source);
                var repository = basePath.Length == 0 ? address.Remote!.Repository : $"{basePath}/{address.Remote!.Repository}";
                if (!Reference.IsValidRepository(repository))
                {
                    throw new TofuOciException(ErrorIds.InvalidReference, ErrorKind.InvalidArgument,
                        $"Module {module.Source} would go to {registry}/{repository}, which is not a valid OCI repository name. Choose another module prefix.", module.Source);
                }

                var newSource = ModuleAddress.Format($"{registry}/{repository}", null, address.Digest is null ? address.Tag : null, address.Digest?.ToString());
                modules.Add(new BundleModuleTarget(module, registry, repository, newSource));
            }

            var clash = modules.GroupBy(m => (m.RepositoryText, m.Module.Tag)).FirstOrDefault(g => g.Select(m => m.Module.Digest).Distinct().Count() > 1);
            if (clash is not null)
            {
                throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                    $"Modules {string.Join(" and ", clash.Select(m => m.Module.Source))} would both go to {clash.Key.RepositoryText} with tag {clash.Key.Tag} but are different artifacts (they come from different registries). Import them with different module prefixes, one bundle each.",
                    clash.Key.RepositoryText);
            }
        }

        return new BundleImportPlan(parsed, providers, modules);
    }

    private static (string Registry, string Path) SplitPrefix(string? prefix)
    {
        var text = prefix?.TrimEnd('/');
        if (string.IsNullOrEmpty(text))
        {
            throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                "The bundle holds modules, so a module prefix is needed: the registry (and optional repository path) they are pushed under, e.g. registry.example.com/modules.");
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var registry = slash < 0 ? text : text[..slash];
        var path = slash < 0 ? string.Empty : text[(slash + 1)..];
        if (!Reference.IsValidRegistry(registry) || (path.Length > 0 && !Reference.IsValidRepository(path)))
        {
            throw new TofuOciException(ErrorIds.InvalidReference, ErrorKind.InvalidArgument,
                $"The module prefix \"{UntrustedText.Escape(text)}\" is not host[:port] or host[:port]/path with a valid OCI repository path (lowercase letters, digits, . _ - separated by /).", text);
        }

        return (registry, path);
    }
}

/// <summary>Where one bundled provider version goes.</summary>
public sealed record BundleProviderTarget(BundleProvider Provider, string Registry, string Repository)
{
    /// <summary><c>host/repo</c>.</summary>
    public string RepositoryText => $"{Registry}/{Repository}";
}

/// <summary>Where one bundled module goes, and the <c>oci://</c> source that names it there.</summary>
public sealed record BundleModuleTarget(BundleModule Module, string Registry, string Repository, string NewSource)
{
    /// <summary><c>host/repo</c>.</summary>
    public string RepositoryText => $"{Registry}/{Repository}";

    /// <summary>The tag to give it there: the source's own tag, none for a module pinned by digest only.</summary>
    public string? Tag => ModuleAddress.Parse(Module.Source).Digest is null ? Module.Tag : null;
}
