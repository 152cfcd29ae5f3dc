using OpenTofuOci.Core.Oci;

namespace OpenTofuOci.Core.Providers;

/// <summary>
/// Splits a template's result into registry and repository like OpenTofu's
/// <c>ParseRepositoryAddressPrefix</c> (docs/opentofu-compatibility.md §5.5), validating both with
/// <see cref="Reference"/>'s rules.
/// </summary>
internal static class RepositoryAddress
{
    /// <summary>Returns (registry, repository), or null and the reason in ORAS's words.</summary>
    public static (string Registry, string Repository)? TrySplit(string text, out string? problem)
    {
        problem = null;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            // OpenTofu accepts a bare domain here and fails later; we never want one.
            problem = $"\"{text}\" has no slash, so it names a registry but no repository";
            return null;
        }

        var registry = text[..slash];
        var repository = text[(slash + 1)..];
        if (repository.Contains('@', StringComparison.Ordinal) || repository.Contains(':', StringComparison.Ordinal))
        {
            problem = $"\"{text}\" contains \"@\" or \":\" after the registry, which OCI reads as a digest or tag (artifact tag or digest not allowed)";
            return null;
        }

        if (!Reference.IsValidRegistry(registry))
        {
            problem = $"invalid registry \"{registry}\"";
            return null;
        }

        if (!Reference.IsValidRepository(repository))
        {
            problem = $"invalid repository \"{repository}\": OCI repository names hold only lowercase ASCII letters, digits and the separators . _ __ - between components joined by /";
            return null;
        }

        return (registry, repository);
    }
}
