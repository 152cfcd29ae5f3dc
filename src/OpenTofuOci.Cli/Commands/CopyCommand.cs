using System.CommandLine;
using System.Text.Json.Nodes;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Copy;
using OpenTofuOci.Core.Access;

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
            var plan = await common.PlanAsync(parse, console,
                [new AddressInput(parse.GetValue(source)!, AddressUse.Artifact), new AddressInput(parse.GetValue(destination)!, AddressUse.Destination)], cancellationToken);
            var (from, to) = (plan.Repositories[0], plan.Repositories[1]);
            var request = CopyRequest.From(from, to, parse.GetValue(concurrency));
            var sinks = common.Sinks(parse, console);
            var sourceTarget = plan.Open(from, sinks.Log, sinks.Warning);
            var destinationTarget = plan.Open(to, sinks.Log, sinks.Warning);
            var result = await ProgressDisplay.RunAsync(console, $"copy {from.Selector}", progress =>
                ArtifactCopier.CopyAsync(sourceTarget, request.SourceReference, destinationTarget, request.DestinationTag, request.Options, progress, cancellationToken));
            Write(from, to, result, console, json);
            return 0;
        });
        return command;
    }

    private static void Write(RepositoryLocation from, RepositoryLocation to, CopyResult result, CliConsole console, bool json)
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
    /// <param name="from">The source, which names a tag or digest (the access plan checked it).</param>
    /// <param name="to">The destination, which names no digest (the access plan checked it).</param>
    /// <param name="concurrency">--concurrency.</param>
    public static CopyRequest From(RepositoryLocation from, RepositoryLocation to, int concurrency)
    {
        if (concurrency is < 1 or > 64)
        {
            throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                $"--concurrency {concurrency} is out of range; use 1 to 64.");
        }

        var sameRegistry = !from.IsLayout && !to.IsLayout
            && string.Equals(from.Registry, to.Registry, StringComparison.OrdinalIgnoreCase)
            && from.Repository != to.Repository;
        return new CopyRequest(
            from.Selector!,
            to.Tag ?? from.Tag,
            new CopyOptions { MaxParallelism = concurrency, MountFromRepository = sameRegistry ? from.Repository : null });
    }
}
