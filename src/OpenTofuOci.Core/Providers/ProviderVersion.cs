namespace OpenTofuOci.Core.Providers;

/// <summary>STUB (pwsh branch only; replaced by the real Core implementation on merge).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1036", Justification = "Stub.")]
public sealed class ProviderVersion : IComparable<ProviderVersion>
{
    private ProviderVersion(string text) => Text = text;

    private string Text { get; }

    public int CompareTo(ProviderVersion? other) => string.CompareOrdinal(Text, other?.Text);

    public override string ToString() => Text;

    public static bool TryParseTag(string tag, out ProviderVersion? v)
    {
        v = null;
        return false;
    }
}
