using System.CommandLine;
using System.Text.Json.Nodes;
using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Bundles.Import;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.RootModules;

namespace OpenTofuOci.Cli.Commands.Bundle;

/// <summary>
/// <c>tofu-oci bundle import BUNDLE --template T --module-prefix P</c>: pushes a bundle into an internal registry and
/// writes the <c>.tofurc</c> block, the lock file and the module source rewrites (docs/opentofu-compatibility.md §13
/// "Import", docs/cli.md "bundle import").
/// </summary>
internal static class BundleImportCommand
{
    public static Command Create(CommonOptions common, CliConsole console)
    {
        var bundle = new Argument<string>("bundle") { Description = "The bundle: an OCI layout directory or a .tar written by `tofu-oci bundle export`." };
        var template = new Option<string>("--template")
        {
            Description = "Repository template for the providers, oci_mirror syntax, e.g. \"registry.internal/${namespace}/${type}\"; it also goes into the printed provider_installation block.",
            Required = true,
        };
        var modulePrefix = new Option<string?>("--module-prefix")
        {
            Description = "host[:port][/path] the bundle's modules are pushed under: oci://src.example/team/net becomes oci://PREFIX/team/net. Needed when the bundle holds modules.",
        };
        var force = new Option<bool>("--force") { Description = "Move a tag that holds different content to the bundle's (default: refuse that item)." };
        var tofurc = new Option<string?>("--tofurc") { Description = "Also write the provider_installation block to this file (replaced atomically)." };
        var lockFile = new Option<string?>("--lock-file")
        {
            Description = "Create or update this .terraform.lock.hcl with h1: and zh: of every bundled platform (merged as `provider lock` merges).",
        };
        var configuration = new Option<string?>("--configuration")
        {
            Description = "A root module directory whose module sources naming bundled modules are reported (old -> new) and, with --apply-rewrites, rewritten.",
        };
        var applyRewrites = new Option<bool>("--apply-rewrites") { Description = "Rewrite the module sources reported for --configuration in place." };
        var concurrency = new Option<int>("--concurrency") { Description = "How many blobs to upload at once.", DefaultValueFactory = _ => 4 };
        var command = new Command("import", "Push a bundle into an internal registry (providers by repository template, modules under a prefix; what exists is skipped) and write the provider_installation block, the lock file and the module source rewrites.")
        {
            bundle, template, modulePrefix, force, tofurc, lockFile, configuration, applyRewrites, concurrency,
        };
        CommandAction.Set(command, common, console, async (parse, json, cancellationToken) =>
        {
            var parallelism = parse.GetValue(concurrency);
            if (parallelism is < 1 or > 64)
            {
                throw Usage($"--concurrency {parallelism} is out of range; use 1 to 64.");
            }

            var configurationDirectory = parse.GetValue(configuration);
            if (parse.GetValue(applyRewrites) && configurationDirectory is null)
            {
                throw Usage("--apply-rewrites rewrites the configuration given with --configuration DIR; give it too.");
            }

            using var opened = await BundleReader.OpenAsync(parse.GetValue(bundle)!, cancellationToken);
            var plan = BundleImportPlan.Create(opened.Contents, parse.GetValue(template)!, parse.GetValue(modulePrefix));
            // Rewrites are planned before anything is pushed, so a configuration that cannot be read stops the import early.
            var rewrites = configurationDirectory is null ? [] : await BundleImporter.PlanRewritesAsync(Path.GetFullPath(configurationDirectory), plan, cancellationToken);
            var access = await common.PlanAsync(parse, console, plan.Repositories.Select(r => new AddressInput(r)).ToList(), cancellationToken);
            var sinks = common.Sinks(parse, console);
            var locations = access.Repositories.ToDictionary(l => l.RepositoryText, StringComparer.Ordinal);
            var result = await BundleImporter.ImportAsync(new BundleImportRequest
            {
                Bundle = opened,
                Plan = plan,
                Open = (registry, repository) => access.Open(locations[$"{registry}/{repository}"], sinks.Log, sinks.Warning, sinks.Verbose),
                IsPlainHttp = registry => access.PlainHttpEverywhere || access.PlainHttpRegistries.Contains(registry),
                Force = parse.GetValue(force),
                TofurcPath = parse.GetValue(tofurc) is { } t ? Path.GetFullPath(t) : null,
                LockFilePath = parse.GetValue(lockFile) is { } l ? Path.GetFullPath(l) : null,
                MaxParallelism = parallelism,
            }, cancellationToken);

            var applied = parse.GetValue(applyRewrites) && result.Incomplete is null && rewrites.Count > 0;
            if (applied)
            {
                await ModuleSourceRewriter.ApplyAsync(rewrites, cancellationToken);
            }

            foreach (var warning in result.Warnings)
            {
                console.Warn(warning);
            }

            Write(result, rewrites, applied, console, json);
            foreach (var failed in result.Items.Where(i => i.Error is not null))
            {
                ErrorReporter.WriteFailure(failed.Error!, console);
            }

            if (result.Incomplete is { } incomplete)
            {
                ErrorReporter.WriteFailure(incomplete, console);
                return ErrorReporter.Failure;
            }

            return 0;
        });
        return command;
    }

    private static void Write(BundleImportResult result, IReadOnlyList<ModuleSourceRewrite> rewrites, bool applied, CliConsole console, bool json)
    {
        if (json)
        {
            console.Out.WriteLine(CliJson.Write(new JsonObject
            {
                ["bundleDigest"] = result.BundleDigest,
                ["results"] = CliJson.Array(result.Items.Select(i => new JsonObject
                {
                    ["kind"] = i.Kind == BundleItemKind.Provider ? "provider" : "module",
                    ["subject"] = i.Subject,
                    ["version"] = i.Version,
                    ["repository"] = i.Repository,
                    ["digest"] = i.Digest,
                    ["newSource"] = i.NewSource,
                    ["status"] = Status(i.Status),
                    ["bytesUploaded"] = i.BytesUploaded,
                    ["error"] = i.Error is null ? null : ErrorReporter.Json(i.Error),
                })),
                ["tofurc"] = result.Tofurc,
                ["tofurcFile"] = result.TofurcPath,
                ["lockFile"] = result.LockFilePath,
                ["lockFileText"] = LockFileWriter.Format(result.LockFile),
                ["moduleSources"] = CliJson.Array(result.ModuleSources.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => new JsonObject { ["old"] = m.Key, ["new"] = m.Value })),
                ["rewrites"] = CliJson.Array(rewrites.Select(r => new JsonObject
                {
                    ["file"] = r.Location.File,
                    ["line"] = r.Location.Line,
                    ["module"] = r.ModulePath.Length == 0 ? $"module.{r.Name}" : $"{r.ModulePath}.module.{r.Name}",
                    ["old"] = r.OldSource,
                    ["new"] = r.NewSource,
                })),
                ["rewritesApplied"] = applied,
                ["warnings"] = CliJson.Strings(result.Warnings),
                ["bytesUploaded"] = result.BytesUploaded,
                ["error"] = result.Incomplete is { } incomplete ? ErrorReporter.Json(incomplete) : null,
            }));
            return;
        }

        foreach (var i in result.Items)
        {
            var what = i.Version is null ? i.Subject : $"{i.Subject} {i.Version}";
            console.Out.WriteLine(i.Status == BundleImportStatus.Failed
                ? $"failed {what} -> {i.Repository} [{i.Error!.ErrorId}]"
                : $"{Status(i.Status)} {what} -> {i.Repository} {i.Digest}");
        }

        foreach (var (old, now) in result.ModuleSources.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            console.Out.WriteLine($"module source {old} -> {now}");
        }

        foreach (var r in rewrites)
        {
            console.Out.WriteLine($"{(applied ? "rewrote" : "would rewrite")} {r.Location}: {r.OldSource} -> {r.NewSource}");
        }

        console.Out.WriteLine($"{result.BytesUploaded} bytes uploaded; CLI configuration{(result.TofurcPath is null ? string.Empty : $" (written to {result.TofurcPath})")}:");
        console.Out.Write(result.Tofurc);
    }

    internal static string Status(BundleImportStatus status) => status switch
    {
        BundleImportStatus.Imported => "imported",
        BundleImportStatus.AlreadyPresent => "already-present",
        BundleImportStatus.Replaced => "replaced",
        _ => "failed",
    };

    private static TofuOciException Usage(string message) => new(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, message);
}
