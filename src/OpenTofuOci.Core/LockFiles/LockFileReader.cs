using System.Text;
using OpenTofuOci.Core.Hcl;
using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Core.LockFiles;

/// <summary>
/// Reads <c>.terraform.lock.hcl</c> with OpenTofu's rules (its <c>depsfile</c> package): only
/// <c>provider "ADDRESS"</c> blocks with <c>version</c> (required), <c>constraints</c> and <c>hashes</c>;
/// unknown arguments and blocks are errors; <c>module</c> blocks are ignored with one warning.
/// All errors are reported together in a <see cref="LockFileException"/>.
/// </summary>
public static class LockFileReader
{
    /// <summary>Reads the file at <paramref name="path"/>; a missing file is an empty lock file, as in OpenTofu.</summary>
    public static async Task<DependencyLockFile> ReadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return DependencyLockFile.Empty;
        }

        return Parse(text, path);
    }

    /// <summary>Parses lock file <paramref name="text"/>; <paramref name="fileName"/> is used in positions.</summary>
    /// <exception cref="LockFileException">The text is not valid HCL or breaks a lock file rule.</exception>
    public static DependencyLockFile Parse(string text, string fileName)
    {
        HclBody body;
        try
        {
            body = HclParser.Parse(text, fileName);
        }
        catch (HclParseException ex)
        {
            throw new LockFileException(fileName, [new LockFileDiagnostic(ex.Position, "Invalid lock file syntax", ex.Message)], ex);
        }

        var errors = new List<LockFileDiagnostic>();
        var warnings = new List<LockFileDiagnostic>();
        var providers = new Dictionary<string, LockedProvider>(StringComparer.Ordinal);
        var firstSeen = new Dictionary<string, HclPosition>(StringComparer.Ordinal);
        foreach (var item in body.Items)
        {
            switch (item)
            {
                case HclAttribute a:
                    errors.Add(new(a.Position, "Unsupported argument", $"An argument named \"{a.Name}\" is not expected here."));
                    break;
                case HclBlock { Type: "module" } m:
                    if (warnings.Count == 0)
                    {
                        warnings.Add(new(m.Position, "Dependency locks for modules are not yet supported",
                            "OpenTofu only supports dependency locks for providers, not for modules. This configuration may be intended for a later version of OpenTofu that also supports dependency locks for modules."));
                    }

                    break;
                case HclBlock { Type: "provider" } p:
                    if (ReadProvider(p, errors) is { } locked)
                    {
                        if (firstSeen.TryGetValue(locked.Address, out var first))
                        {
                            errors.Add(new(p.Position, "Duplicate provider lock",
                                $"This lockfile already declared a lock for provider {locked.Address} at {first}."));
                        }
                        else
                        {
                            firstSeen[locked.Address] = p.Position;
                            providers[locked.Address] = locked;
                        }
                    }

                    break;
                case HclBlock b:
                    errors.Add(new(b.Position, "Unsupported block type", $"Blocks of type \"{b.Type}\" are not expected here."));
                    break;
            }
        }

        if (errors.Count > 0)
        {
            throw new LockFileException(fileName, errors);
        }

        return DependencyLockFile.Create(providers.Values, warnings);
    }

    private static LockedProvider? ReadProvider(HclBlock block, List<LockFileDiagnostic> errors)
    {
        var before = errors.Count;
        if (block.Labels.Count != 1)
        {
            errors.Add(block.Labels.Count == 0
                ? new(block.Position, "Missing name for provider", "All provider blocks must have 1 labels (source_addr).")
                : new(block.Position, "Extraneous label for provider", "Only 1 labels (source_addr) are expected for provider blocks."));
            return null;
        }

        var address = block.Labels[0];
        var parts = address.Split('/');
        if (parts.Length != 3 || parts.Any(p => p.Length == 0))
        {
            errors.Add(new(block.Position, "Invalid provider source address",
                $"Cannot lock a dependency on \"{address}\": a provider lock needs the fully-qualified address hostname/namespace/type."));
        }
        else if (!string.Equals(address, address.ToLowerInvariant(), StringComparison.Ordinal))
        {
            errors.Add(new(block.Position, "Non-normalized provider source address",
                $"The provider source address for this provider lock must be written as \"{address.ToLowerInvariant()}\", the fully-qualified and normalized form."));
        }

        foreach (var b in block.Body.Blocks)
        {
            errors.Add(new(b.Position, "Unsupported block type", $"Blocks of type \"{b.Type}\" are not expected here."));
        }

        string? version = null, constraints = null;
        var hashes = new List<string>();
        foreach (var a in block.Body.Attributes)
        {
            switch (a.Name)
            {
                case "version":
                    version = ReadVersion(a, address, errors);
                    break;
                case "constraints":
                    if (a.Value is HclString { IsTemplate: false } c)
                    {
                        constraints = c.Value;
                    }
                    else
                    {
                        errors.Add(new(a.Value.Position, "Invalid provider version constraints", "The recorded version constraints must be given as a string."));
                    }

                    break;
                case "hashes":
                    ReadHashes(a, hashes, errors);
                    break;
                default:
                    errors.Add(new(a.Position, "Unsupported argument", $"An argument named \"{a.Name}\" is not expected here."));
                    break;
            }
        }

        if (block.Body.Attribute("version") is null)
        {
            errors.Add(new(block.Position, "Missing required argument", "The argument \"version\" is required, but no definition was found."));
        }

        return errors.Count == before && version is not null ? new LockedProvider(address, version, constraints, hashes) : null;
    }

    private static string? ReadVersion(HclAttribute a, string address, List<LockFileDiagnostic> errors)
    {
        if (a.Value is not HclString { IsTemplate: false } s)
        {
            errors.Add(new(a.Value.Position, "Invalid provider version number", "The selected version number must be given as a string."));
            return null;
        }

        if (!ProviderVersion.TryParse(s.Value, out var parsed) || parsed is null)
        {
            errors.Add(new(a.Value.Position, "Invalid provider version number", $"The selected version number for {address} is invalid: \"{s.Value}\" is not a version number."));
            return null;
        }

        if (!string.Equals(parsed.ToString(), s.Value, StringComparison.Ordinal))
        {
            errors.Add(new(a.Value.Position, "Non-normalized provider version number",
                $"The selected version number for {address} must be written in normalized form: \"{parsed}\"."));
            return null;
        }

        return s.Value;
    }

    private static void ReadHashes(HclAttribute a, List<string> hashes, List<LockFileDiagnostic> errors)
    {
        if (a.Value is not HclTuple list || list.Items.Any(i => i is not HclString { IsTemplate: false }))
        {
            errors.Add(new(a.Value.Position, "Invalid provider hash set", "The \"hashes\" argument must be a list of strings."));
            return;
        }

        foreach (var item in list.Items.Cast<HclString>())
        {
            if (item.Value.IndexOf(':', StringComparison.Ordinal) < 1)
            {
                errors.Add(new(item.Position, "Invalid provider hash string",
                    $"Cannot interpret \"{item.Value}\" as a provider hash: hash string must start with a scheme keyword followed by a colon."));
            }
            else
            {
                hashes.Add(item.Value);
            }
        }
    }
}
