using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Tests.Wording;

namespace OpenTofuOci.Core.Tests.Outcomes;

/// <summary>
/// No source in Core or a front end branches on an error id string: outcomes are compared as
/// <see cref="ErrorCode"/> values (docs/design.md "Errors"). An id may still travel as data — into a
/// re-thrown exception, an error record, a JSON field — but never into a comparison, a pattern, a
/// switch or an equality call.
/// </summary>
public sealed class ErrorIdComparisonScanTests
{
    private static readonly HashSet<string> IdValues = typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToHashSet(StringComparer.Ordinal);

    private static readonly string[] EqualityMethods = ["Equals", "Compare", "CompareOrdinal", "Contains", "StartsWith", "EndsWith", "IndexOf"];

    [Theory]
    [InlineData("OpenTofuOci.Core")]
    [InlineData("OpenTofuOci.Cli")]
    [InlineData("OpenTofuOci.PowerShell")]
    public void No_source_compares_an_error_id_string(string project)
    {
        var problems = new List<string>();
        var idsSeen = 0;
        foreach (var file in SourceWordingTests.Sources(project))
        {
            var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(file), new CSharpParseOptions(LanguageVersion.Preview), file);
            idsSeen += tree.GetRoot().DescendantNodes().OfType<ExpressionSyntax>().Count(IsId);
            problems.AddRange(Comparisons(tree).Select(p => $"{Path.GetRelativePath(SourceWordingTests.Root, file)}:{p}"));
        }

        Assert.True(problems.Count == 0, "Compare TofuOciException.Code with an ErrorCode instead:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
        // The scan must see the ids the project does use (to throw or report them); otherwise it proves nothing.
        Assert.True(idsSeen >= 3, $"only {idsSeen} error ids found in {project}");
    }

    [Theory]
    [InlineData("if (ex.ErrorId == ErrorIds.NotFound) { }")]
    [InlineData("if (ErrorIds.NotFound != e.ErrorId) { }")]
    [InlineData("var b = e.ErrorId is ErrorIds.DigestMismatch or ErrorIds.SizeMismatch;")]
    [InlineData("var b = e is { ErrorId: not ErrorIds.NotFound };")]
    [InlineData("var b = e is { ErrorId: ErrorIds.NotFound };")]
    [InlineData("var b = e is { ErrorId: \"NotFound\" };")]
    [InlineData("switch (e.ErrorId) { case ErrorIds.NotFound: break; }")]
    [InlineData("var x = e.ErrorId switch { ErrorIds.NotFound => 1, _ => 0 };")]
    [InlineData("var b = e.ErrorId.Equals(\"Unauthorized\", StringComparison.Ordinal);")]
    [InlineData("var b = string.Equals(id, ErrorIds.Unauthorized, StringComparison.Ordinal);")]
    [InlineData("var b = retryable.Contains(e.ErrorId);")]
    [InlineData("var b = id == \"Unauthorized\";")]
    [InlineData("var b = id == nameof(ErrorIds.Unauthorized);")]
    [InlineData("catch (TofuOciException ex) when (ex.ErrorId == ErrorIds.InvalidManifest) { }")]
    public void The_scan_finds_id_comparisons(string statement) =>
        Assert.Single(Comparisons(Wrap(statement)));

    [Theory]
    [InlineData("throw new TofuOciException(ex.ErrorId, ex.Kind, \"more: \" + ex.Message, ex.Target, ex);")]
    [InlineData("var record = new ErrorRecordContent(e.ErrorId, category, target, e.Message);")]
    [InlineData("var t = (e.ErrorId, e.Message);")]
    [InlineData("if (e is { ErrorId: var id }) { Write(id); }")]
    [InlineData("var b = e.Code == ErrorCode.NotFound;")]
    [InlineData("var b = e.Code is ErrorCode.DigestMismatch or ErrorCode.SizeMismatch;")]
    [InlineData("var b = e.Kind == ErrorKind.NotFound;")]
    [InlineData("var b = detail.Code is \"NAME_UNKNOWN\" or \"NAME_INVALID\";")]
    [InlineData("throw new TofuOciException(ErrorIds.NotFound, ErrorKind.NotFound, \"gone\");")]
    [InlineData("var id = problem == Digest.UnsupportedAlgorithmText ? ErrorIds.UnsupportedDigestAlgorithm : ErrorIds.InvalidDigest;")]
    public void The_scan_lets_ids_travel_as_data_and_codes_be_compared(string statement) =>
        Assert.Empty(Comparisons(Wrap(statement)));

    private static SyntaxTree Wrap(string statement) =>
        CSharpSyntaxTree.ParseText($"class C {{ void M() {{ try {{ }} {(statement.StartsWith("catch", StringComparison.Ordinal) ? statement : "finally { " + statement + " }")} }} }}",
            new CSharpParseOptions(LanguageVersion.Preview));

    // Where an id string is compared: an operand of == or !=, a constant in a pattern (is, switch arms,
    // property patterns), the subject of is/switch, a case label, or an argument or receiver of an equality
    // call. One entry per line, however many of these rules it breaks.
    private static IEnumerable<string> Comparisons(SyntaxTree tree) => Candidates(tree).DistinctBy(c => c.Line).Select(c => $"{c.Line}: {c.Text}");

    private static IEnumerable<(int Line, string Text)> Candidates(SyntaxTree tree)
    {
        foreach (var node in tree.GetRoot().DescendantNodes())
        {
            var found = node switch
            {
                BinaryExpressionSyntax b when b.IsKind(SyntaxKind.EqualsExpression) || b.IsKind(SyntaxKind.NotEqualsExpression) => IsId(b.Left) || IsId(b.Right),
                IsPatternExpressionSyntax p => IsId(p.Expression) || PatternNamesId(p.Pattern),
                SwitchExpressionSyntax s => IsId(s.GoverningExpression) || s.Arms.Any(a => PatternNamesId(a.Pattern)),
                SwitchStatementSyntax s => IsId(s.Expression) || s.Sections.SelectMany(x => x.Labels).Any(LabelNamesId),
                SubpatternSyntax sub => sub.ExpressionColon?.Expression is { } e && Name(e) == "ErrorId"
                    && sub.Pattern.DescendantNodesAndSelf().Any(n => n is ConstantPatternSyntax or RelationalPatternSyntax),
                InvocationExpressionSyntax i when i.Expression is MemberAccessExpressionSyntax m && EqualityMethods.Contains(m.Name.Identifier.ValueText)
                    => IsId(m.Expression) || i.ArgumentList.Arguments.Any(a => IsId(a.Expression)),
                _ => false,
            };
            if (found)
            {
                yield return (node.GetLocation().GetLineSpan().StartLinePosition.Line + 1, node.ToString());
            }
        }
    }

    private static bool PatternNamesId(PatternSyntax pattern) =>
        pattern.DescendantNodesAndSelf().OfType<ConstantPatternSyntax>().Any(c => IsId(c.Expression));

    private static bool LabelNamesId(SwitchLabelSyntax label) => label switch
    {
        CaseSwitchLabelSyntax c => IsId(c.Value),
        CasePatternSwitchLabelSyntax p => PatternNamesId(p.Pattern),
        _ => false,
    };

    // An error id: TofuOciException.ErrorId (or any ErrorId property), an ErrorIds constant, nameof one, or a literal spelling one.
    private static bool IsId(ExpressionSyntax expression) => expression switch
    {
        ParenthesizedExpressionSyntax p => IsId(p.Expression),
        MemberAccessExpressionSyntax m => m.Name.Identifier.ValueText == "ErrorId" || Name(m.Expression) == "ErrorIds",
        IdentifierNameSyntax i => i.Identifier.ValueText == "ErrorId",
        LiteralExpressionSyntax l => l.IsKind(SyntaxKind.StringLiteralExpression) && IdValues.Contains(l.Token.ValueText),
        InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } } n => n.ArgumentList.Arguments.Any(a => IsId(a.Expression)),
        _ => false,
    };

    private static string? Name(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax i => i.Identifier.ValueText,
        MemberAccessExpressionSyntax m => m.Name.Identifier.ValueText,
        _ => null,
    };
}
