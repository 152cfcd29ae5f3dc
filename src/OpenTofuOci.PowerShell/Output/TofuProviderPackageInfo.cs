namespace OpenTofuOci.PowerShell.Output;

/// <summary>One provider package (one version for one platform) installed by <c>Install-TofuProvider</c>.</summary>
public sealed class TofuProviderPackageInfo
{
    internal TofuProviderPackageInfo(string source, string version, string platform, string path, string h1, string zh, string status)
    {
        Source = source;
        Version = version;
        Platform = platform;
        Path = path;
        H1 = h1;
        Zh = zh;
        Status = status;
    }

    /// <summary>The provider address, <c>hostname/namespace/type</c>.</summary>
    public string Source { get; }

    /// <summary>The version installed.</summary>
    public string Version { get; }

    /// <summary>The platform, <c>os_arch</c>.</summary>
    public string Platform { get; }

    /// <summary>The package directory (unpacked) or zip file (-Packed).</summary>
    public string Path { get; }

    /// <summary>The <c>h1:</c> hash OpenTofu records for the package.</summary>
    public string H1 { get; }

    /// <summary>The <c>zh:</c> hash of the package zip.</summary>
    public string Zh { get; }

    /// <summary><c>Installed</c>, <c>AlreadyPresent</c> or <c>Replaced</c> (-Force).</summary>
    public string Status { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Source} {Version} {Platform}";
}
