namespace OpenTofuOci.Core.Providers.Sources;

/// <summary>The kinds of <see cref="IProviderReleaseSource"/> (docs/opentofu-compatibility.md §9).</summary>
public enum ProviderSourceKind
{
    /// <summary>A provider registry (service discovery, <c>providers.v1</c>); releases are signed.</summary>
    Registry,

    /// <summary>A provider network mirror (<c>index.json</c>, <c>VERSION.json</c>); releases are unsigned.</summary>
    NetworkMirror,

    /// <summary>A directory in the packed or unpacked layout of <c>tofu providers mirror</c>; releases are unsigned.</summary>
    Directory,
}
