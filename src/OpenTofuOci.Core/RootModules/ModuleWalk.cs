using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Modules;
using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Core.RootModules;

/// <summary>
/// Reads a module and, depth-first, the local child modules it calls, gathering module calls and provider
/// requirements as <c>tofu init</c> does (docs/opentofu-compatibility.md §11).
/// </summary>
internal sealed class ModuleWalk(CancellationToken cancellationToken)
{
    /// <summary>
    /// How many module instances one configuration may have. The same local directory may be called many times
    /// (not a cycle), so a hostile tree of calls could otherwise grow exponentially.
    /// </summary>
    public const int MaxModuleInstances = 1000;

    private const string DefaultNamespace = "hashicorp";
    private const string BuiltInLocalName = "terraform";
    private const string BuiltInHostname = "terraform.io";

    private int _instances;

    public List<ModuleCall> Calls { get; } = [];

    public Dictionary<string, GatheredProvider> Providers { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> FileDigests { get; } = new(StringComparer.Ordinal);

    /// <summary>How many configuration files the root module directory has.</summary>
    public int RootFileCount { get; private set; }

    /// <param name="ancestors">The directories on the chain of calls to <paramref name="directory"/>, itself included: as written and with links resolved.</param>
    public async Task ReadAsync(string directory, string modulePath, IReadOnlyList<(string Path, string Real)> ancestors)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var contents = await ReadModuleAsync(directory).ConfigureAwait(false);
        if (modulePath.Length == 0)
        {
            RootFileCount = contents.FileDigests.Count;
        }

        foreach (var (path, digest) in contents.FileDigests)
        {
            FileDigests[path] = digest;
        }

        GatherProviders(contents);
        var calls = contents.Modules.Select(m => ToCall(directory, modulePath, m)).ToList();
        Calls.AddRange(calls);
        foreach (var call in calls.Where(c => c.LocalDirectory is not null))
        {
            var child = call.LocalDirectory!;
            var real = RealPath(child);
            if (ancestors.Any(a => string.Equals(a.Real, real, StringComparison.Ordinal)))
            {
                var chain = string.Join(" → ", ancestors.SkipWhile(a => !string.Equals(a.Real, real, StringComparison.Ordinal)).Select(a => a.Path).Append(child));
                throw ConfigurationErrors.Invalid(call.SourceLocation, $"module \"{call.Name}\" calls \"{call.Source}\", which closes a cycle of module calls ({chain})",
                    "remove the call that leads back to a module that is already calling it; OpenTofu cannot load a module that contains itself");
            }

            if (!Directory.Exists(child))
            {
                throw ConfigurationErrors.Invalid(call.SourceLocation, $"module \"{call.Name}\" calls \"{call.Source}\", but the directory {child} does not exist",
                    "fix the source path (it is relative to the directory of the calling module) or create the module there");
            }

            if (++_instances > MaxModuleInstances)
            {
                throw ConfigurationErrors.Invalid(call.SourceLocation, $"the configuration has more than {MaxModuleInstances} local module instances",
                    "check for calls that multiply (a module called many times by modules that are themselves called many times)");
            }

            await ReadAsync(child, ModulePathOf(modulePath, call.Name), [.. ancestors, (child, real)]).ConfigureAwait(false);
        }
    }

    private async Task<ModuleContents> ReadModuleAsync(string directory)
    {
        var (primary, overrides) = ModuleDirectory.List(directory);
        var merged = new ModuleContents();
        foreach (var path in primary)
        {
            var file = ModuleFileReader.Read(await ConfigurationFile.ReadAsync(path, cancellationToken).ConfigureAwait(false));
            AddPrimary(merged, file);
        }

        foreach (var path in overrides)
        {
            var file = ModuleFileReader.Read(await ConfigurationFile.ReadAsync(path, cancellationToken).ConfigureAwait(false));
            ModuleOverrides.Apply(merged, file);
        }

        return merged;
    }

    private static void AddPrimary(ModuleContents merged, ModuleContents file)
    {
        foreach (var entry in file.Required)
        {
            if (merged.Required.FirstOrDefault(e => e.LocalName == entry.LocalName) is { } first)
            {
                throw ConfigurationErrors.Invalid(entry.At, $"the provider \"{entry.LocalName}\" is already required at {first.At}",
                    "keep one required_providers entry per provider in a module");
            }

            merged.Required.Add(entry);
        }

        foreach (var module in file.Modules)
        {
            if (merged.Modules.FirstOrDefault(m => m.Name == module.Name) is { } first)
            {
                throw ConfigurationErrors.Invalid(module.At, $"a module call named \"{module.Name}\" is already defined at {first.At}",
                    "give each module block in a module its own name");
            }

            merged.Modules.Add(module);
        }

        merged.Uses.AddRange(file.Uses);
        foreach (var (path, digest) in file.FileDigests)
        {
            merged.FileDigests[path] = digest;
        }
    }

    private void GatherProviders(ModuleContents contents)
    {
        // Local name → address in this module; null for the built-in provider, which is never installed.
        var byLocalName = new Dictionary<string, ProviderAddress?>(StringComparer.Ordinal);
        foreach (var entry in contents.Required)
        {
            var address = entry.Source is null ? Implied(entry.LocalName, entry.At) : Parse(entry.Source, entry.SourceAt ?? entry.At);
            byLocalName[entry.LocalName] = address.Hostname == BuiltInHostname ? null : address;
            if (address.Hostname != BuiltInHostname)
            {
                Add(address, entry.Version, entry.VersionAt ?? entry.At, entry.At);
            }
        }

        foreach (var use in contents.Uses)
        {
            if (byLocalName.TryGetValue(use.LocalName, out var known))
            {
                if (known is not null && use.IsProviderBlock)
                {
                    Add(known, use.Version, use.VersionAt ?? use.At, use.At);
                }

                continue;
            }

            if (use.LocalName == BuiltInLocalName)
            {
                byLocalName[use.LocalName] = null;
                continue;
            }

            var implied = Implied(use.LocalName, use.At);
            byLocalName[use.LocalName] = implied;
            Add(implied, use.Version, use.VersionAt ?? use.At, use.At);
        }
    }

    private void Add(ProviderAddress address, string? version, ConfigLocation versionAt, ConfigLocation declaredAt)
    {
        var key = address.ToString();
        if (!Providers.TryGetValue(key, out var gathered))
        {
            gathered = new GatheredProvider(address);
            Providers[key] = gathered;
        }

        gathered.DeclaredAt.Add(declaredAt);
        if (version is null)
        {
            return;
        }

        try
        {
            VersionConstraint.Parse(version);
        }
        catch (TofuOciException ex)
        {
            throw ConfigurationErrors.Invalid(versionAt, $"the version constraint \"{version}\" for {address.ForDisplay} is not valid: {ex.Message}",
                "write a constraint like \"~> 5.0\" or \">= 1.2, < 2.0\"", ex);
        }

        gathered.Constraints.Add(version);
    }

    private static ProviderAddress Parse(string source, ConfigLocation at) =>
        ProviderAddress.TryParse(source, out var address, out var problem)
            ? address!
            : throw ConfigurationErrors.Invalid(at, $"the provider source \"{source}\" is not valid: {problem}",
                "write it as [HOSTNAME/]NAMESPACE/TYPE, e.g. \"hashicorp/aws\"");

    /// <summary>A provider named only by its local name comes from <c>registry.opentofu.org/hashicorp/NAME</c>, as in OpenTofu.</summary>
    private static ProviderAddress Implied(string localName, ConfigLocation at) =>
        ProviderAddress.TryParse($"{DefaultNamespace}/{localName}", out var address, out var problem)
            ? address!
            : throw ConfigurationErrors.Invalid(at, $"\"{localName}\" is used as a provider name but is not a valid one: {problem}",
                $"declare it in required_providers with a source, e.g. {localName} = {{ source = \"NAMESPACE/TYPE\" }}");

    private static ModuleCall ToCall(string directory, string modulePath, ModuleBlock block)
    {
        if (block.Source is null || block.SourceAt is null)
        {
            throw ConfigurationErrors.Invalid(block.At, $"module \"{block.Name}\" has no source", "add source = \"…\" to the module block");
        }

        var source = block.Source;
        string? local = null;
        ModuleAddress? oci = null;
        if (IsLocal(source))
        {
            var relative = source.Replace('\\', '/').Replace('/', Path.DirectorySeparatorChar);
            local = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(directory, relative)));
        }
        else if (source.StartsWith(ModuleAddress.Scheme + "://", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                oci = ModuleAddress.Parse(source);
            }
            catch (TofuOciException ex)
            {
                throw ConfigurationErrors.Invalid(block.SourceAt, $"the source \"{source}\" of module \"{block.Name}\" is not a valid OCI module address", ex.Message, ex);
            }
        }

        return new ModuleCall(block.Name, modulePath, source, block.Version, block.SourceAt, oci, local);
    }

    /// <summary>
    /// <paramref name="directory"/> with every symbolic link on the way resolved, so a link back to a calling
    /// directory is seen as the cycle it is rather than as a new path one level deeper each time.
    /// </summary>
    public static string RealPath(string directory)
    {
        var root = Path.GetPathRoot(directory) ?? string.Empty;
        var real = root;
        foreach (var part in directory[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            real = Path.Combine(real, part);
            try
            {
                if (new DirectoryInfo(real).ResolveLinkTarget(returnFinalTarget: true) is { } target)
                {
                    real = Path.TrimEndingDirectorySeparator(Path.GetFullPath(target.FullName));
                }
            }
            catch (IOException)
            {
                // A broken or unreadable link: keep the path as written; reading it fails with its own message.
            }
        }

        return real;
    }

    /// <summary>OpenTofu's local module sources: paths that start with <c>./</c> or <c>../</c> (either slash).</summary>
    private static bool IsLocal(string source) =>
        source.StartsWith("./", StringComparison.Ordinal) || source.StartsWith("../", StringComparison.Ordinal)
        || source.StartsWith(".\\", StringComparison.Ordinal) || source.StartsWith("..\\", StringComparison.Ordinal);

    private static string ModulePathOf(string parent, string name) => parent.Length == 0 ? $"module.{name}" : $"{parent}.module.{name}";
}

/// <summary>One provider address with every constraint written for it and every place that names it.</summary>
internal sealed class GatheredProvider(ProviderAddress address)
{
    public ProviderAddress Address { get; } = address;

    public List<string> Constraints { get; } = [];

    public List<ConfigLocation> DeclaredAt { get; } = [];
}
