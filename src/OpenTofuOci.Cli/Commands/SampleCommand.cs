using System.CommandLine;
using System.Text.Json.Nodes;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Targets;
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
            var to = TargetAddress.Parse(parse.GetValue(destination)!);
            if (to.Digest is not null)
            {
                throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                    $"\"{to.Text}\" names a digest; give a repository with an optional version tag.", to.Text);
            }

            var version = to.Tag ?? "0.1.0";
            var target = TargetFactory.Open(to, common.ToTargetOptions(parse, console, to));
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
