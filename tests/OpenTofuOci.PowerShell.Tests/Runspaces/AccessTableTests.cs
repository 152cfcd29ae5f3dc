using System.Text.RegularExpressions;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Samples;
using OpenTofuOci.PowerShell.Infrastructure;
using OpenTofuOci.TestFixtures;

namespace OpenTofuOci.PowerShell.Tests.Runspaces;

/// <summary>
/// The access table (tests/OpenTofuOci.TestFixtures/AccessCases.cs) through the cmdlets, in a real
/// runspace: the error record's id and the parameters warned about must be the ones <c>tofu-oci</c>
/// gives for the same input (tests/OpenTofuOci.Core.Tests/Access/CliAccessTableTests.cs). Where
/// PowerShell's binder refuses a combination first (two parameter sets), its id is asserted instead.
/// </summary>
public sealed class AccessTableTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("tofuoci-access-ps-");
    private readonly RunspaceLease _ps = ModuleRunspaces.Rent();

    private string Layout => _dir.Combine("layout");

    public async Task InitializeAsync() => await SampleProvider.PublishAsync(new OciLayoutStore(Layout), "1.0.0");

    public Task DisposeAsync()
    {
        _ps.Dispose();
        _dir.Dispose();
        return Task.CompletedTask;
    }

    public static IEnumerable<object[]> Cases => AccessCases.Names;

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_same_input_gives_the_same_answer_as_tofu_oci(string name)
    {
        var access = AccessCases.Named(name);

        var run = _ps.Run(access.PowerShell, ("layout", Layout), ("dir", _dir.Path), ("cred", SeededRegistry.Credential("pw")));

        var warnings = run.Warnings.Where(w => w.Contains("not apply", StringComparison.Ordinal)).ToList();
        Assert.Equal(access.NotApplicable, warnings.SelectMany(OptionsIn).Distinct());
        var record = run.Errors.Count > 0 ? run.Errors[0] : run.TerminatingRecord;
        if (access.ErrorId is null)
        {
            Assert.True(record is null, record?.ToString());
            Assert.Contains(run.Output, o => o.ToString().EndsWith(":1.0.0", StringComparison.Ordinal));
            return;
        }

        Assert.NotNull(record);
        Assert.StartsWith((access.PowerShellBinderErrorId ?? access.ErrorId) + ",", record.FullyQualifiedErrorId, StringComparison.Ordinal);
    }

    // The parameters a warning says do not apply (named before "do not apply").
    private static IEnumerable<UserOption> OptionsIn(string warning)
    {
        var subject = Regex.Match(warning, "^(.*?) do(es)? not apply").Groups[1].Value;
        return Enum.GetValues<UserOption>().Where(o =>
            Regex.IsMatch(subject, $"(?<![\\w-]){Regex.Escape(PowerShellOptionSpelling.Instance.OptionName(o))}(?![\\w-])"));
    }
}
