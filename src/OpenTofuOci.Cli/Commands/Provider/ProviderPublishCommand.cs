using System.CommandLine;
using System.Text.Json.Nodes;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Copy;
using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Providers.Publishing;

namespace OpenTofuOci.Cli.Commands.Provider;

/// <summary>
/// <c>tofu-oci provider publish &lt;zip-dir-or-files…&gt; --repository &lt;ref&gt;</c>: publishes a provider
/// release as OpenTofu's multi-platform index, or with <c>--from</c> copies a published version.
/// </summary>
internal static class ProviderPublishCommand
{
    public static Command? Create(CommonOptions common, CliConsole console)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "A directory of release zips (terraform-provider-TYPE_VERSION_OS_ARCH.zip, plus its SHA256SUMS), or the zip files (and SHA256SUMS) themselves.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var repository = new Option<string>("--repository", "-r")
        {
            Description = "Where to publish: host[:port]/repository or oci-layout:<directory> (the version becomes the tag).",
            Required = true,
        };
        var version = new Option<string?>("--version")
        {
            Description = "The version the files must be; refuses to publish when their names say otherwise.",
        };
        var force = new Option<bool>("--force")
        {
            Description = "Replace the version when its tag already holds different content.",
        };
        var from = new Option<string?>("--from")
        {
            Description = "Instead of files: copy this published version (host[:port]/repository:version or oci-layout:<directory>:version).",
        };
        var concurrency = new Option<int>("--concurrency")
        {
            Description = "How many blobs to upload at once.",
            DefaultValueFactory = _ => 4,
        };
        var command = new Command("publish", "Publish a provider release (its official zips) to a registry or OCI layout as one multi-platform index tagged with the version, in the layout OpenTofu's oci_mirror reads; or copy a published version with --from.")
        {
            paths, repository, version, force, from, concurrency,
        };
        CommandAction.Set(command, common, console, async (parse, json, cancellationToken) =>
        {
            var files = parse.GetValue(paths) ?? [];
            var fromText = parse.GetValue(from);
            var parallelism = parse.GetValue(concurrency);
            Validate(files, fromText, parallelism, parse.GetValue(version));
            var destinationInput = new AddressInput(parse.GetValue(repository)!);
            var plan = await common.PlanAsync(parse, console,
                fromText is null ? [destinationInput] : [new AddressInput(fromText, AddressUse.Version), destinationInput], cancellationToken);
            var to = plan.Repositories[^1];
            var sinks = common.Sinks(parse, console);

            ProviderPublishResult result;
            if (fromText is not null)
            {
                var source = plan.Repositories[0];
                var sourceTarget = plan.Open(source, sinks.Log, sinks.Warning);
                var destination = plan.Open(to, sinks.Log, sinks.Warning);
                result = await ProgressDisplay.RunAsync(console, $"copy {source.Tag}", progress =>
                    ProviderVersionCopier.CopyAsync(sourceTarget, source.Tag!, destination, parse.GetValue(force),
                        new CopyOptions { MaxParallelism = parallelism }, progress, cancellationToken));
            }
            else
            {
                var request = new ProviderPublishRequest
                {
                    Files = ProviderReleaseFile.FromPaths(files),
                    Version = parse.GetValue(version),
                    Force = parse.GetValue(force),
                    Target = plan.Open(to, sinks.Log, sinks.Warning),
                    TargetDisplay = to.RepositoryText,
                    MaxParallelism = parallelism,
                };
                result = await ProgressDisplay.RunAsync(console, "publish", progress => ProviderPublisher.PublishAsync(request, progress, cancellationToken));
            }

            Write(result, to, console, json);
            return 0;
        });
        return command;
    }

    private static void Validate(string[] files, string? from, int concurrency, string? version)
    {
        if (from is null && files.Length == 0)
        {
            throw Usage("Give the release directory or zip files to publish, or --from <repository:version> to copy a published version.");
        }

        if (from is not null && (files.Length > 0 || version is not null))
        {
            throw Usage("--from copies a published version as it is; it takes no files and no --version.");
        }

        if (concurrency is < 1 or > 64)
        {
            throw Usage($"--concurrency {concurrency} is out of range; use 1 to 64.");
        }
    }

    private static void Write(ProviderPublishResult result, RepositoryLocation to, CliConsole console, bool json)
    {
        if (json)
        {
            console.Out.WriteLine(CliJson.Write(new JsonObject
            {
                ["repository"] = to.RepositoryText,
                ["type"] = result.Type.Length == 0 ? null : result.Type,
                ["version"] = result.Version.ToString(),
                ["tag"] = result.Tag,
                ["digest"] = result.IndexDigest,
                ["status"] = result.Status.ToString().ToLowerInvariant(),
                ["previousDigest"] = result.PreviousDigest,
                ["platforms"] = CliJson.Array(result.Platforms.Select(p => new JsonObject
                {
                    ["platform"] = p.Platform,
                    ["manifestDigest"] = p.ManifestDigest,
                    ["layerDigest"] = p.LayerDigest,
                    ["zipHash"] = p.ZipHash,
                    ["fileName"] = p.FileName,
                    ["size"] = p.Size,
                })),
                ["bytesUploaded"] = result.BytesUploaded,
                ["blobsUploaded"] = result.BlobsUploaded,
                ["blobsSkipped"] = result.BlobsSkipped,
            }));
            return;
        }

        var what = result.Type.Length == 0 ? $"provider version {result.Version}" : $"provider {result.Type} {result.Version}";
        console.Out.WriteLine(result.Status switch
        {
            ProviderPublishStatus.Unchanged => $"Already published: {what} at {to.RepositoryText}:{result.Tag} (nothing uploaded)",
            ProviderPublishStatus.Replaced => $"Replaced {what} at {to.RepositoryText}:{result.Tag} (was {result.PreviousDigest})",
            _ => $"Published {what} to {to.RepositoryText}:{result.Tag}",
        });
        console.Out.WriteLine($"  digest  {result.IndexDigest}");
        var width = result.Platforms.Count == 0 ? 0 : result.Platforms.Max(p => p.Platform.Length);
        foreach (var p in result.Platforms)
        {
            console.Out.WriteLine($"  {p.Platform.PadRight(width)}  {p.ManifestDigest}{(p.ZipHash is null ? string.Empty : "  " + p.ZipHash)}");
        }

        console.Out.WriteLine($"  {result.BytesUploaded} bytes uploaded ({result.BlobsUploaded} sent, {result.BlobsSkipped} already present)");
    }

    private static TofuOciException Usage(string message) => new(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, message);
}
