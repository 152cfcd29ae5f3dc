using System.Management.Automation;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Mirroring;
using OpenTofuOci.Core.Providers.Sources;
using OpenTofuOci.PowerShell.Infrastructure;
using OpenTofuOci.PowerShell.Output;

namespace OpenTofuOci.PowerShell.Commands;

/// <summary>
/// <c>Copy-TofuProvider</c>: copies provider versions from where providers come from (their origin registry, a
/// network mirror or a <c>tofu providers mirror</c> directory) into an OCI mirror, verified as OpenTofu verifies
/// them, published as <c>Publish-TofuProvider</c> publishes, with provenance (docs/opentofu-compatibility.md §9.7).
/// </summary>
/// <remarks>
/// Copy, not Import: the versions go from one store to another and nothing enters the session; the verb is
/// the one PowerShell users know from Copy-Item for "same thing, second place". The target is chosen exactly
/// as Install-TofuProvider chooses where it reads (-Repository, -RepositoryTemplate or the CLI configuration).
/// </remarks>
[Cmdlet(VerbsCommon.Copy, "TofuProvider", DefaultParameterSetName = ProviderSets.Configuration, SupportsShouldProcess = true)]
[OutputType(typeof(TofuProviderMirrorInfo))]
public sealed class CopyTofuProviderCommand : ProviderRepositoryCommandBase
{
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ProviderSets.Configuration)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ProviderSets.Repository)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ProviderSets.Template)]
    [ValidateNotNullOrEmpty]
    public string Provider { get; set; } = string.Empty;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Version { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PlatformArgumentCompleter))]
    public string[] Platform { get; set; } = [];

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
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 4;

    protected override void ProcessRecord()
    {
        Settings settings;
        Core.Access.AccessPlan plan;
        ProviderAddress provider;
        try
        {
            provider = ProviderAddress.Parse(Provider);
            plan = PlanRepositorySource([provider]);
            settings = Read(provider);
        }
        catch (TofuOciException e)
        {
            WriteError(ErrorMapping.ToErrorRecord(e, Provider));
            return;
        }

        RunItemOnWorker((output, cancellationToken) => MirrorAsync(plan, settings, output, cancellationToken), Provider);
    }

    // Everything read from parameters and the session (paths resolve against PowerShell's location) on the pipeline thread.
    private sealed record Settings(ProviderAddress Provider, VersionConstraint? Versions, IReadOnlyList<ProviderPlatform> Platforms,
        ProviderSourceOptions Source, IReadOnlyList<string> TrustedKeyFiles, bool AllowUnsigned, int MaxParallelism);

    private Settings Read(ProviderAddress provider)
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
                $"Give one source: -{string.Join(" and -", sources.Select(s => s.Name))} were given together.", Provider);
        }

        var (kind, location) = sources.Count == 0 ? (ProviderSourceKind.Registry, null) : (sources[0].Kind, sources[0].Value);
        var source = new ProviderSourceOptions
        {
            Kind = kind,
            Location = kind == ProviderSourceKind.Directory ? ResolveLayoutPath(location!) : location,
            // -CertificateAuthorityPath and the client certificate are for the source as well as the target.
            Tls = AccessRequest([], null, false).Tls,
            AllowInsecureHttp = AllowInsecureSourceHttp.IsPresent,
            CliConfiguration = Access.CliConfiguration,
        };
        return new Settings(provider, Version is null ? null : VersionConstraint.Parse(Version), Platform.Select(ProviderPlatform.Parse).ToList(),
            source, TrustedKey.Select(ResolveLayoutPath).ToList(), AllowUnsigned.IsPresent, ThrottleLimit);
    }

    private static async Task MirrorAsync(Core.Access.AccessPlan plan, Settings template, IPipelineWriter output, CancellationToken cancellationToken)
    {
        output.WriteVerbose($"Publishing to {(await plan.DescribeAsync(cancellationToken).ConfigureAwait(false)).Text}.");
        var target = await plan.OpenProviderRepositoryAsync(template.Provider, Sinks(output), cancellationToken).ConfigureAwait(false);
        var display = plan.Repositories.Count == 1 ? plan.Repository.RepositoryText : target.DisplayName;
        // One Write-Progress activity per package, as Install-TofuProvider and Publish-TofuProvider write theirs.
        var files = new FileProgressReporter(output);
        var request = new ProviderMirrorRequest
        {
            Provider = template.Provider,
            Versions = template.Versions,
            Platforms = template.Platforms,
            Source = template.Source,
            TrustedKeyFiles = template.TrustedKeyFiles,
            AllowUnsigned = template.AllowUnsigned,
            MaxParallelism = template.MaxParallelism,
            Target = target,
            TargetDisplay = display,
            Progress = new StepProgress(output, files),
            // -WhatIf lists each version that would be published; nothing is downloaded for it.
            ShouldMirror = (version, platforms) => output.ShouldProcessAsync($"{display}:{version.ToTag()}",
                $"Copy provider {template.Provider} {version} ({string.Join(", ", platforms)})"),
        };
        ProviderMirrorResult result;
        try
        {
            result = await ProviderMirrorer.MirrorAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            files.Complete();
        }

        foreach (var item in result.Items.Where(i => i.Status != ProviderMirrorStatus.Failed))
        {
            output.WriteObject(new TofuProviderMirrorInfo(result.Provider.ToString(), item.Version.ToString(), item.Platform.ToString(), item.Status.ToString(),
                item.SourceUrl, item.ZipDigest, item.IndexDigest, item.SignedBy, item.ProvenanceDigest, result.Repository, result.Source));
        }

        foreach (var failure in result.Failures)
        {
            output.WriteError(failure.Error);
        }

        if (result.Incomplete is { } incomplete)
        {
            output.WriteError(incomplete);
        }

        output.WriteVerbose($"{result.BytesUploaded} bytes uploaded to {result.Repository} from {result.Source}.");
    }

    private sealed class StepProgress(IPipelineWriter output, FileProgressReporter files) : IProgress<ProviderMirrorProgress>
    {
        public void Report(ProviderMirrorProgress value)
        {
            if (value is { FileName: { } name, Transfer: { } transfer })
            {
                files.Report(name, value.Step == ProviderMirrorStep.Uploading ? "Uploading" : "Downloading", transfer);
            }
            else if (value.Platform is null)
            {
                output.WriteVerbose($"{value.Version}: {value.Step}.");
            }
        }
    }
}
