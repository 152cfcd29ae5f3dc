using System.CommandLine;
using System.Text.Json.Nodes;
using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Credentials.Policy;

namespace OpenTofuOci.Cli.Commands.Credentials;

/// <summary>
/// <c>tofu-oci credentials &lt;repository&gt;</c>: which credential source <c>tofu</c> (and this tool) would use
/// for a repository and why — never the secret (docs/opentofu-compatibility.md §5.6).
/// </summary>
internal static class CredentialsCommand
{
    public static Command Create(CommonOptions common, CliConsole console)
    {
        var repository = new Argument<string>("repository") { Description = "host[:port]/repository (a tag or digest is ignored)" };
        var command = new Command("credentials", "Show which credentials source would be used for a repository (oci_credentials blocks, credential helpers, Docker-style files) and why; never shows a secret.")
        {
            repository,
        };
        CommandAction.Set(command, common, console, async (parse, json, cancellationToken) =>
        {
            var plan = AccessPlan.Create(new AccessRequest
            {
                Addresses = [new AddressInput(parse.GetValue(repository)!, AddressUse.CredentialLookup)],
                Environment = common.Environment(console),
            });
            var policy = await plan.Environment.DiscoveredCredentials.GetPolicyAsync(cancellationToken);
            var selection = policy.Select(plan.Repository.Registry!, plan.Repository.Repository!);
            Write(selection, policy, console, json);
            return 0;
        });
        return command;
    }

    private static void Write(CredentialSelection selection, CredentialPolicy policy, CliConsole console, bool json)
    {
        // Where this tool and tofu would look in different files (DOCKER_CONFIG), the answer above is not tofu's: say so loudly.
        foreach (var notice in policy.Notices.Where(n => n.DiffersFromOpenTofu))
        {
            console.Warn(notice.Message);
        }

        if (json)
        {
            console.Out.WriteLine(CliJson.Write(new JsonObject
            {
                ["registry"] = selection.Registry,
                ["repository"] = selection.Repository,
                ["source"] = selection.Summary,
                ["location"] = selection.Chosen?.Location,
                ["key"] = selection.Chosen?.Key,
                ["kind"] = selection.Chosen?.Kind.ToString(),
                ["helper"] = selection.Chosen?.HelperName,
                ["specificity"] = selection.Chosen?.Specificity.ToString(),
                ["candidates"] = CliJson.Array(selection.Candidates.Select(c => new JsonObject
                {
                    ["location"] = c.Location,
                    ["key"] = c.Key,
                    ["kind"] = c.Kind.ToString(),
                    ["helper"] = c.HelperName,
                    ["specificity"] = c.Specificity.ToString(),
                    ["chosen"] = ReferenceEquals(c, selection.Chosen),
                })),
                ["locations"] = CliJson.Strings(selection.Locations),
                ["problems"] = CliJson.Strings(selection.Problems),
                ["notices"] = CliJson.Strings(policy.Notices.Select(n => n.Message)),
            }));
            return;
        }

        var o = console.Out;
        o.WriteLine($"{selection.Registry}/{selection.Repository}");
        o.WriteLine($"  source       {selection.Summary}");
        if (selection.Chosen is { } chosen)
        {
            o.WriteLine($"  matched      {chosen.Key} in {chosen.Location} ({chosen.Specificity})");
        }

        o.WriteLine("  candidates");
        if (selection.Candidates.Count == 0)
        {
            o.WriteLine("    (none matched)");
        }

        foreach (var c in selection.Candidates)
        {
            o.WriteLine($"    {(ReferenceEquals(c, selection.Chosen) ? "*" : " ")} {c.Specificity,-30} {c.Key} in {c.Location}");
        }

        o.WriteLine("  searched");
        if (selection.Locations.Count == 0)
        {
            o.WriteLine("    (no oci_credentials block and no Docker-style credentials file)");
        }

        foreach (var l in selection.Locations)
        {
            o.WriteLine($"    {l}");
        }

        foreach (var p in selection.Problems)
        {
            o.WriteLine($"  problem      {p}");
        }

        foreach (var n in policy.Notices.Where(n => !n.DiffersFromOpenTofu))
        {
            o.WriteLine($"  note         {n.Message}");
        }
    }
}
