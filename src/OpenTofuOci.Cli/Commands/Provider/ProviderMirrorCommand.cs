using System.CommandLine;
using System.Text.Json.Nodes;
using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Mirroring;
using OpenTofuOci.Core.Providers.Sources;
using SourceSettings = OpenTofuOci.Core.Providers.Sources.ProviderSourceOptions;

namespace OpenTofuOci.Cli.Commands.Provider;

/// <summary>
/// <c>tofu-oci provider mirror SOURCE</c>: fills an OCI mirror from an origin registry, a network mirror or a
/// <c>tofu providers mirror</c> directory, verifying releases as OpenTofu does and adding provenance
/// (docs/opentofu-compatibility.md §9.7, docs/cli.md "provider mirror").
/// </summary>
/// <remarks>
/// Where versions go is chosen exactly as <c>provider install</c> chooses where it reads them (--repository,
/// --template or the CLI configuration), so what is mirrored is what installs find. --plain-http is for that
/// target only; an unscoped --ca-file adds roots for the source and the target alike.
/// </remarks>
internal static class ProviderMirrorCommand
{
    public static Command? Create(CommonOptions common, CliConsole console)
    {
        var address = new Argument<string>("address")
        {
            Description = "Provider source address [hostname/]namespace/type, e.g. registry.opentofu.org/hashicorp/aws.",
        };
        var version = new Option<string?>("--version")
        {
            Description = "Version constraint, e.g. \">= 1.0\": every version it allows is mirrored. Default: only the newest release.",
        };
        var platforms = new Option<string[]>("--platform")
        {
            Description = "Platform os_arch to mirror, e.g. linux_amd64; repeat for several. Default: every platform each version has.",
            AllowMultipleArgumentsPerToken = false,
        };
        var repository = new Option<string?>("--repository")
        {
            Description = "The mirror repository: host[:port]/repository or oci-layout:<directory> (the version becomes the tag).",
        };
        var template = new Option<string?>("--template")
        {
            Description = "Repository template, e.g. \"registry.example.com/providers/${namespace}/${type}\" (oci_mirror syntax). Without --repository or --template: the CLI configuration's oci_mirror blocks.",
        };
        var fromRegistry = new Option<string?>("--from-registry")
        {
            Description = "Read releases from this provider registry (base URL for service discovery). Default: the provider's origin registry, https://HOSTNAME.",
        };
        var fromNetworkMirror = new Option<string?>("--from-network-mirror")
        {
            Description = "Read releases from this provider network mirror (base URL). Its releases are unsigned: needs --allow-unsigned.",
        };
        var fromDirectory = new Option<string?>("--from-directory")
        {
            Description = "Read releases from a directory written by `tofu providers mirror` (packed or unpacked). Its releases are unsigned: needs --allow-unsigned.",
        };
        var trustedKeys = new Option<string[]>("--trusted-key")
        {
            Description = "OpenPGP public key file (armored or binary); a signed release's signer must be among these as well as among the registry's keys. Repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        var allowUnsigned = new Option<bool>("--allow-unsigned")
        {
            Description = "Mirror releases that carry no signature (network mirrors, directories, registries that publish none); their zh:/h1: hashes are still checked and the provenance records them as unsigned.",
        };
        var allowInsecureSource = new Option<bool>("--allow-insecure-source-http")
        {
            Description = "Allow a plain http source and plain http download URLs (trusted networks, tests). --plain-http does not: it is for the target registry.",
        };
        var concurrency = new Option<int>("--concurrency")
        {
            Description = "How many packages to download (and blobs to upload) at once.",
            DefaultValueFactory = _ => 4,
        };
        var command = new Command("mirror", "Mirror provider versions from their origin registry, a network mirror or a `tofu providers mirror` directory into an OCI mirror: verified as OpenTofu verifies them (SHA256SUMS, its signature, zh:/h1:), published as `provider publish` publishes, with a provenance artifact next to each version.")
        {
            address, version, platforms, repository, template, fromRegistry, fromNetworkMirror, fromDirectory, trustedKeys, allowUnsigned, allowInsecureSource, concurrency,
        };
        CommandAction.Set(command, common, console, async (parse, json, cancellationToken) =>
        {
            var provider = ProviderAddress.Parse(parse.GetValue(address)!);
            var constraint = parse.GetValue(version) is { } text ? VersionConstraint.Parse(text) : null;
            var parallelism = parse.GetValue(concurrency);
            if (parallelism is < 1 or > 64)
            {
                throw ProviderSourceOptions.Usage($"--concurrency {parallelism} is out of range; use 1 to 64.");
            }

            var repositoryText = parse.GetValue(repository);
            var templateText = parse.GetValue(template);
            if (repositoryText is not null && templateText is not null)
            {
                throw ProviderSourceOptions.Usage("Give --repository or --template, not both.");
            }

            var source = SourceOptions(parse, fromRegistry, fromNetworkMirror, fromDirectory, common, console) with
            {
                AllowInsecureHttp = parse.GetValue(allowInsecureSource),
            };
            var plan = await common.PlanAsync(parse, console, repositoryText is null ? [] : [new AddressInput(repositoryText)], cancellationToken, templateText, [provider]);
            var sinks = common.Sinks(parse, console);
            var target = await plan.OpenProviderRepositoryAsync(provider, sinks, cancellationToken);
            ProviderMirrorRequest Request(IProgress<ProgressDisplay.FileTransfer>? files) => new()
            {
                Provider = provider,
                Versions = constraint,
                Platforms = (parse.GetValue(platforms) ?? []).Select(ProviderPlatform.Parse).ToList(),
                Source = source,
                TrustedKeyFiles = (parse.GetValue(trustedKeys) ?? []).Select(Path.GetFullPath).ToList(),
                AllowUnsigned = parse.GetValue(allowUnsigned),
                Target = target,
                TargetDisplay = repositoryText is null ? null : plan.Repository.RepositoryText,
                MaxParallelism = parallelism,
                Progress = files is null ? null : new FileBars(files),
            };
            // Bars per file on a terminal, as the other commands draw theirs; nothing of them in --json.
            var result = json
                ? await ProviderMirrorer.MirrorAsync(Request(null), cancellationToken)
                : await ProgressDisplay.RunPerFileAsync(console, files => ProviderMirrorer.MirrorAsync(Request(files), cancellationToken));
            return Write(result, console, json);
        });
        return command;
    }

    private static SourceSettings SourceOptions(ParseResult parse, Option<string?> registry, Option<string?> networkMirror, Option<string?> directory,
        CommonOptions common, CliConsole console)
    {
        var given = new (Option<string?> Option, ProviderSourceKind Kind)[] { (registry, ProviderSourceKind.Registry), (networkMirror, ProviderSourceKind.NetworkMirror), (directory, ProviderSourceKind.Directory) }
            .Select(o => (o.Option, o.Kind, Value: parse.GetValue(o.Option)))
            .Where(o => o.Value is not null)
            .ToList();
        if (given.Count > 1)
        {
            throw ProviderSourceOptions.Usage($"Give one source: {string.Join(", ", given.Select(g => g.Option.Name))} were given together.");
        }

        // The unscoped TLS options are for every host the command reaches: the source as well as the target.
        var (tls, _) = common.Tls.ToRequest(parse, console.TransportEnvironment);
        var (kind, location) = given.Count == 0 ? (ProviderSourceKind.Registry, null) : (given[0].Kind, given[0].Value);
        return new SourceSettings
        {
            Kind = kind,
            Location = kind == ProviderSourceKind.Directory ? Path.GetFullPath(location!) : location,
            Tls = tls,
            CliConfiguration = common.Environment(console).CliConfiguration,
        };
    }

    // One line per version and platform on stdout; each failed version's error on stderr; exit 1 when any failed.
    private static int Write(ProviderMirrorResult result, CliConsole console, bool json)
    {
        if (json)
        {
            console.Out.WriteLine(CliJson.Write(new JsonObject
            {
                ["provider"] = result.Provider.ToString(),
                ["source"] = result.Source,
                ["sourceKind"] = SourceKind(result.SourceKind),
                ["repository"] = result.Repository,
                ["results"] = CliJson.Array(result.Items.Select(i => new JsonObject
                {
                    ["version"] = i.Version.ToString(),
                    ["platform"] = i.Platform.ToString(),
                    ["status"] = Status(i.Status),
                    ["sourceUrl"] = i.SourceUrl,
                    ["zipDigest"] = i.ZipDigest,
                    ["indexDigest"] = i.IndexDigest,
                    ["signedBy"] = i.SignedBy,
                    ["provenanceDigest"] = i.ProvenanceDigest,
                    ["error"] = i.Error is null ? null : ErrorReporter.Json(i.Error),
                })),
                ["failures"] = CliJson.Array(result.Failures.Select(f => new JsonObject { ["version"] = f.Version.ToString(), ["error"] = ErrorReporter.Json(f.Error) })),
                ["bytesUploaded"] = result.BytesUploaded,
                ["error"] = result.Incomplete is { } incomplete ? ErrorReporter.Json(incomplete) : null,
            }));
        }
        else
        {
            foreach (var i in result.Items)
            {
                console.Out.WriteLine(i.Status == ProviderMirrorStatus.Failed
                    ? $"{Status(i.Status)} {result.Provider} {i.Version} {i.Platform} [{i.Error!.ErrorId}]"
                    : $"{Status(i.Status)} {result.Provider} {i.Version} {i.Platform} {i.ZipDigest} index {i.IndexDigest} signed-by {i.SignedBy} provenance {i.ProvenanceDigest}");
            }

            console.Out.WriteLine($"{result.BytesUploaded} bytes uploaded to {result.Repository} from {result.Source}");
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

    internal static string Status(ProviderMirrorStatus status) => status switch
    {
        ProviderMirrorStatus.Published => "published",
        ProviderMirrorStatus.AlreadyPresent => "already-present",
        _ => "failed",
    };

    private static string SourceKind(ProviderSourceKind kind) => kind switch
    {
        ProviderSourceKind.Registry => "registry",
        ProviderSourceKind.NetworkMirror => "network-mirror",
        _ => "directory",
    };

    // Each package's download and upload as a bar of its own.
    private sealed class FileBars(IProgress<ProgressDisplay.FileTransfer> files) : IProgress<ProviderMirrorProgress>
    {
        public void Report(ProviderMirrorProgress value)
        {
            if (value is { FileName: { } name, Transfer: { } transfer })
            {
                files.Report(new ProgressDisplay.FileTransfer($"{(value.Step == ProviderMirrorStep.Uploading ? "upload" : "download")} {name}", transfer));
            }
        }
    }
}
