using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.FileSystem;
using OpenTofuOci.Core.Modules;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Packages;

namespace OpenTofuOci.Core.Auditing;

/// <summary>Checks that an <c>oci://</c> module source names a module package OpenTofu accepts (docs/opentofu-compatibility.md §12).</summary>
/// <remarks>
/// The package rules are <see cref="ModulePackageReader"/>'s (§3.3, §8.13), the same that module save applies, so the
/// audit and a save can never disagree; its refusal becomes the finding. Then the zip layer is checked with a
/// <c>HEAD</c>, and with deep, downloaded and extracted as save would extract it.
/// </remarks>
public static class ModulePackageAuditor
{
    /// <summary>The findings for <paramref name="address"/>, read through <paramref name="target"/> (its repository).</summary>
    public static async Task<IReadOnlyList<AuditFinding>> AuditAsync(IReadOnlyTarget target, ModuleAddress address, bool deep, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(address);
        cancellationToken.ThrowIfCancellationRequested();
        var scope = new FindingScope(address.Text, target.DisplayName).ForVersion(address.Selector, address.Tag ?? address.Selector);
        ModulePackageReader.ModulePackage package;
        try
        {
            package = await ModulePackageReader.ReadAsync(target, address, cancellationToken).ConfigureAwait(false);
        }
        catch (TofuOciException ex) when (ex.Kind == ErrorKind.NotFound)
        {
            scope.Error(AuditRules.ModuleNotFound, null, address.Digest?.ToString(),
                $"The module source {address.Text} names nothing in {target.DisplayName}: {ex.Message}",
                "Publish the module there under that tag, or correct the source address.");
            return scope.Findings;
        }
        catch (TofuOciException ex) when (ex.Kind == ErrorKind.InvalidData)
        {
            scope.Error(AuditRules.NotAModulePackage, null, address.Digest?.ToString(),
                $"The module source {address.Text} is not a module package OpenTofu accepts: {ex.Message}",
                "Publish the module again as one \"archive/zip\" layer in an image manifest with the module artifactType (the module publish command does).");
            return scope.Findings;
        }

        using var probe = new BlobProbe(target);
        if (!await probe.ReportAsync(scope, null, package.Layer, "The module's zip layer", cancellationToken).ConfigureAwait(false) || !deep)
        {
            return scope.Findings;
        }

        using var temp = PrivateTempDirectory.Create();
        var zip = temp.Combine("module.zip");
        if (!await DeepAudit.DownloadAsync(target, package.Layer, zip, "The module's zip layer", null, scope, cancellationToken).ConfigureAwait(false))
        {
            return scope.Findings;
        }

        try
        {
            await SafeZipExtractor.ExtractAsync(zip, temp.Combine("module"), ZipExtractionOptions.ForModules, cancellationToken).ConfigureAwait(false);
        }
        catch (TofuOciException ex) when (ex.Kind == ErrorKind.InvalidData)
        {
            scope.Error(AuditRules.NotAModulePackage, null, package.Layer.Digest,
                $"The zip {package.Layer.Digest} of the module source {address.Text} cannot be extracted: {ex.Message}",
                "Publish the module again from its directory.");
        }

        return scope.Findings;
    }
}
