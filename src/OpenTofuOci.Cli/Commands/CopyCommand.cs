using System.CommandLine;
using System.Text.Json.Nodes;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Copy;
using OpenTofuOci.Core.Oci.Targets;

namespace OpenTofuOci.Cli.Commands;

/// <summary>
/// <c>tofu-oci copy &lt;source&gt; &lt;destination&gt;</c>: copies a tagged or pinned artifact with
/// everything it references, bytes and digests unchanged, between registries and layouts.
/// </summary>
internal static class CopyCommand
{
    public static Command Create(CommonOptions common, CliConsole console)
    {
        var source = new Argument<string>("source") { Description = "host[:port]/repository:tag|@digest or oci-layout:<directory>:tag|@digest" };
        var destination = new Argument<string>("destination") { Description = "host[:port]/repository[:tag] or oci-layout:<directory>[:tag]; without a tag the source's tag is used" };
        var concurrency = new Option<int>("--concurrency")
        {
            Description = "How many blobs to transfer at once.",
            DefaultValueFactory = _ => 4,
        };
        var command = new Command("copy", "Copy an artifact (index, manifests, config and layers) between registries and OCI layout directories, keeping every byte and digest, including artifactType.")
        {
            source, destination, concurrency,
        };
        CommandAction.Set(command, common, console, async (parse, json, cancellationToken) =>
        {
            var from = TargetAddress.Parse(parse.GetValue(source)!);
            var to = TargetAddress.Parse(parse.GetValue(destination)!);
            var request = CopyRequest.From(from, to, parse.GetValue(concurrency));
            var options = common.ToTargetOptions(parse, console, from, to);
            var sourceTarget = TargetFactory.Open(from, options);
            var destinationTarget = TargetFactory.Open(to, options);
            var result = await ProgressDisplay.RunAsync(console, $"copy {from.Selector}", progress =>
                ArtifactCopier.CopyAsync(sourceTarget, request.SourceReference, destinationTarget, request.DestinationTag, request.Options, progress, cancellationToken));
            Write(from, to, result, console, json);
            return 0;
        });
        return command;
    }

    private static void Write(TargetAddress from, TargetAddress to, CopyResult result, CliConsole console, bool json)
    {
        if (json)
        {
            console.Out.WriteLine(CliJson.Write(new JsonObject
            {
                ["source"] = from.Text,
                ["destination"] = to.RepositoryText,
                ["tag"] = result.Tag,
                ["digest"] = result.Root.Digest,
                ["mediaType"] = result.Root.MediaType,
                ["artifactType"] = result.Root.ArtifactType,
                ["size"] = result.Root.Size,
                ["itemsCopied"] = result.ItemsCopied,
                ["itemsSkipped"] = result.ItemsSkipped,
                ["itemsMounted"] = result.ItemsMounted,
                ["bytesCopied"] = result.BytesCopied,
            }));
            return;
        }

        var pinned = result.Tag is null ? to.RepositoryText + "@" + result.Root.Digest : $"{to.RepositoryText}:{result.Tag}";
        console.Out.WriteLine($"Copied {from.Text} to {pinned}");
        console.Out.WriteLine($"  digest  {result.Root.Digest}");
        console.Out.WriteLine($"  {result.ItemsCopied} copied, {result.ItemsSkipped} already present, {result.ItemsMounted} mounted, {result.BytesCopied} bytes transferred");
    }
}

/// <summary>What a copy command asks for, checked before any network or disk access.</summary>
internal sealed record CopyRequest(string SourceReference, string? DestinationTag, CopyOptions Options)
{
    public static CopyRequest From(TargetAddress from, TargetAddress to, int concurrency)
    {
        if (from.Selector is null)
        {
            throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                $"The source \"{from.Text}\" names no tag or digest; add one, e.g. {from.RepositoryText}:1.0.0.", from.Text);
        }

        if (to.Digest is not null)
        {
            throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                $"The destination \"{to.Text}\" names a digest; a copy keeps the source's digest, so give the destination repository with an optional tag.", to.Text);
        }

        if (concurrency is < 1 or > 64)
        {
            throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                $"--concurrency {concurrency} is out of range; use 1 to 64.");
        }

        var sameRegistry = !from.IsLayout && !to.IsLayout
            && string.Equals(from.Remote!.Registry, to.Remote!.Registry, StringComparison.OrdinalIgnoreCase)
            && from.Remote.Repository != to.Remote.Repository;
        return new CopyRequest(
            from.Selector,
            to.Tag ?? from.Tag,
            new CopyOptions { MaxParallelism = concurrency, MountFromRepository = sameRegistry ? from.Remote!.Repository : null });
    }
}
