using System.Collections.Immutable;

namespace OpenTofuOci.Core.LockFiles;

/// <summary>
/// The provider locks of a <c>.terraform.lock.hcl</c> file, keyed by provider address and kept in the
/// order OpenTofu writes them (docs/opentofu-compatibility.md §2.4;
/// <see href="https://opentofu.org/docs/language/files/dependency-lock/">OpenTofu: dependency lock file</see>).
/// Immutable: changes return a new instance.
/// </summary>
public sealed class DependencyLockFile
{
    private DependencyLockFile(ImmutableSortedDictionary<string, LockedProvider> providers, IReadOnlyList<LockFileDiagnostic> warnings)
    {
        Providers = providers;
        Warnings = warnings;
    }

    /// <summary>A lock file with no providers (what a missing file means).</summary>
    public static DependencyLockFile Empty { get; } =
        new(ImmutableSortedDictionary.Create<string, LockedProvider>(ProviderAddressOrder.Instance), []);

    /// <summary>Provider address → lock, in OpenTofu's write order.</summary>
    public ImmutableSortedDictionary<string, LockedProvider> Providers { get; }

    /// <summary>Warnings from reading the file (e.g. ignored <c>module</c> blocks).</summary>
    public IReadOnlyList<LockFileDiagnostic> Warnings { get; }

    /// <summary>A lock file holding <paramref name="providers"/>; a later entry for the same address replaces an earlier one.</summary>
    public static DependencyLockFile Create(IEnumerable<LockedProvider> providers, IReadOnlyList<LockFileDiagnostic>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(providers);
        var builder = ImmutableSortedDictionary.CreateBuilder<string, LockedProvider>(ProviderAddressOrder.Instance);
        foreach (var p in providers)
        {
            builder[p.Address] = p;
        }

        return new DependencyLockFile(builder.ToImmutable(), warnings ?? []);
    }

    /// <summary>The lock for <paramref name="address"/>, or null.</summary>
    public LockedProvider? Find(string address) => Providers.GetValueOrDefault(address);

    /// <summary>This file with <paramref name="provider"/> set, replacing any lock for its address.</summary>
    public DependencyLockFile With(LockedProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return new DependencyLockFile(Providers.SetItem(provider.Address, provider), Warnings);
    }

    /// <summary>This file with <paramref name="provider"/> merged in (see <see cref="LockedProvider.Merge"/>).</summary>
    public DependencyLockFile Merge(LockedProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var merged = Find(provider.Address) is { } existing ? existing.Merge(provider) : provider;
        return new DependencyLockFile(Providers.SetItem(provider.Address, merged), Warnings);
    }

    /// <summary>This file with every provider of <paramref name="other"/> merged in.</summary>
    public DependencyLockFile Merge(DependencyLockFile other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other.Providers.Values.Aggregate(this, (file, p) => file.Merge(p));
    }

    /// <summary>This file without the lock for <paramref name="address"/>.</summary>
    public DependencyLockFile Without(string address) => new(Providers.Remove(address), Warnings);
}
