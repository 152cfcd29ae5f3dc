using System.CommandLine;
using System.Text.Json.Nodes;
using OpenTofuOci.Core.Bundles.Export;
using OpenTofuOci.Core.Oci.Stores;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Sources;
using OpenTofuOci.Core.RootModules;
using CliUsage = OpenTofuOci.Cli.Commands.Provider.ProviderSourceOptions;
using SourceSettings = OpenTofuOci.Core.Providers.Sources.ProviderSourceOptions;

namespace OpenTofuOci.Cli.Commands.Bundle;

/// <summary>
/// <c>tofu-oci bundle export DIR --platform … (--template T | --from-…) --output PATH</c>: a root module's providers
/// and <c>oci://</c> modules as one OCI layout or tar (docs/opentofu-compatibility.md §13, docs/cli.md "bundle export").
/// </summary>
/// <remarks>
/// Providers come from an OCI mirror (--template, else the CLI configuration's oci_mirror blocks) or from an origin
/// (--from-registry, --from-network-mirror, --from-directory), checked as <c>provider mirror</c> checks them.
/// </remarks>
internal static class BundleExportCommand
{
    public static Command Create(CommonOptions common, CliConsole console)
    {
        var directory = new Argument<string>("directory")
        {
            Description = "The root module directory (its .tf/.tofu files, local child modules and .terraform.lock.hcl are read).",
        };
        var platforms = new Option<string[]>("--platform")
        {
            Description = "Platform os_arch to bundle every provider for, e.g. linux_amd64; repeat for several. At least one.",
            AllowMultipleArgumentsPerToken = false,
            Required = true,
        };
        var template = new Option<string?>("--template")
        {
            Description = "Repository template of the OCI mirror providers are read from, e.g. \"registry.example.com/providers/${hostname}/${namespace}/${type}\". Without it and without --from-…: the CLI configuration's oci_mirror blocks.",
        };
        var fromRegistry = new Option<string?>("--from-registry")
        {
            Description = "Read providers from this provider registry (base URL) instead of an OCI mirror, verified as provider mirror verifies them.",
        };
        var fromNetworkMirror = new Option<string?>("--from-network-mirror")
        {
            Description = "Read providers from this provider network mirror (base URL). Its releases are unsigned: needs --allow-unsigned.",
        };
        var fromDirectory = new Option<string?>("--from-directory")
        {
            Description = "Read providers from a directory written by `tofu providers mirror`. Its releases are unsigned: needs --allow-unsigned.",
        };
        var trustedKeys = new Option<string[]>("--trusted-key")
        {
            Description = "With --from-…: an OpenPGP public key file a signed release's signer must also be among. Repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        var allowUnsigned = new Option<bool>("--allow-unsigned")
        {
            Description = "With --from-…: accept releases that carry no signature; their zh:/h1: hashes are still checked.",
        };
        var allowInsecureSource = new Option<bool>("--allow-insecure-source-http")
        {
            Description = "With --from-…: allow a plain http source and download URLs (trusted networks, tests).",
        };
        var output = new Option<string>("--output")
        {
            Description = "Where the bundle goes: a directory (an OCI image layout), or a tar file when the path ends in .tar.",
            Required = true,
        };
        var force = new Option<bool>("--force")
        {
            Description = "Replace whatever is at --output.",
        };
        var concurrency = new Option<int>("--concurrency")
        {
            Description = "How many blobs to copy (or packages to download) at once.",
            DefaultValueFactory = _ => 4,
        };
        var command = new Command("export", "Write a root module's providers (for every --platform, at the lock file's versions, with provenance) and its oci:// modules into one OCI layout or tar, with a manifest of the bundle.")
        {
            directory, platforms, template, fromRegistry, fromNetworkMirror, fromDirectory, trustedKeys, allowUnsigned, allowInsecureSource, output, force, concurrency,
        };
        CommandAction.Set(command, common, console, async (parse, json, cancellationToken) =>
        {
            var parallelism = parse.GetValue(concurrency);
            if (parallelism is < 1 or > 64)
            {
                throw CliUsage.Usage($"--concurrency {parallelism} is out of range; use 1 to 64.");
            }

            var origins = new[] { fromRegistry, fromNetworkMirror, fromDirectory }.Where(o => parse.GetValue(o) is not null).ToList();
            if (origins.Count > 1)
            {
                throw CliUsage.Usage($"Give one source: {string.Join(", ", origins.Select(o => o.Name))} were given together.");
            }

            var templateText = parse.GetValue(template);
            if (templateText is not null && origins.Count > 0)
            {
                throw CliUsage.Usage($"Give --template (an OCI mirror) or {origins[0].Name} (an origin), not both.");
            }

            var platformList = (parse.GetValue(platforms) ?? []).Select(ProviderPlatform.Parse).ToList();
            var root = await RootModuleReader.ReadAsync(Path.GetFullPath(parse.GetValue(directory)!), cancellationToken);
            var providers = root.Providers.Select(p => p.Address).ToList();
            var plan = await common.PlanAsync(parse, console, [], cancellationToken, origins.Count == 0 ? templateText : null, providers);
            var sinks = common.Sinks(parse, console);
            var targetOptions = plan.CreateTargetOptions(sinks.Log, sinks.Warning, sinks.Verbose);
            var mirror = origins.Count == 0 ? await plan.CreateResolverAsync(sinks, cancellationToken) : null;
            BundleExportRequest Request(IProgress<ProgressDisplay.FileTransfer>? files) => new()
            {
                RootModule = root,
                Platforms = platformList,
                Mirror = mirror,
                Origin = origins.Count == 0 ? null : new BundleOrigin
                {
                    Source = Source(parse, origins[0], fromRegistry, fromNetworkMirror, common, console) with { AllowInsecureHttp = parse.GetValue(allowInsecureSource) },
                    TrustedKeyFiles = (parse.GetValue(trustedKeys) ?? []).Select(Path.GetFullPath).ToList(),
                    AllowUnsigned = parse.GetValue(allowUnsigned),
                },
                OpenModuleRepository = address => TargetFactory.OpenRemote(address.Remote!.Registry, address.Remote.Repository, targetOptions),
                OutputPath = Path.GetFullPath(parse.GetValue(output)!),
                Force = parse.GetValue(force),
                MaxParallelism = parallelism,
                Progress = files is null ? null : new FileBars(files),
            };
            var result = json
                ? await BundleExporter.ExportAsync(Request(null), cancellationToken)
                : await ProgressDisplay.RunPerFileAsync(console, files => BundleExporter.ExportAsync(Request(files), cancellationToken));
            return Write(result, console, json);
        });
        return command;
    }

    private static SourceSettings Source(ParseResult parse, Option<string?> given, Option<string?> registry, Option<string?> networkMirror, CommonOptions common, CliConsole console)
    {
        var (tls, _) = common.Tls.ToRequest(parse, console.TransportEnvironment);
        var kind = given == registry ? ProviderSourceKind.Registry : given == networkMirror ? ProviderSourceKind.NetworkMirror : ProviderSourceKind.Directory;
        var location = parse.GetValue(given)!;
        return new SourceSettings
        {
            Kind = kind,
            Location = kind == ProviderSourceKind.Directory ? Path.GetFullPath(location) : location,
            Tls = tls,
            CliConfiguration = common.Environment(console).CliConfiguration,
        };
    }

    // One line per provider platform and module on stdout, then the bundle; each failed item's error on stderr; exit 1 when any failed.
    private static int Write(BundleExportResult result, CliConsole console, bool json)
    {
        if (json)
        {
            console.Out.WriteLine(CliJson.Write(new JsonObject
            {
                ["path"] = result.Path,
                ["archive"] = result.IsArchive,
                ["bundleDigest"] = result.BundleDigest,
                ["bytes"] = result.Bytes,
                ["providers"] = CliJson.Array(result.Contents.Providers.Select(p => new JsonObject
                {
                    ["address"] = p.Address,
                    ["version"] = p.Version,
                    ["indexDigest"] = p.IndexDigest,
                    ["provenanceDigest"] = p.ProvenanceDigest,
                    ["source"] = p.Source,
                    ["platforms"] = CliJson.Array(p.Platforms.Select(x => new JsonObject
                    {
                        ["platform"] = x.Platform,
                        ["zipDigest"] = x.ZipDigest,
                        ["h1"] = x.H1,
                        ["zh"] = x.Zh,
                    })),
                })),
                ["modules"] = CliJson.Array(result.Contents.Modules.Select(m => new JsonObject
                {
                    ["source"] = m.Source,
                    ["digest"] = m.Digest,
                    ["usedBy"] = CliJson.Strings(m.UsedBy),
                })),
                ["failures"] = CliJson.Array(result.Failures.Select(f => new JsonObject
                {
                    ["kind"] = f.Kind == BundleItemKind.Provider ? "provider" : "module",
                    ["item"] = f.Item,
                    ["error"] = ErrorReporter.Json(f.Error),
                })),
                ["error"] = result.Incomplete is { } incomplete ? ErrorReporter.Json(incomplete) : null,
            }));
        }
        else if (result.IsComplete)
        {
            foreach (var p in result.Contents.Providers)
            {
                foreach (var x in p.Platforms)
                {
                    console.Out.WriteLine($"provider {p.Address} {p.Version} {x.Platform} {x.ZipDigest}");
                }
            }

            foreach (var m in result.Contents.Modules)
            {
                console.Out.WriteLine($"module {m.Source} {m.Digest}");
            }

            console.Out.WriteLine($"Bundle {result.Path} ({result.Bytes} bytes) digest {result.BundleDigest}");
        }

        foreach (var failure in result.Failures)
        {
            ErrorReporter.WriteFailure(failure.Error, console);
        }

        if (result.Incomplete is { } summary)
        {
            ErrorReporter.WriteFailure(summary, console);
            return ErrorReporter.Failure;
        }

        return 0;
    }

    // Each copied artifact or package as a bar of its own.
    private sealed class FileBars(IProgress<ProgressDisplay.FileTransfer> files) : IProgress<BundleExportProgress>
    {
        public void Report(BundleExportProgress value) => files.Report(new ProgressDisplay.FileTransfer(value.Item, value.Transfer));
    }
}
