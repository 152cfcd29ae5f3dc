using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace OpenTofuOci.Core.Tests.Wording;

/// <summary>
/// Each front end speaks its own words (docs/design.md "Errors"): Core's string literals name no
/// front end's option or cmdlet, the CLI's no cmdlet parameter, the module's no CLI flag; and Core
/// formats <c>UserOption</c>/<c>UserCommand</c>/<c>UserInvocation</c> only through <c>UserMessage</c>,
/// never as plain strings (which would print the enum's name, e.g. "Force").
/// </summary>
public sealed partial class SourceWordingTests
{
    internal static readonly string Root = FindRoot();

    // Text in Core that looks like an option but is another tool's (quoted advice about skopeo).
    private static readonly string[] CoreAllowed = ["skopeo copy --all"];

    [Fact]
    public void Core_string_literals_name_no_CLI_flag_no_cmdlet_parameter_and_no_cmdlet()
    {
        var found = Literals("OpenTofuOci.Core")
            .Where(l => CliFlag().IsMatch(Strip(l.Text, CoreAllowed)) || CmdletParameter().IsMatch(l.Text) || CmdletName().IsMatch(l.Text))
            .Select(l => l.ToString())
            .ToList();

        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }

    [Fact]
    public void Cli_string_literals_name_no_cmdlet_parameter_and_no_cmdlet()
    {
        var found = Literals("OpenTofuOci.Cli")
            .Where(l => CmdletParameter().IsMatch(l.Text) || CmdletName().IsMatch(l.Text))
            .Select(l => l.ToString())
            .ToList();

        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }

    [Fact]
    public void Module_string_literals_name_no_CLI_flag()
    {
        var found = Literals("OpenTofuOci.PowerShell")
            .Where(l => CliFlag().IsMatch(l.Text))
            .Select(l => l.ToString())
            .ToList();

        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }

    [Theory]
    [InlineData("replace it with --force.", true)]
    [InlineData("use --plain-http for http", true)]
    [InlineData("xn--nxasmq6b is punycode", false)]
    [InlineData("-----BEGIN CERTIFICATE-----", false)]
    public void The_flag_pattern_finds_flags_only(string text, bool isFlag) =>
        Assert.Equal(isFlag, CliFlag().IsMatch(text));

    [Theory]
    [InlineData("replace it with -Force.", true)]
    [InlineData("(-CertificateAuthorityPath)", true)]
    [InlineData("Content-Type: application/json", false)]
    [InlineData("-----BEGIN ENCRYPTED PRIVATE KEY-----", false)]
    [InlineData("2026-01-31T12:00:00Z", false)]
    public void The_parameter_pattern_finds_parameters_only(string text, bool isParameter) =>
        Assert.Equal(isParameter, CmdletParameter().IsMatch(text));

    [Fact]
    public void Core_formats_option_names_only_through_UserMessage()
    {
        var trees = CoreSources().Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), ParseOptions, f)).ToList();
        // What the SDK's implicit usings add to Core (ImplicitUsings=enable).
        trees.Add(CSharpSyntaxTree.ParseText(
            "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; " +
            "global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;", ParseOptions));
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("CoreWording", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
        var named = new[] { "UserOption", "UserCommand", "UserInvocation" }
            .Select(n => compilation.GetTypeByMetadataName("OpenTofuOci.Core.Errors." + n) ?? throw new InvalidOperationException(n + " not found"))
            .ToHashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        var message = compilation.GetTypeByMetadataName("OpenTofuOci.Core.Errors.UserMessage")!;

        var problems = new List<string>();
        var spelled = 0;
        foreach (var tree in trees.Where(t => t.FilePath.Length > 0))
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var expression in tree.GetRoot().DescendantNodes().OfType<ExpressionSyntax>())
            {
                var info = model.GetTypeInfo(expression);
                // Type names (UserOption in UserOption.Force, declarations) and the member names after a dot are not values.
                if (info.Type is not { } type || !named.Contains(type) || model.GetSymbolInfo(expression).Symbol is ITypeSymbol
                    || expression.Parent is MemberAccessExpressionSyntax { Expression: var e } && e != expression)
                {
                    continue;
                }

                var where = $"{Path.GetRelativePath(Root, tree.FilePath)}:{expression.GetLocation().GetLineSpan().StartLinePosition.Line + 1}: {expression}";
                if (expression.Parent is InterpolationSyntax interpolation)
                {
                    // Spelled only when the interpolated string is a UserMessage and the UserOption overload takes it.
                    if (OperationOf(model, interpolation) is IInterpolatedStringAppendOperation { AppendCall: IInvocationOperation call }
                        && SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, message)
                        && !call.TargetMethod.IsGenericMethod)
                    {
                        spelled++;
                    }
                    else
                    {
                        problems.Add(where + " is formatted into a plain string (it would print the enum's name): make the string a UserMessage.");
                    }

                    continue;
                }

                if (info.ConvertedType is { } converted && !named.Contains(converted) && !IsArgumentGuard(model, expression))
                {
                    problems.Add($"{where} is converted to {converted} (string concatenation or formatting would print the enum's name).");
                }

                if (expression.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ToString" })
                {
                    problems.Add(where + " calls ToString(): spell it through OptionSpelling instead.");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        // The analysis must see the messages that do name options; otherwise it proves nothing.
        Assert.True(spelled >= 25, $"only {spelled} spelled option names found in Core");
    }

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview);

    // The semantic model gives operations for whole expressions: find the one this interpolation became.
    private static IOperation? OperationOf(SemanticModel model, InterpolationSyntax interpolation)
    {
        for (SyntaxNode? node = interpolation.Parent; node is not null; node = node.Parent)
        {
            if (model.GetOperation(node) is { } operation)
            {
                return operation.DescendantsAndSelf().FirstOrDefault(o => o.Syntax == interpolation);
            }
        }

        return null;
    }

    // ArgumentNullException.ThrowIfNull(x) and ArgumentOutOfRangeException(name, actualValue, ...) box their argument, never print it to users.
    private static bool IsArgumentGuard(SemanticModel model, ExpressionSyntax expression) =>
        expression.Parent is ArgumentSyntax argument
        && model.GetOperation(argument) is IArgumentOperation { Parameter.ContainingType.Name: "ArgumentNullException" or "ArgumentOutOfRangeException" };

    private sealed record Literal(string File, int Line, string Text)
    {
        public override string ToString() => $"{File}:{Line}: {Text}";
    }

    private static IEnumerable<Literal> Literals(string project)
    {
        foreach (var file in Sources(project))
        {
            var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(file), ParseOptions, file);
            foreach (var token in tree.GetRoot().DescendantTokens())
            {
                var text = token.Kind() switch
                {
                    SyntaxKind.StringLiteralToken or SyntaxKind.Utf8StringLiteralToken or SyntaxKind.SingleLineRawStringLiteralToken
                        or SyntaxKind.MultiLineRawStringLiteralToken or SyntaxKind.Utf8SingleLineRawStringLiteralToken
                        or SyntaxKind.Utf8MultiLineRawStringLiteralToken => token.ValueText,
                    SyntaxKind.InterpolatedStringTextToken => token.Text,
                    _ => null,
                };
                if (text is not null)
                {
                    yield return new Literal(Path.GetRelativePath(Root, file), token.GetLocation().GetLineSpan().StartLinePosition.Line + 1, text);
                }
            }
        }
    }

    private static List<string> CoreSources() => Sources("OpenTofuOci.Core");

    internal static List<string> Sources(string project)
    {
        var directory = Path.Combine(Root, "src", project);
        var files = Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(directory, f).Split(Path.DirectorySeparatorChar).Any(p => p is "obj" or "bin"))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(files);
        return files;
    }

    private static string Strip(string text, string[] allowed) =>
        allowed.Aggregate(text, (t, a) => t.Replace(a, string.Empty, StringComparison.Ordinal));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OpenTofuOci.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("OpenTofuOci.slnx not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A tofu-oci flag: <c>--force</c>, <c>--plain-http</c> (not punycode's <c>xn--</c>, not PEM's dashes).</summary>
    [GeneratedRegex("(?<![A-Za-z0-9-])--[a-z][a-z0-9-]*")]
    private static partial Regex CliFlag();

    /// <summary>A cmdlet parameter: <c>-Force</c>, <c>-CertificateAuthorityPath</c> (not <c>Content-Type</c>, not PEM's dashes).</summary>
    [GeneratedRegex("(?<![A-Za-z0-9_-])-[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)*")]
    private static partial Regex CmdletParameter();

    /// <summary>A cmdlet of this module: <c>Connect-TofuOciRegistry</c>, <c>Install-TofuProvider</c>.</summary>
    [GeneratedRegex(@"\b[A-Z][a-z]+-Tofu[A-Z][A-Za-z]*")]
    private static partial Regex CmdletName();
}
