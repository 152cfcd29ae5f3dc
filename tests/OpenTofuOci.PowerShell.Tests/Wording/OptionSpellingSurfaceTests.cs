using System.Text.RegularExpressions;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.PowerShell.Infrastructure;
using OpenTofuOci.PowerShell.Tests.Surface;

namespace OpenTofuOci.PowerShell.Tests.Wording;

/// <summary>
/// What the module's spelling puts in Core's messages are real cmdlets and parameters, read from the
/// compiled module's metadata: a renamed parameter fails here, not in a user's error message.
/// </summary>
public sealed partial class OptionSpellingSurfaceTests
{
    private static IReadOnlyList<CmdletModel> Cmdlets => ModuleSurface.Instance.Cmdlets;

    [Fact]
    public void Every_spelled_option_is_a_parameter_of_a_cmdlet()
    {
        var parameters = Cmdlets.SelectMany(c => c.Parameters).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var option in Enum.GetValues<UserOption>())
        {
            var spelled = PowerShellOptionSpelling.Instance.OptionName(option);
            Assert.Matches("^-[A-Z][A-Za-z]+$", spelled);
            Assert.Contains(spelled[1..], parameters);
        }
    }

    [Fact]
    public void Every_spelled_command_is_a_cmdlet_of_the_module()
    {
        foreach (var command in Enum.GetValues<UserCommand>())
        {
            Assert.Contains(Cmdlets, c => c.Name == PowerShellOptionSpelling.Instance.CommandName(command));
        }
    }

    [Fact]
    public void A_suggested_command_line_names_only_parameters_of_its_cmdlet()
    {
        var invocations = new[]
        {
            UserInvocation.Login("registry.example:5000"),
            new UserInvocation(UserCommand.ProviderLock, "registry.opentofu.org/example/aws",
            [
                new UserInvocationOption(UserOption.Platform, ["linux_amd64", "windows_amd64"]),
                new UserInvocationOption(UserOption.LockFile, ["/work/my team/.terraform.lock.hcl"]),
            ]),
            new UserInvocation(UserCommand.ProviderInstall, "example/aws",
            [
                new UserInvocationOption(UserOption.Platform, ["linux_amd64"]),
                new UserInvocationOption(UserOption.LockFile, ["x.hcl"]),
                new UserInvocationOption(UserOption.Repository, ["registry.example/aws"]),
                new UserInvocationOption(UserOption.Force, []),
            ]),
        };

        foreach (var invocation in invocations)
        {
            var line = PowerShellOptionSpelling.Instance.CommandLine(invocation);
            var cmdlet = Assert.Single(Cmdlets, c => line.StartsWith(c.Name + " ", StringComparison.Ordinal));
            var named = Parameter().Matches(line).Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(invocation.Options.Count + 1, named.Count);
            Assert.All(named, n => Assert.Contains(cmdlet.Parameters, p => string.Equals(p.Name, n, StringComparison.OrdinalIgnoreCase)));
        }
    }

    [GeneratedRegex(@" -([A-Z][A-Za-z]+)")]
    private static partial Regex Parameter();
}
