using System.Text.RegularExpressions;
using OpenTofuOci.Cli;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Samples;
using OpenTofuOci.Core.Tests.Cli;

namespace OpenTofuOci.Core.Tests.Access;

/// <summary>
/// The access table (tests/OpenTofuOci.TestFixtures/AccessCases.cs) through <c>tofu-oci</c>, run in
/// process: the error id and the options warned about must be the ones the cmdlets give for the same
/// input (tests/OpenTofuOci.PowerShell.Tests/Runspaces/AccessTableTests.cs).
/// </summary>
public sealed class CliAccessTableTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("tofuoci-access-cli-");

    private string Layout => _dir.Combine("layout");

    public async Task InitializeAsync() => await SamplePublishedAsync(Layout);

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    internal static Task SamplePublishedAsync(string layout) => SampleProvider.PublishAsync(new OciLayoutStore(layout), "1.0.0");

    public static IEnumerable<object[]> Cases => AccessCases.Names;

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_same_input_gives_the_same_answer_as_the_cmdlets(string name)
    {
        var access = AccessCases.Named(name);
        var args = access.Cli.Select(a => a.Replace("{layout}", Layout, StringComparison.Ordinal).Replace("{dir}", _dir.Path, StringComparison.Ordinal)).ToArray();

        var run = await CliRunner.RunWithInputAsync("pw\n", args);

        var warnings = run.Error.Split(Environment.NewLine).Where(l => l.StartsWith("warning: ", StringComparison.Ordinal) && l.Contains("not apply", StringComparison.Ordinal)).ToList();
        Assert.Equal(access.NotApplicable, warnings.SelectMany(w => OptionsIn(w, CliOptionSpelling.Instance)).Distinct());
        if (access.ErrorId is null)
        {
            Assert.True(run.ExitCode == 0, run.Error);
            Assert.Contains("1.0.0", run.Out, StringComparison.Ordinal);
        }
        else
        {
            Assert.True(run.Error.TrimEnd().EndsWith($"[{access.ErrorId}]", StringComparison.Ordinal), run.Error);
            Assert.Equal(access.ErrorId is ErrorIds.InvalidArgument or ErrorIds.InvalidReference or ErrorIds.UnsupportedTemplateExpression or ErrorIds.InvalidRepositoryTemplate ? 2 : 1,
                run.ExitCode);
        }
    }

    /// <summary>The options a front end's warning says do not apply (named before "do not apply"), in the order of <see cref="UserOption"/>.</summary>
    internal static IEnumerable<UserOption> OptionsIn(string warning, OptionSpelling spelling)
    {
        var subject = Regex.Match(warning, "^(.*?) do(es)? not apply").Groups[1].Value;
        return Enum.GetValues<UserOption>().Where(o => Regex.IsMatch(subject, $"(?<![\\w-]){Regex.Escape(spelling.OptionName(o))}(?![\\w-])"));
    }
}
