using System.Globalization;
using System.Text.RegularExpressions;
using Markdig.Syntax;
using OpenTofuOci.HelpCompiler.Build;
using OpenTofuOci.HelpCompiler.Model;

namespace OpenTofuOci.HelpCompiler.Markdown;

/// <summary>
/// Reads a parameter's ```yaml block. PlatyPS writes it as a flat mapping of eight keys, one
/// <c>Key: value</c> per line; that is the only form accepted, so a typo is an error rather than a
/// silently missing value.
/// </summary>
internal static partial class ParameterYaml
{
    public const string Type = "Type";
    public const string ParameterSets = "Parameter Sets";
    public const string Aliases = "Aliases";
    public const string Required = "Required";
    public const string Position = "Position";
    public const string DefaultValue = "Default value";
    public const string PipelineInput = "Accept pipeline input";
    public const string Wildcards = "Accept wildcard characters";

    public static readonly IReadOnlyList<string> Keys = [Type, ParameterSets, Aliases, Required, Position, DefaultValue, PipelineInput, Wildcards];

    public static ParameterMetadata? Read(FencedCodeBlock block, string parameter, ProblemSink problems)
    {
        var before = problems.Count;
        var values = new Dictionary<string, (string Value, int Line)>(StringComparer.Ordinal);
        for (var i = 0; i < block.Lines.Count; i++)
        {
            var line = block.Lines.Lines[i];
            var text = line.Slice.ToString();
            if (text.Trim().Length == 0)
            {
                continue;
            }

            var match = KeyValue().Match(text);
            if (!match.Success)
            {
                problems.At(line.Line, $"-{parameter}: yaml line '{text.Trim()}' is not 'Key: value'.");
                continue;
            }

            var key = Keys.FirstOrDefault(k => k.Equals(match.Groups[1].Value.Trim(), StringComparison.OrdinalIgnoreCase));
            if (key is null)
            {
                problems.At(line.Line, $"-{parameter}: unknown yaml key '{match.Groups[1].Value.Trim()}'; the keys are {string.Join(", ", Keys)}.");
            }
            else if (!values.TryAdd(key, (match.Groups[2].Value.Trim(), line.Line)))
            {
                problems.At(line.Line, $"-{parameter}: yaml key '{key}' appears twice.");
            }
        }

        foreach (var missing in Keys.Where(k => !values.ContainsKey(k)))
        {
            problems.At(block.Line, $"-{parameter}: the yaml block lacks '{missing}:'.");
        }

        if (problems.Count > before)
        {
            return null;
        }

        var type = values[Type].Value;
        if (type.Length == 0)
        {
            problems.At(values[Type].Line, $"-{parameter}: 'Type:' is empty; write the parameter's type, for example String.");
        }

        var setsText = values[ParameterSets].Value;
        var allSets = setsText == "(All)";
        var sets = allSets ? [] : List(setsText);
        if (!allSets && sets.Count == 0)
        {
            problems.At(values[ParameterSets].Line, $"-{parameter}: 'Parameter Sets:' is empty; write (All) or the set names.");
        }

        var required = Boolean(values[Required], parameter, Required, problems);
        var wildcards = Boolean(values[Wildcards], parameter, Wildcards, problems);
        int? position = null;
        var positionText = values[Position].Value;
        if (!positionText.Equals("Named", StringComparison.OrdinalIgnoreCase))
        {
            if (int.TryParse(positionText, NumberStyles.None, CultureInfo.InvariantCulture, out var p))
            {
                position = p;
            }
            else
            {
                problems.At(values[Position].Line, $"-{parameter}: 'Position: {positionText}' must be Named or a number.");
            }
        }

        var pipeline = values[PipelineInput].Value;
        if (!PipelineValue().IsMatch(pipeline))
        {
            problems.At(values[PipelineInput].Line, $"-{parameter}: 'Accept pipeline input: {pipeline}' must be False, True (ByValue), True (ByPropertyName) or True (ByPropertyName, ByValue).");
        }

        var defaultValue = values[DefaultValue].Value;
        return problems.Count > before
            ? null
            : new ParameterMetadata(type, allSets, sets, List(values[Aliases].Value), required, position,
                defaultValue.Length == 0 ? "None" : defaultValue, pipeline, wildcards);
    }

    private static bool Boolean((string Value, int Line) entry, string parameter, string key, ProblemSink problems)
    {
        if (bool.TryParse(entry.Value, out var value))
        {
            return value;
        }

        problems.At(entry.Line, $"-{parameter}: '{key}: {entry.Value}' must be True or False.");
        return false;
    }

    private static List<string> List(string text) =>
        [.. text.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0)];

    [GeneratedRegex(@"^([A-Za-z][A-Za-z ]*?)\s*:(.*)$")]
    private static partial Regex KeyValue();

    [GeneratedRegex(@"^(False|True \((ByValue|ByPropertyName)(, (ByValue|ByPropertyName))?\))$", RegexOptions.IgnoreCase)]
    private static partial Regex PipelineValue();
}
