using System.Management.Automation;
using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Bundles.Import;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.RootModules;
using OpenTofuOci.PowerShell.Infrastructure;
using OpenTofuOci.PowerShell.Output;

namespace OpenTofuOci.PowerShell.Commands;

/// <summary>
/// <c>Import-TofuBundle</c>: pushes a bundle into an internal registry (providers by <c>-RepositoryTemplate</c>, modules
/// under <c>-ModulePrefix</c>; what exists is skipped) and returns the <c>provider_installation</c> block, the lock
/// entries and the module source rewrites, writing them where asked; rewrites of <c>-ConfigurationPath</c> are applied
/// file by file under ShouldProcess, so <c>-WhatIf</c> shows them (docs/opentofu-compatibility.md §13.6).
/// </summary>
[Cmdlet(VerbsData.Import, "TofuBundle", SupportsShouldProcess = true)]
[OutputType(typeof(TofuBundleImportInfo))]
public sealed class ImportTofuBundleCommand : RegistryCredentialCommandBase
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string RepositoryTemplate { get; set; } = string.Empty;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ModulePrefix { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? TofurcPath { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LockFile { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ConfigurationPath { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 4;

    protected override void ProcessRecord()
    {
        var path = ResolveLayoutPath(Path);
        var tofurc = TofurcPath is null ? null : ResolveLayoutPath(TofurcPath);
        var lockFile = LockFile is null ? null : ResolveLayoutPath(LockFile);
        var configuration = ConfigurationPath is null ? null : ResolveLayoutPath(ConfigurationPath);
        OpenedBundle? bundle = null;
        BundleImportPlan? plan = null;
        IReadOnlyList<ModuleSourceRewrite> rewrites = [];
        try
        {
            if (!RunItemOnWorker(async (_, cancellationToken) =>
            {
                bundle = await BundleReader.OpenAsync(path, cancellationToken).ConfigureAwait(false);
                plan = BundleImportPlan.Create(bundle.Contents, RepositoryTemplate, ModulePrefix);
                // Planned before anything is pushed, so a configuration that cannot be read stops the import early.
                if (configuration is not null)
                {
                    rewrites = await BundleImporter.PlanRewritesAsync(configuration, plan, cancellationToken).ConfigureAwait(false);
                }
            }, Path))
            {
                return;
            }

            AccessPlan access;
            try
            {
                access = PlanAccess(AccessRequest(plan!.Repositories.Select(r => new AddressInput(r)).ToList(), Credential, PlainHttp.IsPresent, null, CredentialRegistry));
            }
            catch (TofuOciException e)
            {
                WriteError(ErrorMapping.ToErrorRecord(e, Path));
                return;
            }

            if (!ShouldProcess(string.Join(", ", plan.Repositories),
                $"Import {plan.Providers.Count} provider version(s) and {plan.Modules.Count} module(s) from {path}" + (Force.IsPresent ? " (moving tags that hold other content)" : string.Empty)))
            {
                // -WhatIf: still say which files would change.
                foreach (var file in rewrites.GroupBy(r => r.Location.File, StringComparer.Ordinal))
                {
                    ShouldProcess(file.Key, Describe(file));
                }

                return;
            }

            RunItemOnWorker((writer, cancellationToken) => ImportAsync(bundle!, plan, access, rewrites, tofurc, lockFile, writer, cancellationToken), Path);
        }
        finally
        {
            bundle?.Dispose();
        }
    }

    private async Task ImportAsync(OpenedBundle bundle, BundleImportPlan plan, AccessPlan access, IReadOnlyList<ModuleSourceRewrite> rewrites,
        string? tofurc, string? lockFile, IPipelineWriter writer, CancellationToken cancellationToken)
    {
        var sinks = Sinks(writer);
        var locations = access.Repositories.ToDictionary(l => l.RepositoryText, StringComparer.Ordinal);
        var result = await BundleImporter.ImportAsync(new BundleImportRequest
        {
            Bundle = bundle,
            Plan = plan,
            Open = (registry, repository) => access.Open(locations[$"{registry}/{repository}"], sinks.Log, sinks.Warning, sinks.Verbose),
            IsPlainHttp = registry => access.PlainHttpEverywhere || access.PlainHttpRegistries.Contains(registry),
            Force = Force.IsPresent,
            TofurcPath = tofurc,
            LockFilePath = lockFile,
            MaxParallelism = ThrottleLimit,
        }, cancellationToken).ConfigureAwait(false);
        foreach (var warning in result.Warnings)
        {
            writer.WriteWarning(warning);
        }

        foreach (var failed in result.Items.Where(i => i.Error is not null))
        {
            writer.WriteError(failed.Error!);
        }

        var applied = new List<ModuleSourceRewrite>();
        if (result.Incomplete is null)
        {
            foreach (var file in rewrites.GroupBy(r => r.Location.File, StringComparer.Ordinal))
            {
                if (await writer.ShouldProcessAsync(file.Key, Describe(file)).ConfigureAwait(false))
                {
                    await ModuleSourceRewriter.ApplyAsync(file.ToList(), cancellationToken).ConfigureAwait(false);
                    applied.AddRange(file);
                }
            }
        }

        writer.WriteObject(new TofuBundleImportInfo(bundle.Source, result, rewrites, applied));
        if (result.Incomplete is { } incomplete)
        {
            writer.WriteError(incomplete);
        }
    }

    private static string Describe(IEnumerable<ModuleSourceRewrite> rewrites) =>
        "Rewrite module source " + string.Join("; ", rewrites.Select(r => $"line {r.Location.Line}: {r.OldSource} -> {r.NewSource}"));

}
