using System.CommandLine;
using System.Text.Json.Nodes;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Cli.Commands.Provider;

/// <summary>
/// <c>tofu-oci provider versions &lt;address&gt; (--repository &lt;ref&gt; | --template &lt;tmpl&gt;)</c>:
/// the versions a provider mirror holds, with each index digest and its platforms.
/// </summary>
internal static class ProviderVersionsCommand
{
    public static Command? Create(CommonOptions common, CliConsole console)
    {
        var address = new Argument<string>("address")
        {
            Description = "The provider address, e.g. hashicorp/aws or registry.opentofu.org/hashicorp/aws.",
        };
        var repository = new Option<string?>("--repository", "-r")
        {
            Description = "The provider's repository: host[:port]/repository or oci-layout:<directory>.",
        };
        var template = new Option<string?>("--template")
        {
            Description = "An oci_mirror repository_template, e.g. 'example.com/providers/${namespace}/${type}', mapped with the address.",
        };
        var command = new Command("versions", "List the versions of a provider in an OCI mirror (the tags OpenTofu reads as versions), each with its index digest and platforms.")
        {
            address, repository, template,
        };
        CommandAction.Set(command, common, console, async (parse, json, cancellationToken) =>
        {
            var provider = ProviderAddress.Parse(parse.GetValue(address)!);
            var to = Repository(provider, parse.GetValue(repository), parse.GetValue(template));
            var target = TargetFactory.Open(to, common.ToTargetOptions(parse, console, to));
            var versions = await ProviderVersionCatalog.ListAsync(target, provider, cancellationToken);
            Write(provider, to, versions, console, json);
            return 0;
        });
        return command;
    }

    private static TargetAddress Repository(ProviderAddress provider, string? repository, string? template)
    {
        if ((repository is null) == (template is null))
        {
            throw Usage("Give the provider's repository with --repository <host/repo | oci-layout:dir>, or an oci_mirror template with --template (one of the two).");
        }

        TargetAddress to;
        if (repository is not null)
        {
            to = TargetAddress.Parse(repository);
        }
        else
        {
            var (registry, repo) = RepositoryTemplate.Parse(template!).Map(provider);
            to = TargetAddress.Parse($"{registry}/{repo}");
        }

        return to.Selector is null
            ? to
            : throw Usage($"\"{to.Text}\" names a tag or digest; give only the repository ({to.RepositoryText}).");
    }

    private static void Write(ProviderAddress provider, TargetAddress to, IReadOnlyList<ProviderVersionSummary> versions, CliConsole console, bool json)
    {
        if (json)
        {
            console.Out.WriteLine(CliJson.Write(CliJson.Array(versions.Select(v => new JsonObject
            {
                ["provider"] = provider.ToString(),
                ["repository"] = to.RepositoryText,
                ["version"] = v.Version.ToString(),
                ["tag"] = v.Tag,
                ["digest"] = v.IndexDigest,
                ["platforms"] = CliJson.Array(v.Platforms.Select(p => new JsonObject { ["platform"] = p.Platform, ["manifestDigest"] = p.ManifestDigest })),
                ["problem"] = v.Problem,
            }))));
            return;
        }

        var width = Math.Max(7, versions.Count == 0 ? 0 : versions.Max(v => v.Version.ToString().Length));
        console.Out.WriteLine($"{"VERSION".PadRight(width)}  {"DIGEST",-71}  PLATFORMS");
        foreach (var v in versions)
        {
            var platforms = v.Problem ?? string.Join(", ", v.Platforms.Select(p => p.Platform));
            console.Out.WriteLine($"{v.Version.ToString().PadRight(width)}  {(v.IndexDigest ?? "-"),-71}  {platforms}");
        }
    }

    private static TofuOciException Usage(string message) => new(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument, message);
}
