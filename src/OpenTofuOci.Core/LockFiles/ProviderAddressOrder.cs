namespace OpenTofuOci.Core.LockFiles;

/// <summary>
/// OpenTofu's order of provider addresses in a lock file (<c>addrs.Provider.LessThan</c>): by
/// hostname, then namespace, then type, each compared ordinally. This differs from comparing the
/// whole strings when one hostname is a prefix of another (<c>a.com</c> sorts before <c>a.com-b</c>,
/// although <c>-</c> sorts before <c>/</c>).
/// </summary>
internal sealed class ProviderAddressOrder : IComparer<string>
{
    public static ProviderAddressOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var xs = x.Split('/');
        var ys = y.Split('/');
        for (var i = 0; i < Math.Min(xs.Length, ys.Length); i++)
        {
            var c = string.CompareOrdinal(xs[i], ys[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return xs.Length.CompareTo(ys.Length);
    }
}
