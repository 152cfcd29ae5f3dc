namespace OpenTofuOci.Core.RootModules;

/// <summary>
/// Merges an override file (<c>override.tf</c>, <c>*_override.tf</c>, and their <c>.tofu</c>/JSON forms) over a
/// module's other files the way OpenTofu does for what we read (docs/opentofu-compatibility.md §11): a
/// <c>required_providers</c> entry replaces the entry of the same local name (or adds one); a <c>module</c>
/// block changes the <c>source</c> and <c>version</c> it sets of the module block of the same name, which must exist.
/// </summary>
internal static class ModuleOverrides
{
    public static void Apply(ModuleContents merged, ModuleContents overrides)
    {
        foreach (var entry in overrides.Required)
        {
            var index = merged.Required.FindIndex(e => e.LocalName == entry.LocalName);
            if (index < 0)
            {
                merged.Required.Add(entry);
            }
            else
            {
                merged.Required[index] = entry;
            }
        }

        foreach (var module in overrides.Modules)
        {
            var index = merged.Modules.FindIndex(m => m.Name == module.Name);
            if (index < 0)
            {
                throw ConfigurationErrors.Invalid(module.At, $"this override file changes module \"{module.Name}\", but no other file of the module defines it",
                    "define the module block in a file that is not an override file, or remove the override");
            }

            var current = merged.Modules[index];
            merged.Modules[index] = current with
            {
                Source = module.Source ?? current.Source,
                SourceAt = module.Source is null ? current.SourceAt : module.SourceAt,
                Version = module.Version ?? current.Version,
            };
        }

        foreach (var (path, digest) in overrides.FileDigests)
        {
            merged.FileDigests[path] = digest;
        }
    }
}
