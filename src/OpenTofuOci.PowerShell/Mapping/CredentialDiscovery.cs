using System.Collections.Concurrent;
using OpenTofuOci.Core.Credentials;
using OpenTofuOci.Core.Credentials.Policy;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.PowerShell.Infrastructure;

namespace OpenTofuOci.PowerShell.Mapping;

/// <summary>
/// The credentials <c>tofu</c> would find (spec/opentofu-compat.md §5), for one cmdlet invocation: one
/// policy, loaded once, whose warnings go to the warning stream and whose details (including which
/// source was used) go to the verbose stream of the worker currently running. Notices raised before a
/// worker runs (while the verbose line is composed) are held until one does.
/// </summary>
internal sealed class CredentialDiscovery
{
    /// <summary>What the verbose line says when the registries are not known yet.</summary>
    public const string Text = "as tofu finds them (oci_credentials blocks, credential helpers, Docker-style files such as ~/.docker/config.json); the source used is named when a registry asks for credentials";

    private readonly ConcurrentQueue<CredentialNotice> _pending = new();
    private volatile IPipelineWriter? _output;

    public CredentialDiscovery(CredentialEnvironment environment)
    {
        Provider = new DiscoveredCredentialProvider(environment, Notice);
    }

    public DiscoveredCredentialProvider Provider { get; }

    /// <summary>Sends held and later notices to <paramref name="output"/>.</summary>
    public void Attach(IPipelineWriter output)
    {
        _output = output;
        while (_pending.TryDequeue(out var notice))
        {
            Send(output, notice);
        }
    }

    /// <summary>
    /// For the verbose line: the source <paramref name="discovered"/> would use for the repository, with
    /// the key it matched, or why access is anonymous. Falls back to <see cref="Text"/> when the
    /// configuration cannot be read now (the error then comes when a registry asks).
    /// </summary>
    public static string Describe(ICredentialProvider? discovered, string registry, string repository)
    {
        if (discovered is not DiscoveredCredentialProvider provider)
        {
            return "none (anonymous; pass -Credential if the registry asks for a login)";
        }

        try
        {
            // Reading a few small local files; the pipeline thread has no synchronization context to deadlock on.
            var selection = provider.GetPolicyAsync(CancellationToken.None).GetAwaiter().GetResult().Select(registry, repository);
            return selection.Chosen is { } chosen
                ? $"{chosen.Description}, matched {chosen.Key} ({chosen.Specificity}), as tofu would choose"
                : $"{selection.Summary}, as tofu would find; pass -Credential or run Connect-TofuOciRegistry if the registry asks for a login";
        }
        catch (TofuOciException)
        {
            return Text;
        }
    }

    private void Notice(CredentialNotice notice)
    {
        if (_output is { } output)
        {
            Send(output, notice);
        }
        else
        {
            _pending.Enqueue(notice);
        }
    }

    private static void Send(IPipelineWriter output, CredentialNotice notice)
    {
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
