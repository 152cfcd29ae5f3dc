using System.Management.Automation;
using OpenTofuOci.Core.Credentials;

namespace OpenTofuOci.PowerShell.Mapping;

/// <summary>Maps a <c>PSCredential</c> parameter to Core's credential, named by the parameter it came from.</summary>
internal static class CredentialParameter
{
    /// <summary>How a credential from <c>-Credential</c> names its source (<c>user alice from -Credential</c>).</summary>
    public const string CredentialSource = "-Credential";

    /// <summary>How a credential from <c>-SourceCredential</c> names its source.</summary>
    public const string SourceCredentialSource = "-SourceCredential";

    /// <summary>The credential, or null when none (or <c>[PSCredential]::Empty</c>) was given.</summary>
    public static RegistryCredential? ToCore(PSCredential? credential, string source) =>
        credential is null || credential == PSCredential.Empty
            ? null
            : RegistryCredential.Basic(credential.UserName, credential.GetNetworkCredential().Password, source);
}
