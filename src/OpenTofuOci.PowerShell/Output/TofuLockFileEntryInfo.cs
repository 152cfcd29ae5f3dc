namespace OpenTofuOci.PowerShell.Output;

/// <summary>The hashes <c>Update-TofuLockFile</c> recorded for one provider package (one version for one platform).</summary>
public sealed class TofuLockFileEntryInfo
{
    internal TofuLockFileEntryInfo(string source, string version, string platform, string h1, string zh, string lockFile)
    {
        Source = source;
        Version = version;
        Platform = platform;
        H1 = h1;
        Zh = zh;
        LockFile = lockFile;
    }

    /// <summary>The provider address, <c>hostname/namespace/type</c>.</summary>
    public string Source { get; }

    /// <summary>The version locked.</summary>
    public string Version { get; }

    /// <summary>The platform, <c>os_arch</c>.</summary>
    public string Platform { get; }

    /// <summary>The <c>h1:</c> hash recorded.</summary>
    public string H1 { get; }

    /// <summary>The <c>zh:</c> hash recorded.</summary>
    public string Zh { get; }

    /// <summary>The lock file written (absolute path).</summary>
    public string LockFile { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Source} {Version} {Platform}";
}
