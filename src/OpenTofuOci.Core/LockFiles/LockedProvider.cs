using System.Collections.Immutable;

namespace OpenTofuOci.Core.LockFiles;

/// <summary>
/// One <c>provider "ADDRESS" { … }</c> entry of <c>.terraform.lock.hcl</c>: the selected version, the
/// configuration's constraints when it had any, and the accepted package hashes, sorted (ordinal) and
/// de-duplicated as OpenTofu keeps them (docs/opentofu-compatibility.md §2.4).
/// </summary>
public sealed class LockedProvider : IEquatable<LockedProvider>
{
    public LockedProvider(string address, string version, string? constraints, IEnumerable<string> hashes)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentNullException.ThrowIfNull(hashes);
        Address = address;
        Version = version;
        Constraints = string.IsNullOrEmpty(constraints) ? null : constraints;
        Hashes = hashes.ToImmutableSortedSet(StringComparer.Ordinal);
    }

    /// <summary>Fully-qualified provider source address, e.g. <c>registry.opentofu.org/hashicorp/aws</c>.</summary>
    public string Address { get; }

    /// <summary>The selected version, normalised, e.g. <c>5.31.0</c>.</summary>
    public string Version { get; }

    /// <summary>The version constraints as recorded, e.g. <c>~&gt; 5.0</c>; null when none.</summary>
    public string? Constraints { get; }

    /// <summary><c>h1:</c>/<c>zh:</c> hashes, ordinal order, no duplicates.</summary>
    public ImmutableSortedSet<string> Hashes { get; }

    /// <summary>
    /// This lock updated with <paramref name="newer"/> for the same provider: the same version keeps the
    /// union of both hash sets (OpenTofu keeps prior hashes for an unchanged version, §2.4); another
    /// version replaces this one. The newer constraints are taken either way.
    /// </summary>
    public LockedProvider Merge(LockedProvider newer)
    {
        ArgumentNullException.ThrowIfNull(newer);
        if (!string.Equals(newer.Address, Address, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Cannot merge the lock for {newer.Address} into the lock for {Address}.", nameof(newer));
        }

        return string.Equals(newer.Version, Version, StringComparison.Ordinal)
            ? new LockedProvider(Address, Version, newer.Constraints, Hashes.Union(newer.Hashes))
            : newer;
    }

    public bool Equals(LockedProvider? other) =>
        other is not null
        && string.Equals(Address, other.Address, StringComparison.Ordinal)
        && string.Equals(Version, other.Version, StringComparison.Ordinal)
        && string.Equals(Constraints, other.Constraints, StringComparison.Ordinal)
        && Hashes.SetEquals(other.Hashes);

    public override bool Equals(object? obj) => Equals(obj as LockedProvider);

    public override int GetHashCode() => HashCode.Combine(Address, Version);

    public override string ToString() =>
        $"{Address} {Version}{(Constraints is null ? string.Empty : $" ({Constraints})")} [{string.Join(", ", Hashes)}]";
}
