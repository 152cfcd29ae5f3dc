using System.CommandLine;
using System.Text.Json.Nodes;
using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Tags;

namespace OpenTofuOci.Cli.Commands;

/// <summary><c>tofu-oci tags &lt;repository&gt;</c>: lists tags with the provider version OpenTofu reads from each.</summary>
internal static class TagsCommand
{
    public static Command Create(CommonOptions common, CliConsole console)
    {
        var repository = new Argument<string>("repository")
        {
            Description = "host[:port]/repository or oci-layout:<directory>",
        };
        var command = new Command("tags", "List the tags of a repository, sorted by provider version, with the version OpenTofu reads from each (tags that are not versions come last).")
        {
            repository,
        };
        CommandAction.Set(command, common, console, async (parse, json, cancellationToken) =>
        {
            var plan = await common.PlanAsync(parse, console, [new AddressInput(parse.GetValue(repository)!)], cancellationToken);
            var sinks = common.Sinks(parse, console);
            var target = plan.Open(plan.Repository, sinks.Log, sinks.Warning);
            var entries = await TagQuery.ListAsync(target, plan.Repository.RepositoryText, cancellationToken);
            Write(entries, console, json);
            return 0;
        });
        return command;
    }

    private static void Write(IReadOnlyList<TagEntry> entries, CliConsole console, bool json)
    {
        if (json)
        {
            console.Out.WriteLine(CliJson.Write(CliJson.Array(
                entries.Select(e => new JsonObject { ["repository"] = e.Repository, ["tag"] = e.Tag, ["version"] = e.Version?.ToString() }))));
            return;
        }

        var width = Math.Max(3, entries.Count == 0 ? 0 : entries.Max(e => e.Tag.Length));
        console.Out.WriteLine($"{"TAG".PadRight(width)}  VERSION");
        foreach (var e in entries)
        {
            console.Out.WriteLine($"{e.Tag.PadRight(width)}  {e.Version?.ToString() ?? "-"}");
        }
    }
}
