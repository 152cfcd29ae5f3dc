namespace OpenTofuOci.PowerShell.Output;

/// <summary>What <c>Connect-TofuOciRegistry</c> stored or <c>Disconnect-TofuOciRegistry</c> removed. Never holds a secret.</summary>
public sealed class TofuOciRegistryLoginInfo
{
    internal TofuOciRegistryLoginInfo(string registry, string? userName, string[] store, bool verified, bool changed)
    {
        Registry = registry;
        UserName = userName;
        Store = store;
        Verified = verified;
        Changed = changed;
    }

    /// <summary><c>host[:port]</c>.</summary>
    public string Registry { get; }

    /// <summary>The user logged in; null after a logout.</summary>
    public string? UserName { get; }

    /// <summary>Where the credentials were stored or removed: a file path or <c>credential helper docker-credential-…</c>.</summary>
    public string[] Store { get; }

    /// <summary>True when the registry checked and accepted the credentials (login).</summary>
    public bool Verified { get; }

    /// <summary>True when something was stored or removed.</summary>
    public bool Changed { get; }

    public override string ToString() => $"{Registry}: {string.Join(", ", Store)}";
}
