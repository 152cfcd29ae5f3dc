namespace OpenTofuOci.PowerShell.Output;

/// <summary>
/// One version of a provider in an OCI mirror, as <c>Get-TofuProviderVersion</c> writes it.
/// Piped to <c>Install-TofuProvider</c> or <c>Update-TofuLockFile</c> it binds their -InputObject: that
/// version is read from <see cref="Repository"/> the way it was listed (<see cref="Connection"/>).
/// </summary>
public sealed class TofuProviderVersionInfo
{
    internal TofuProviderVersionInfo(string source, string version, string tag, string repository, string[] platforms, string? digest, string? problem,
        TofuOciConnection connection)
    {
        Connection = connection;
        Source = source;
        Version = version;
        Tag = tag;
        Repository = repository;
        Platforms = platforms;
        Digest = digest;
        Problem = problem;
    }

    /// <summary>The provider address, <c>hostname/namespace/type</c>.</summary>
    public string Source { get; }

    /// <summary>The version (canonical <c>MAJOR.MINOR.PATCH[-pre][+meta]</c>).</summary>
    public string Version { get; }

    /// <summary>The tag the version is stored under (<c>+</c> written as <c>_</c>).</summary>
    public string Tag { get; }

    /// <summary>The repository: <c>host[:port]/repository</c> or <c>oci-layout:&lt;absolute directory&gt;</c>.</summary>
    public string Repository { get; }

    /// <summary>The platforms (<c>os_arch</c>) the version has packages for.</summary>
#pragma warning disable CA1819 // PowerShell users expect a plain array they can index and pipe.
    public string[] Platforms { get; }
#pragma warning restore CA1819

    /// <summary>The digest of the version's multi-platform index, which OpenTofu resolves the tag to; null when the tag could not be read.</summary>
    public string? Digest { get; }

    /// <summary>Why OpenTofu could not use this version (e.g. not a provider index), or null.</summary>
    public string? Problem { get; }

    /// <summary>How the repository was reached (plain HTTP, TLS files, which credentials), so <c>Install-TofuProvider</c> and <c>Update-TofuLockFile</c> read it the same way when the version is piped to them.</summary>
    public TofuOciConnection Connection { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Source} {Version}";
}
