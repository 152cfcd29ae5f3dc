using System.CommandLine;
using System.Text.Json.Nodes;
using OpenTofuOci.Core.Modules;
using OpenTofuOci.Core.Access;

namespace OpenTofuOci.Cli.Commands.Module;

/// <summary>
/// <c>tofu-oci module save &lt;oci-address&gt; --destination &lt;dir&gt;</c>: fetches a module package with every
/// check OpenTofu makes, extracts it safely and moves it into place only when complete.
/// </summary>
internal static class ModuleSaveCommand
{
    public static Command Create(CommonOptions common, CliConsole console)
    {
        var source = new Argument<string>("source")
        {
            Description = "The module source: oci://host[:port]/repository[//subdir][?tag=…|?digest=…] (default tag latest), or oci-layout:<directory>[//subdir][?tag=…|?digest=…].",
        };
        var destination = new Option<string>("--destination", "-d")
        {
            Description = "Directory to save the module into (with //subdir, only that directory is saved). Must not exist or be empty unless --force.",
            Required = true,
        };
        var force = new Option<bool>("--force")
        {
            Description = "Replace a destination that exists and is not empty (only once the new content is complete).",
        };
        var command = new Command("save", "Save an OpenTofu module package (oci://) into a directory, verified and extracted the way tofu init would, with the same hostile-zip protection as providers.")
        {
            source, destination, force,
        };
        CommandAction.Set(command, common, console, async (parse, json, cancellationToken) =>
        {
            var address = ModuleAddress.Parse(parse.GetValue(source)!);
            var plan = await common.PlanAsync(parse, console, [AddressInput.ForModule(address)], cancellationToken);
            var sinks = common.Sinks(parse, console);
            var target = plan.Open(plan.Repository, sinks.Log, sinks.Warning);
            var result = await ProgressDisplay.RunAsync(console, "save", progress =>
                ModuleSaver.SaveAsync(target, address, parse.GetValue(destination)!, parse.GetValue(force), progress, cancellationToken));
            Write(result, console, json);
            return 0;
        });
        return command;
    }

    private static void Write(ModuleSaveResult result, CliConsole console, bool json)
    {
        if (json)
        {
            console.Out.WriteLine(CliJson.Write(new JsonObject
            {
                ["source"] = result.Source,
                ["pinnedSource"] = result.PinnedSource,
                ["digest"] = result.ManifestDigest,
                ["layerDigest"] = result.LayerDigest,
                ["size"] = result.LayerSize,
                ["subdir"] = result.Subdir,
                ["destination"] = result.Destination,
                ["fileCount"] = result.FileCount,
                ["totalBytes"] = result.TotalBytes,
            }));
            return;
        }

        console.Out.WriteLine($"Saved {result.Source} to {result.Destination}");
        console.Out.WriteLine($"  digest  {result.ManifestDigest}");
        console.Out.WriteLine($"  zip     {result.LayerDigest} ({result.LayerSize} bytes)");
        if (result.Subdir is not null)
        {
            console.Out.WriteLine($"  subdir  {result.Subdir}");
        }

        console.Out.WriteLine($"  {result.FileCount} files, {result.TotalBytes} bytes");
        console.Out.WriteLine($"  pinned  {result.PinnedSource}");
    }
}
