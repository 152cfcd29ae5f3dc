using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenTofuOci.Core.Tests.Hostile;

/// <summary>
/// Collects each case's outcome and, when TOFU_OCI_RELIABILITY_REPORT names a directory, writes
/// <c>corpus.json</c> there once the corpus has run (the reliability summary is rendered from it).
/// </summary>
public sealed class HostileCorpusReport : IDisposable
{
    public const string Variable = "TOFU_OCI_RELIABILITY_REPORT";

    private readonly ConcurrentDictionary<string, (string Category, bool ExpectedErrorSeen, bool NothingWritten)> _outcomes = new();

    internal void Record(HostileCase hostile, bool expectedErrorSeen, bool nothingWritten) =>
        _outcomes[hostile.Id] = (hostile.Category, expectedErrorSeen, nothingWritten);

    /// <summary>The summary in the shape the reliability page reads.</summary>
    internal JsonObject Summary()
    {
        var categories = new JsonObject();
        foreach (var category in HostileCategory.All)
        {
            categories[category] = HostileCorpus.All.Count(c => c.Category == category);
        }

        var outcomes = _outcomes.Values.ToList();
        return new JsonObject
        {
            ["suite"] = "hostile-corpus",
            ["cases"] = HostileCorpus.All.Count,
            ["categories"] = categories,
            ["expectedErrorSeen"] = outcomes.Count(o => o.ExpectedErrorSeen),
            ["nothingWritten"] = outcomes.Count(o => o.NothingWritten),
            ["badOutcomes"] = outcomes.Count(o => !o.ExpectedErrorSeen || !o.NothingWritten),
        };
    }

    internal static void WriteTo(string directory, JsonObject summary)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "corpus.json"), summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } directory && !_outcomes.IsEmpty)
        {
            WriteTo(directory, Summary());
        }
    }
}
