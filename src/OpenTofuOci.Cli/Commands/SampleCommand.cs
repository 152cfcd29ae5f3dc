using System.CommandLine;
using System.Text.Json.Nodes;
using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Samples;

namespace OpenTofuOci.Cli.Commands;

/// <summary><c>tofu-oci sample &lt;destination&gt;</c>: publishes a tiny built-in provider release, for trying the tool out.</summary>
internal static class SampleCommand
{
    public static Command Create(CommonOptions common, CliConsole console)
    {
        var destination = new Argument<string>("destination")
        {
            Description = "host[:port]/repository[:version] or oci-layout:<directory>[:version]; the version defaults to 0.1.0",
        };
        var command = new Command("sample", "Publish a small built-in sample provider (linux_amd64 and windows_amd64) in OpenTofu's OCI mirror layout, to try the tool without any files of your own.")
        {
            destination,
        };
        CommandAction.Set(command, common, console, async (parse, json, cancellationToken) =>
        {
            var plan = await common.PlanAsync(parse, console, [new AddressInput(parse.GetValue(destination)!, AddressUse.Destination)], cancellationToken);
            var to = plan.Repository;
            var version = to.Tag ?? "0.1.0";
            var sinks = common.Sinks(parse, console);
            var target = plan.Open(to, sinks.Log, sinks.Warning);
            var result = await ProgressDisplay.RunAsync(console, $"sample {version}", progress =>
                SampleProvider.PublishAsync(target, version, progress, cancellationToken));
            var index = result.Index;
            if (json)
            {
                console.Out.WriteLine(CliJson.Write(new JsonObject { ["repository"] = to.RepositoryText, ["tag"] = result.Tag, ["version"] = result.Version.ToString(), ["digest"] = index.Digest, ["mediaType"] = index.MediaType, ["artifactType"] = index.ArtifactType }));
            }
            else
            {
                console.Out.WriteLine($"Published sample provider {result.Version} ({string.Join(", ", SampleProvider.Platforms)}) to {to.RepositoryText}:{result.Tag}");
                console.Out.WriteLine($"  digest  {index.Digest}");
            }

            return 0;
        });
        return command;
    }
}
