using System.CommandLine;
using OpenTofuOci.Core.Bundles.Import;
using OpenTofuOci.Core.Bundles.Verify;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.LockFiles;

namespace OpenTofuOci.Cli.Commands.Bundle;

/// <summary>
/// <c>tofu-oci bundle verify BUNDLE</c>: checks a bundle offline against its own contents, OpenTofu's reading rules
/// and optionally a lock file (docs/opentofu-compatibility.md §13 "Verify", docs/cli.md "bundle verify").
/// </summary>
internal static class BundleVerifyCommand
{
    public static Command Create(CommonOptions common, CliConsole console)
    {
        var bundle = new Argument<string>("bundle") { Description = "The bundle: an OCI layout directory or a .tar written by `tofu-oci bundle export`." };
        var lockFile = new Option<string?>("--lock-file")
        {
            Description = "A .terraform.lock.hcl: every provider it locks must be in the bundle at the locked version, with hashes that accept every bundled package.",
        };
        var command = new Command("verify", "Check a bundle offline: every blob present and intact, every listed provider and module as recorded (h1: recomputed), and against a lock file. Exit 0 only when nothing is wrong.")
        {
            bundle, lockFile,
        };
        CommandAction.Set(command, common, console, async (parse, json, cancellationToken) =>
        {
            var locks = parse.GetValue(lockFile) is { } path ? await LockFileReader.ReadFileAsync(Path.GetFullPath(path), cancellationToken) : null;
            using var opened = await BundleReader.OpenAsync(parse.GetValue(bundle)!, cancellationToken);
            var report = await BundleVerifier.VerifyAsync(opened, locks, cancellationToken);
            TofuOciException? failed = report.Summary.Passed ? null : BundleVerifier.Failed(opened.Source, report.Summary);
            if (json)
            {
                var output = BundleFindings.Json(report);
                output["bundle"] = opened.Source;
                output["bundleDigest"] = opened.Manifest.Digest;
                output["error"] = failed is null ? null : ErrorReporter.Json(failed);
                console.Out.WriteLine(CliJson.Write(output));
            }
            else
            {
                BundleFindings.Write(report, console);
            }

            if (failed is not null)
            {
                ErrorReporter.WriteFailure(failed, console);
                return ErrorReporter.Failure;
            }

            return 0;
        });
        return command;
    }
}
