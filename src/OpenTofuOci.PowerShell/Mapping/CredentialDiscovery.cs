using OpenTofuOci.Core.Credentials.Policy;
using OpenTofuOci.PowerShell.Infrastructure;

namespace OpenTofuOci.PowerShell.Mapping;

/// <summary>
/// The credentials <c>tofu</c> would find (spec/opentofu-compat.md §5), for one cmdlet invocation: one
/// policy, loaded on the first challenge, whose warnings go to the warning stream and whose details
/// (including which source was used) go to the verbose stream of the worker currently running.
/// </summary>
internal sealed class CredentialDiscovery
{
    /// <summary>What the verbose line says when no explicit credential applies.</summary>
    public const string Text = "as tofu finds them (oci_credentials blocks, credential helpers, Docker-style files such as ~/.docker/config.json); the source used is named when a registry asks for credentials";

    private volatile IPipelineWriter? _output;

    public CredentialDiscovery(CredentialEnvironment environment)
    {
        Provider = new DiscoveredCredentialProvider(environment, Notice);
    }

    public DiscoveredCredentialProvider Provider { get; }

    /// <summary>Sends later notices to <paramref name="output"/>.</summary>
    public void Attach(IPipelineWriter output) => _output = output;

    private void Notice(CredentialNotice notice)
    {
        if (_output is not { } output)
        {
            return;
        }

        if (notice.IsWarning)
        {
            output.WriteWarning(notice.Message);
        }
        else
        {
            output.WriteVerbose(notice.Message);
        }
    }
}
