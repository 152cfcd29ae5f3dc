using System.Management.Automation;
using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Bundles.Export;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Stores;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Sources;
using OpenTofuOci.Core.RootModules;
using OpenTofuOci.PowerShell.Infrastructure;
using OpenTofuOci.PowerShell.Output;

namespace OpenTofuOci.PowerShell.Commands;

/// <summary>
/// <c>Export-TofuBundle</c>: writes a root module's providers (for every <c>-Platform</c>, at the lock file's versions,
/// with provenance) and its <c>oci://</c> modules into one OCI layout or tar, with a manifest of the bundle
/// (docs/opentofu-compatibility.md §13). Providers come from an OCI mirror (<c>-RepositoryTemplate</c>, else the CLI
/// configuration's <c>oci_mirror</c> blocks) or from an origin (<c>-FromRegistry</c>, <c>-FromNetworkMirror</c>,
/// <c>-FromDirectory</c>), verified as <c>Copy-TofuProvider</c> verifies them.
/// </summary>
[Cmdlet(VerbsData.Export, "TofuBundle", SupportsShouldProcess = true)]
[OutputType(typeof(TofuBundleExportInfo))]
public sealed class ExportTofuBundleCommand : RegistryCredentialCommandBase
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PlatformArgumentCompleter))]
    public string[] Platform { get; set; } = [];

    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string OutputPath { get; set; } = string.Empty;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? RepositoryTemplate { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? FromRegistry { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? FromNetworkMirror { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? FromDirectory { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] TrustedKey { get; set; } = [];

    [Parameter]
    public SwitchParameter AllowUnsigned { get; set; }

    [Parameter]
    public SwitchParameter AllowInsecureSourceHttp { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 4;

    protected override void ProcessRecord()
    {
        string directory;
        string output;
        IReadOnlyList<ProviderPlatform> platforms;
        BundleOrigin? origin;
        try
        {
            directory = ResolveLayoutPath(Path);
            output = ResolveLayoutPath(OutputPath);
            platforms = Platform.Select(ProviderPlatform.Parse).ToList();
            origin = ReadOrigin();
        }
        catch (TofuOciException e)
        {
            WriteError(ErrorMapping.ToErrorRecord(e, Path));
            return;
        }

        RootModule? root = null;
        if (!RunItemOnWorker(async (_, cancellationToken) => root = await RootModuleReader.ReadAsync(directory, cancellationToken).ConfigureAwait(false), Path))
        {
            return;
        }

        AccessPlan plan;
        try
        {
            plan = PlanAccess(AccessRequest([], Credential, PlainHttp.IsPresent, origin is null ? RepositoryTemplate : null, CredentialRegistry,
                root!.Providers.Select(p => p.Address).ToList()));
        }
        catch (TofuOciException e)
        {
            WriteError(ErrorMapping.ToErrorRecord(e, Path));
            return;
        }

        var action = $"Export bundle of {root.Providers.Count} provider(s) for {string.Join(", ", platforms)} and {root.ModuleCalls.Count(c => c.OciAddress is not null)} oci:// module call(s) from {directory}"
            + (Force.IsPresent ? " (replacing what is there)" : string.Empty);
        if (!ShouldProcess(output, action))
        {
            return;
        }

        RunItemOnWorker((writer, cancellationToken) => ExportAsync(plan, root, platforms, origin, output, writer, cancellationToken), OutputPath);
    }

    private BundleOrigin? ReadOrigin()
    {
        var sources = new (string? Value, ProviderSourceKind Kind, string Name)[]
            {
                (FromRegistry, ProviderSourceKind.Registry, nameof(FromRegistry)),
                (FromNetworkMirror, ProviderSourceKind.NetworkMirror, nameof(FromNetworkMirror)),
                (FromDirectory, ProviderSourceKind.Directory, nameof(FromDirectory)),
            }
            .Where(s => s.Value is not null)
            .ToList();
        if (sources.Count > 1)
        {
            throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                $"Give one source: -{string.Join(" and -", sources.Select(s => s.Name))} were given together.", Path);
        }

        if (sources.Count == 0)
        {
            return null;
        }

        if (RepositoryTemplate is not null)
        {
            throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                $"Give -RepositoryTemplate (an OCI mirror) or -{sources[0].Name} (an origin), not both.", Path);
        }

        var (_, kind, _) = sources[0];
        return new BundleOrigin
        {
            Source = new ProviderSourceOptions
            {
                Kind = kind,
                Location = kind == ProviderSourceKind.Directory ? ResolveLayoutPath(sources[0].Value!) : sources[0].Value,
                // -CertificateAuthorityPath and the client certificate are for the origin as well as the module registries.
                Tls = AccessRequest([], null, false).Tls,
                AllowInsecureHttp = AllowInsecureSourceHttp.IsPresent,
                CliConfiguration = Access.CliConfiguration,
            },
            TrustedKeyFiles = TrustedKey.Select(ResolveLayoutPath).ToList(),
            AllowUnsigned = AllowUnsigned.IsPresent,
        };
    }

    private async Task ExportAsync(AccessPlan plan, RootModule root, IReadOnlyList<ProviderPlatform> platforms, BundleOrigin? origin, string output,
        IPipelineWriter writer, CancellationToken cancellationToken)
    {
        var sinks = Sinks(writer);
        writer.WriteVerbose($"Reading from {(await plan.DescribeAsync(cancellationToken).ConfigureAwait(false)).Text}.");
        var targetOptions = plan.CreateTargetOptions(sinks.Log, sinks.Warning, sinks.Verbose);
        // One Write-Progress activity per copied artifact or package, as Copy-TofuProvider writes its packages.
        var files = new FileProgressReporter(writer);
        BundleExportResult result;
        try
        {
            result = await BundleExporter.ExportAsync(new BundleExportRequest
            {
                RootModule = root,
                Platforms = platforms,
                Mirror = origin is null ? await plan.CreateResolverAsync(sinks, cancellationToken).ConfigureAwait(false) : null,
                Origin = origin,
                OpenModuleRepository = address => TargetFactory.OpenRemote(address.Remote!.Registry, address.Remote.Repository, targetOptions),
                OutputPath = output,
                Force = Force.IsPresent,
                MaxParallelism = ThrottleLimit,
                Progress = new Files(files),
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            files.Complete();
        }

        foreach (var failure in result.Failures)
        {
            writer.WriteError(failure.Error);
        }

        if (result.Incomplete is { } incomplete)
        {
            writer.WriteError(incomplete);
            return;
        }

        writer.WriteObject(new TofuBundleExportInfo(result.Path, result.IsArchive, result.BundleDigest!, result.Bytes, result.Contents));
    }

    private sealed class Files(FileProgressReporter files) : IProgress<BundleExportProgress>
    {
        public void Report(BundleExportProgress value) => files.Report(value.Item, "Bundling", value.Transfer);
    }
}
