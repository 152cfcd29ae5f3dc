namespace OpenTofuOci.Core.Oci.Remote;

/// <summary>
/// Token-auth scopes (<c>repository:&lt;name&gt;:pull,push</c>) in a canonical form: actions of the
/// same resource merged and sorted, resources sorted. Canonical so that a token cache keyed by the
/// scope set finds the same entry however the scopes were gathered
/// (<see href="https://distribution.github.io/distribution/spec/auth/scope/">token scope</see>).
/// </summary>
internal static class AuthScopes
{
    public const string Pull = "pull";
    public const string Push = "push";
    public const string Delete = "delete";

    public static string Repository(string repository, params string[] actions) =>
        $"repository:{repository}:{string.Join(',', actions)}";

    /// <summary>Merges scopes; unparsable ones are kept verbatim so nothing a registry asked for is lost.</summary>
    public static IReadOnlyList<string> Merge(IEnumerable<string> scopes)
    {
        var byResource = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var verbatim = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var scope in scopes)
        {
            foreach (var single in scope.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                // type:name:actions, where a name may itself contain ':' (host:port in some registries).
                var last = single.LastIndexOf(':');
                var first = single.IndexOf(':', StringComparison.Ordinal);
                if (first <= 0 || last == first)
                {
                    verbatim.Add(single);
                    continue;
                }

                var resource = single[..last];
                if (!byResource.TryGetValue(resource, out var actions))
                {
                    actions = new SortedSet<string>(StringComparer.Ordinal);
                    byResource[resource] = actions;
                }

                foreach (var action in single[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    actions.Add(action);
                }
            }
        }

        var result = new List<string>();
        foreach (var (resource, actions) in byResource)
        {
            // "*" already grants everything; listing more actions beside it changes nothing.
            result.Add(actions.Contains("*") ? $"{resource}:*" : $"{resource}:{string.Join(',', actions)}");
        }

        result.AddRange(verbatim);
        return result;
    }

    /// <summary>The cache key of a scope set.</summary>
    public static string Key(IEnumerable<string> scopes) => string.Join(' ', Merge(scopes));
}
