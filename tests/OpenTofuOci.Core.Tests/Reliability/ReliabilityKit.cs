using System.Globalization;
using System.Text.Json;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Remote;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Core.Tests.Reliability;

/// <summary>What the reliability suites share: the proxy settings, clients through it, and the checks of what an operation left behind.</summary>
internal static class ReliabilityKit
{
    /// <summary>The seed of a suite: <paramref name="fallback"/>, or TOFU_OCI_RELIABILITY_SEED to explore other runs.</summary>
    public static int Seed(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("TOFU_OCI_RELIABILITY_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed + fallback : fallback;

    /// <summary>30 % of reads broken by the six kinds, writes untouched.</summary>
    public static FaultProxyOptions BreakingReads(int seed, double rate = 0.3) => new() { Seed = seed, ReadFaultRate = rate };

    /// <summary>Reads broken as <see cref="BreakingReads"/>, and 10 % of writes reset or answered with 5xx.</summary>
    public static FaultProxyOptions BreakingReadsAndWrites(int seed, double writeRate = 0.1) => new() { Seed = seed, ReadFaultRate = 0.3, WriteFaultRate = writeRate };

    /// <summary>
    /// A repository client through the proxy with the client's retry policy as shipped, but short
    /// waits (1 ms backoff, Retry-After capped at 20 ms) so hundreds of operations stay fast.
    /// </summary>
    public static RemoteRepository Through(FaultProxy proxy, string repository) => new(proxy.Address, repository, new RemoteRepositoryOptions
    {
        PlainHttp = true,
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        MaxRetryDelay = TimeSpan.FromMilliseconds(20),
    });

    /// <summary>Every file under <paramref name="root"/> (relative path with '/', bytes); directories as entries without bytes.</summary>
    public static SortedDictionary<string, byte[]> Snapshot(string root)
    {
        var entries = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        if (!Directory.Exists(root))
        {
            return entries;
        }

        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            entries[relative] = File.Exists(path) ? File.ReadAllBytes(path) : [];
        }

        return entries;
    }

    /// <summary>What differs between two snapshots (null when identical).</summary>
    public static string? Difference(SortedDictionary<string, byte[]> expected, SortedDictionary<string, byte[]> actual)
    {
        var missing = expected.Keys.Except(actual.Keys, StringComparer.Ordinal).ToList();
        var extra = actual.Keys.Except(expected.Keys, StringComparer.Ordinal).ToList();
        var changed = expected.Keys.Intersect(actual.Keys, StringComparer.Ordinal).Where(k => !expected[k].AsSpan().SequenceEqual(actual[k])).ToList();
        if (missing.Count + extra.Count + changed.Count == 0)
        {
            return null;
        }

        return $"missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", extra)}], different bytes [{string.Join(", ", changed)}]";
    }

    /// <summary>Entries under <paramref name="root"/> that look like staging or temp leftovers.</summary>
    public static IReadOnlyList<string> Leftovers(string root) => Directory.Exists(root)
        ? Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/'))
            .Where(p => p.Contains(".tmp", StringComparison.Ordinal) || p.Contains(".old-", StringComparison.Ordinal) || p.Contains(".partial", StringComparison.Ordinal))
            .ToList()
        : [];

    /// <summary>
    /// Whether <paramref name="tag"/> in <paramref name="target"/> (read directly, not through the
    /// proxy) is absent or names a complete graph whose every manifest and blob is there with the right
    /// bytes. Returns the problem, or null when the tag is absent (<paramref name="mustExist"/> false) or complete.
    /// </summary>
    public static async Task<string?> TagProblemAsync(IReadOnlyTarget target, string tag, bool mustExist)
    {
        Descriptor root;
        try
        {
            root = await target.ResolveAsync(tag);
        }
        catch (TofuOciException ex) when (ex.ErrorId == ErrorIds.NotFound)
        {
            return mustExist ? $"tag {tag} is missing" : null;
        }

        return await GraphProblemAsync(target, root);
    }

    /// <summary>Reads a manifest or index and everything it references, verifying each digest; returns the first problem or null.</summary>
    public static async Task<string?> GraphProblemAsync(IReadOnlyTarget target, Descriptor descriptor)
    {
        byte[] bytes;
        try
        {
            await using var stream = await target.FetchAsync(descriptor);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer);
            bytes = buffer.ToArray();
        }
        catch (TofuOciException ex)
        {
            return $"{descriptor.Digest} ({descriptor.MediaType}) cannot be read: {ex.ErrorId}";
        }

        if (!MediaTypes.IsManifest(descriptor.MediaType))
        {
            return null;
        }

        using var doc = JsonDocument.Parse(bytes);
        var children = new List<Descriptor>();
        if (doc.RootElement.TryGetProperty("manifests", out var manifests))
        {
            children.AddRange(manifests.EnumerateArray().Select(Child));
        }

        if (doc.RootElement.TryGetProperty("config", out var config))
        {
            children.Add(Child(config));
        }

        if (doc.RootElement.TryGetProperty("layers", out var layers))
        {
            children.AddRange(layers.EnumerateArray().Select(Child));
        }

        foreach (var child in children)
        {
            if (await GraphProblemAsync(target, child) is { } problem)
            {
                return $"{descriptor.Digest} → {problem}";
            }
        }

        return null;
    }

    private static Descriptor Child(JsonElement e) => new()
    {
        MediaType = e.GetProperty("mediaType").GetString()!,
        Digest = e.GetProperty("digest").GetString()!,
        Size = e.GetProperty("size").GetInt64(),
    };

    /// <summary>A fresh repository client straight to the registry, for checks that must not go through the proxy.</summary>
    public static RemoteRepository Direct(RegistryServer registry, string repository) => registry.Repository(repository);
}
