using System.Management.Automation;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Copy;
using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Providers.Publishing;
using OpenTofuOci.PowerShell.Infrastructure;
using OpenTofuOci.PowerShell.Mapping;
using OpenTofuOci.PowerShell.Output;

namespace OpenTofuOci.PowerShell.Commands;

/// <summary>
/// <c>Publish-TofuProvider</c>: publishes a provider release (its official zips) as OpenTofu's
/// multi-platform index tagged with the version; or copies the versions <c>Get-TofuOciTag</c> pipes in
/// (index, manifests and blobs unchanged) into <c>-Repository</c>.
/// </summary>
/// <remarks>
/// Piping: the <c>InputObject</c> set takes <see cref="TofuOciTagInfo"/> objects by value, so the
/// piped object's own <c>Repository</c> (the source) never competes with <c>-Repository</c> (the
/// destination, given on the command line and not bound from the pipeline).
/// </remarks>
[Cmdlet(VerbsData.Publish, "TofuProvider", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
[OutputType(typeof(TofuProviderPublishInfo))]
public sealed class PublishTofuProviderCommand : RegistryTransportCommandBase
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const string InputObjectSet = "InputObject";

    private readonly List<string> _paths = [];

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public TofuOciTagInfo[] InputObject { get; set; } = [];

    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RepositoryArgumentCompleter))]
    public string Repository { get; set; } = string.Empty;

    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    [ValidateNotNullOrEmpty]
    public string? Version { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    [Credential]
    [ValidateNotNull]
    public PSCredential? Credential { get; set; }

    [Parameter]
    public SwitchParameter PlainHttp { get; set; }

    /// <summary>For piped versions: the login for the registry they are read from, replacing the one the piped object carries.</summary>
    [Parameter(ParameterSetName = InputObjectSet)]
    [Credential]
    [ValidateNotNull]
    public PSCredential? SourceCredential { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputObjectSet)
        {
            foreach (var tag in InputObject)
            {
                CopyOne(tag);
            }

            return;
        }

        // Files piped in one by one (Get-ChildItem ./dist | Publish-TofuProvider) are one release:
        // collect them and publish once at the end.
        CollectPaths();
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName != InputObjectSet && _paths.Count > 0)
        {
            PublishFiles();
        }

        base.EndProcessing();
    }

    private void CollectPaths()
    {
        try
        {
            _paths.AddRange(ParameterSetName == LiteralPathSet ? LiteralPath.Select(ResolveLayoutPath) : ResolveWildcards(Path));
        }
        catch (TofuOciException e)
        {
            WriteError(ErrorMapping.ToErrorRecord(e, string.Join(", ", ParameterSetName == LiteralPathSet ? LiteralPath : Path)));
        }
    }

    // -Repository with this cmdlet's -Credential, -PlainHttp and TLS parameters: they are for the destination.
    private AccessPlan PlanDestination() => PlanAccess(AccessRequest([new AddressInput(Repository)], Credential, PlainHttp.IsPresent));

    private void PublishFiles()
    {
        AccessPlan destination;
        try
        {
            destination = PlanDestination();
        }
        catch (TofuOciException e)
        {
            WriteError(ErrorMapping.ToErrorRecord(e, Repository));
            return;
        }

        var paths = _paths.Distinct(StringComparer.Ordinal).ToList();

        // The files are collected from every input, so no one input is the item: Core names the file, blob or repository.
        RunItemOnWorker((output, cancellationToken) => PublishAsync(destination, paths, Version, Force.IsPresent, output, cancellationToken));
    }

    private void CopyOne(TofuOciTagInfo tag)
    {
        AccessPlan destination;
        AccessPlan source;
        try
        {
            ProviderCopyMapping.CheckVersion(tag.Repository, tag.Tag, tag.Version);
            destination = PlanDestination();
            // The piped tag's repository, read the way it was listed; only -SourceCredential replaces what it carries.
            source = PlanAccess(new AccessRequest
            {
                Addresses = [new AddressInput(tag.Repository) { Carried = tag.Connection?.Access }],
                Credential = CredentialParameter.ToCore(SourceCredential, CredentialParameter.SourceCredentialSource),
                ResolveLayoutPath = ResolveLayoutPath,
                Environment = Access,
            });
            ProviderCopyMapping.CheckNotOntoItself(source.Repository, destination.Repository, tag.Tag);
        }
        catch (TofuOciException e)
        {
            WriteError(ErrorMapping.ToErrorRecord(e, tag.ToString()));
            return;
        }

        // Asked on the pipeline thread before anything is read or written.
        if (!ShouldProcess($"{destination.Repository.RepositoryText}:{tag.Tag}", $"Copy provider version {tag.Version} from {source.Repository.RepositoryText}"))
        {
            return;
        }

        RunItemOnWorker((output, cancellationToken) => CopyAsync(source, tag.Tag, destination, Force.IsPresent, output, cancellationToken), tag.ToString());
    }

    private List<string> ResolveWildcards(IEnumerable<string> patterns)
    {
        var resolved = new List<string>();
        foreach (var pattern in patterns)
        {
            try
            {
                var paths = SessionState.Path.GetResolvedProviderPathFromPSPath(pattern, out var provider);
                if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
                {
                    throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                        $"\"{pattern}\" is on the {provider.Name} provider; give release zips or their directory on the file system.", pattern);
                }

                // A wildcard that matches nothing resolves to an empty list rather than throwing.
                if (paths.Count == 0)
                {
                    WriteError(ErrorMapping.ToErrorRecord(NothingMatches(pattern, null), pattern));
                }

                resolved.AddRange(paths);
            }
            catch (ItemNotFoundException e)
            {
                WriteError(ErrorMapping.ToErrorRecord(NothingMatches(pattern, e), pattern));
            }
        }

        return resolved;
    }

    private static TofuOciException NothingMatches(string pattern, Exception? inner) =>
        new(ErrorIds.NotFound, ErrorKind.NotFound,
            $"No file or directory matches \"{pattern}\"; give the release directory or its zip files (use -LiteralPath for names with [ ] in them).", pattern, inner);

    private static async Task PublishAsync(AccessPlan destination, IReadOnlyList<string> paths, string? version, bool force,
        IPipelineWriter output, CancellationToken cancellationToken)
    {
        var repository = destination.Repository;
        output.WriteVerbose($"Publishing to {(await destination.DescribeAsync(cancellationToken).ConfigureAwait(false)).Text}.");
        var files = ProviderReleaseFile.FromPaths(paths);
        var release = await ProviderReleaseScanner.ScanTrustingChecksumsAsync(files, version, cancellationToken).ConfigureAwait(false);
        var where = $"{repository.RepositoryText}:{release.Tag}";
        if (!await output.ShouldProcessAsync(where,
                $"Publish provider {release.Type} {release.Version} ({string.Join(", ", release.Packages.Select(p => p.Platform))})").ConfigureAwait(false))
        {
            return;
        }

        var request = new ProviderPublishRequest
        {
            Files = files,
            Version = version,
            Force = force,
            Target = destination.Open(repository, output.WriteDebug, output.WriteWarning, output.WriteVerbose),
            TargetDisplay = repository.RepositoryText,
        };
        var progress = new TransferProgressReporter(output, TransferProgressReporter.PublishActivityId, $"Publishing {release.Type} {release.Version} to {where}");
        ProviderPublishResult result;
        try
        {
            result = await ProviderPublisher.PublishAsync(release, request, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            progress.Complete();
        }

        output.WriteVerbose($"{where} is {result.IndexDigest} ({result.Status}); {result.BlobsUploaded} blob(s) sent, {result.BlobsSkipped} already there.");
        output.WriteObject(ProviderOutputMapping.ToPublishInfo(result, repository.RepositoryText, null));
    }

    private static async Task CopyAsync(AccessPlan source, string tag, AccessPlan destination, bool force, IPipelineWriter output, CancellationToken cancellationToken)
    {
        var from = source.Repository;
        var to = destination.Repository;
        output.WriteVerbose($"Copying {from.RepositoryText}:{tag}, read from {(await source.DescribeAsync(cancellationToken).ConfigureAwait(false)).Text}, " +
            $"to {(await destination.DescribeAsync(cancellationToken).ConfigureAwait(false)).Text}.");
        var sourceTarget = source.Open(from, output.WriteDebug, output.WriteWarning, output.WriteVerbose);
        var destinationTarget = destination.Open(to, output.WriteDebug, output.WriteWarning, output.WriteVerbose);
        var progress = new TransferProgressReporter(output, TransferProgressReporter.CopyActivityId, $"Copying {from.RepositoryText}:{tag} to {to.RepositoryText}");
        ProviderPublishResult result;
        try
        {
            result = await ProviderVersionCopier.CopyAsync(sourceTarget, tag, destinationTarget, force, new CopyOptions(), progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            progress.Complete();
        }

        output.WriteVerbose($"{to.RepositoryText}:{tag} is {result.IndexDigest} ({result.Status}); {result.BlobsUploaded} item(s) sent, {result.BlobsSkipped} already there or mounted.");
        output.WriteObject(ProviderOutputMapping.ToPublishInfo(result, to.RepositoryText, from.RepositoryText));
    }
}
