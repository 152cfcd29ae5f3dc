namespace OpenTofuOci.Core.Access;

/// <summary>Where what happens while repositories are opened is told; every sink may be called from any thread.</summary>
public sealed record AccessSinks
{
    /// <summary>Nothing is told.</summary>
    public static AccessSinks None { get; } = new();

    /// <summary>One line per HTTP exchange (never a credential).</summary>
    public Action<string>? Log { get; init; }

    /// <summary>What the user must see each time: certificate verification turned off, what OpenTofu would warn about in its CLI configuration.</summary>
    public Action<string>? Warning { get; init; }

    /// <summary>What was read and chosen: the CLI configuration's files, the repository each provider is read from; and each retry of a registry read.</summary>
    public Action<string>? Verbose { get; init; }
}
