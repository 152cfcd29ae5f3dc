using System.CommandLine;
using System.Text.Json.Nodes;
using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Cli.Commands.Provider;

/// <summary>
/// <c>tofu-oci provider versions &lt;address&gt; [--repository &lt;ref&gt; | --template &lt;tmpl&gt;]</c>:
/// the versions a provider mirror holds, with each index digest and its platforms; without either
/// option the mirror is found in OpenTofu's CLI configuration.
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
            Description = "A repository template mapped with the address: 'example.com/providers/${namespace}/${type}' (oci_mirror syntax) or 'example.com/providers/{namespace}/{type}' (tofu providers lock -oci-mirror syntax). Without --repository or --template, the CLI configuration's oci_mirror blocks.",
        };
        var command = new Command("versions", "List the versions of a provider in an OCI mirror (the tags OpenTofu reads as versions), each with its index digest and platforms.")
        {
            address, repository, template,
        };
        CommandAction.Set(command, common, console, async (parse, json, cancellationToken) =>
        {
            var provider = ProviderAddress.Parse(parse.GetValue(address)!);
            var repositoryText = parse.GetValue(repository);
            var plan = await common.PlanAsync(parse, console, repositoryText is null ? [] : [new AddressInput(repositoryText)], cancellationToken,
                parse.GetValue(template), [provider]);
            var target = (await plan.CreateResolverAsync(common.Sinks(parse, console), cancellationToken)).Resolve(provider);
            var versions = await ProviderVersionCatalog.ListAsync(target, provider, cancellationToken);
            Write(provider, target.DisplayName, versions, console, json);
            return 0;
        });
        return command;
    }

    private static void Write(ProviderAddress provider, string repositoryText, IReadOnlyList<ProviderVersionSummary> versions, CliConsole console, bool json)
    {
        if (json)
        {
            console.Out.WriteLine(CliJson.Write(CliJson.Array(versions.Select(v => new JsonObject
            {
                ["provider"] = provider.ToString(),
                ["repository"] = repositoryText,
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
}
