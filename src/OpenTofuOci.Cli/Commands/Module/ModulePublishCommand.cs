using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Modules;
using OpenTofuOci.Core.Access;

namespace OpenTofuOci.Cli.Commands.Module;

/// <summary>
/// <c>tofu-oci module publish &lt;dir&gt; --repository &lt;ref&gt;</c>: zips a module directory deterministically and
/// pushes it as an OpenTofu module package, printing the digest-pinned <c>oci://</c> address.
/// </summary>
internal static class ModulePublishCommand
{
    public static Command Create(CommonOptions common, CliConsole console)
    {
        var directory = new Argument<string>("directory")
        {
            Description = "The module directory to package (its files become the root of the package).",
        };
        var repository = new Option<string>("--repository", "-r")
        {
            Description = "Where to publish: host[:port]/repository or oci-layout:<directory> (no tag; use --tag).",
            Required = true,
        };
        var tags = new Option<string[]>("--tag", "-t")
        {
            Description = "Tag to point at the package; repeat for several. Default: latest.",
            AllowMultipleArgumentsPerToken = false,
        };
        var exclude = new Option<string[]>("--exclude")
        {
            Description = "Glob of paths to leave out (e.g. '*.tfvars', 'examples/', 'docs/**/*.png'); repeat for several. Added to the default exclusions.",
        };
        var noDefaults = new Option<bool>("--no-default-excludes")
        {
            Description = "Also package what is left out by default (.terraform/, .git/, .hg/, .svn/, *.tfstate, *.tfstate.backup, .terraform.tfstate.lock.info, terraform.tfstate.d/, crash.log, crash.*.log).",
        };
        var sourceUrl = new Option<string?>("--source-url")
        {
            Description = "Record this URL (e.g. the module's Git repository) as the org.opencontainers.image.source annotation.",
        };
        var moduleVersion = new Option<string?>("--module-version")
        {
            Description = "Record this version as the org.opencontainers.image.version annotation.",
        };
        var created = new Option<string?>("--created")
        {
            Description = "Record this RFC 3339 time (e.g. 2026-01-31T12:00:00Z) as the org.opencontainers.image.created annotation. Left out by default so the digest stays reproducible.",
        };
        var force = new Option<bool>("--force")
        {
            Description = "Move tags that already point at other content. Without it such a publish is refused, because configurations whose source names the tag would get other files at their next tofu init.",
        };
        var command = new Command("publish", "Zip a module directory deterministically and publish it as an OpenTofu module package (oci://) to a registry or OCI layout; prints the digest-pinned source address.")
        {
            directory, repository, tags, exclude, noDefaults, sourceUrl, moduleVersion, created, force,
        };
        CommandAction.Set(command, common, console, async (parse, json, cancellationToken) =>
        {
            var createdText = parse.GetValue(created);
            DateTimeOffset? createdTime = null;
            if (createdText is not null)
            {
                createdTime = DateTimeOffset.TryParse(createdText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
                    ? t
                    : throw Usage($"--created \"{createdText}\" is not a date and time; write it in RFC 3339, e.g. 2026-01-31T12:00:00Z.");
            }

            var plan = await common.PlanAsync(parse, console, [new AddressInput(parse.GetValue(repository)!)], cancellationToken);
            var to = plan.Repository;
            var sinks = common.Sinks(parse, console);
            var target = plan.Open(to, sinks.Log, sinks.Warning);
            var request = new ModulePublishRequest
            {
                Directory = Path.GetFullPath(parse.GetValue(directory)!),
                Target = target,
                RepositoryText = to.RepositoryText,
                Tags = parse.GetValue(tags) ?? [],
                Exclude = parse.GetValue(exclude) ?? [],
                UseDefaultExcludes = !parse.GetValue(noDefaults),
                SourceAnnotation = parse.GetValue(sourceUrl),
                VersionAnnotation = parse.GetValue(moduleVersion),
                Created = createdTime,
                Force = parse.GetValue(force),
            };
            var result = await ProgressDisplay.RunAsync(console, "publish", progress => ModulePublisher.PublishAsync(request, progress, cancellationToken));
            Write(result, console, json);
            return 0;
        });
        return command;
    }

    private static void Write(ModulePublishResult result, CliConsole console, bool json)
    {
        if (json)
        {
            console.Out.WriteLine(CliJson.Write(new JsonObject
            {
                ["repository"] = result.Repository,
                ["tags"] = CliJson.Strings(result.Tags),
                ["digest"] = result.ManifestDigest,
                ["source"] = result.Source,
                ["layerDigest"] = result.LayerDigest,
                ["size"] = result.LayerSize,
                ["fileName"] = result.FileName,
                ["files"] = CliJson.Strings(result.Files),
                ["bytesUploaded"] = result.BytesUploaded,
                ["blobsUploaded"] = result.BlobsUploaded,
                ["blobsSkipped"] = result.BlobsSkipped,
                ["status"] = result.Status.ToString().ToLowerInvariant(),
                ["replacedTags"] = CliJson.Array(result.ReplacedTags.Select(r => new JsonObject { ["tag"] = r.Tag, ["previousDigest"] = r.PreviousDigest })),
            }));
            return;
        }

        var tagList = string.Join(", ", result.Tags);
        console.Out.WriteLine(result.Status == ModulePublishStatus.Unchanged
            ? $"Already published: module at {result.Repository} (tags: {tagList}; nothing uploaded)"
            : $"Published module to {result.Repository} (tags: {tagList})");
        foreach (var moved in result.ReplacedTags)
        {
            console.Out.WriteLine($"  moved   tag {moved.Tag} (was {moved.PreviousDigest})");
        }

        console.Out.WriteLine($"  digest  {result.ManifestDigest}");
        console.Out.WriteLine($"  zip     {result.LayerDigest} ({result.LayerSize} bytes, {result.Files.Count} files)");
        console.Out.WriteLine($"  {result.BytesUploaded} bytes uploaded ({result.BlobsUploaded} sent, {result.BlobsSkipped} already present)");
        console.Out.WriteLine($"source = \"{result.Source}\"");
        if (result.IsLayout)
        {
            console.Out.WriteLine("  (OpenTofu cannot read OCI layouts: copy it to a registry with `tofu-oci copy` and use oci://host/repository?digest=… there; `tofu-oci module save` reads the address above.)");
        }
    }

    private static TofuOciException Usage(string message) => new(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, message);
}
