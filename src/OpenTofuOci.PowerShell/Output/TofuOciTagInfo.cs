namespace OpenTofuOci.PowerShell.Output;

/// <summary>
/// One tag of a repository, as <c>Get-TofuOciTag</c> writes it. Property names equal the parameter
/// names of the other cmdlets (<c>-Repository</c>, <c>-Tag</c>, <c>-Version</c>) so results bind to
/// them by property name.
/// </summary>
public sealed class TofuOciTagInfo
{
    internal TofuOciTagInfo(string repository, string tag, string? version, TofuOciConnection connection)
    {
        Repository = repository;
        Tag = tag;
        Version = version;
        Connection = connection;
    }

    /// <summary>The repository: <c>host[:port]/repository</c> or <c>oci-layout:&lt;absolute directory&gt;</c>.</summary>
    public string Repository { get; }

    /// <summary>The tag name, as stored.</summary>
    public string Tag { get; }

    /// <summary>The provider version the tag stands for (canonical <c>MAJOR.MINOR.PATCH[-pre][+meta]</c>), or null when the tag is not a version.</summary>
    public string? Version { get; }

    /// <summary>How the repository was reached (plain HTTP, TLS files, which credentials), so a cmdlet the tag is piped to reads it the same way.</summary>
    public TofuOciConnection Connection { get; }

    /// <summary>The tag's full address, so the object can be used where an address string is expected.</summary>
    public override string ToString() => $"{Repository}:{Tag}";
}
