using System.CommandLine;
using System.Text.RegularExpressions;
using OpenTofuOci.Cli;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Tests.Cli;

/// <summary>What tofu-oci's spelling puts in Core's messages are its real flags and command lines that parse.</summary>
public sealed partial class CliSpellingTests
{
    private static readonly RootCommand Root = CliApp.Build(new CliConsole(TextWriter.Null, TextWriter.Null, TextReader.Null, false));

    [Fact]
    public void Every_spelled_flag_is_an_option_of_tofu_oci()
    {
        var known = Commands(Root).SelectMany(c => c.Options).SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (var option in Enum.GetValues<UserOption>())
        {
            var flags = Flag().Matches(CliOptionSpelling.Instance.OptionName(option)).Select(m => m.Value).ToList();
            Assert.NotEmpty(flags);
            Assert.All(flags, f => Assert.Contains(f, known));
        }
    }

    [Theory]
    [InlineData(UserCommand.Login, "login")]
    [InlineData(UserCommand.ProviderInstall, "provider install")]
    [InlineData(UserCommand.ProviderLock, "provider lock")]
    public void Every_spelled_command_is_a_tofu_oci_command(UserCommand command, string path) =>
        Assert.Equal("tofu-oci " + path, CliOptionSpelling.Instance.CommandName(command));

    public static TheoryData<UserInvocation> Invocations() =>
    [
        UserInvocation.Login("registry.example:5000"),
        new UserInvocation(UserCommand.ProviderLock, "registry.opentofu.org/example/aws",
        [
            new UserInvocationOption(UserOption.Platform, ["linux_amd64", "windows_amd64"]),
            new UserInvocationOption(UserOption.LockFile, ["/work/my team/.terraform.lock.hcl"]),
        ]),
    ];

    [Theory]
    [MemberData(nameof(Invocations))]
    public void A_suggested_command_line_parses_as_tofu_oci_arguments(UserInvocation invocation)
    {
        var line = CliOptionSpelling.Instance.CommandLine(invocation);
        var words = ShellWords(line);
        Assert.Equal("tofu-oci", words[0]);

        var parse = Root.Parse(words.Skip(1).ToArray());

        Assert.Empty(parse.Errors);
        Assert.Equal(CliOptionSpelling.Instance.CommandName(invocation.Command), "tofu-oci " + string.Join(' ', Path(parse.CommandResult.Command)));
        Assert.Contains(invocation.Subject, words);
    }

    private static IEnumerable<Command> Commands(Command command) => command.Subcommands.SelectMany(Commands).Prepend(command);

    private static List<string> Path(Command command)
    {
        var names = new List<string>();
        foreach (var c in Commands(Root))
        {
            if (c.Subcommands.Contains(command))
            {
                names.AddRange(Path(c));
            }
        }

        if (command != Root)
        {
            names.Add(command.Name);
        }

        return names;
    }

    // A POSIX shell's words for the quoting the spelling uses: single quotes, and '\'' for a quote inside them.
    private static List<string> ShellWords(string line)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        var any = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '\'')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '\'')
            {
                quoted = any = true;
            }
            else if (c == '\\' && i + 1 < line.Length)
            {
                current.Append(line[++i]);
                any = true;
            }
            else if (c == ' ')
            {
                if (any)
                {
                    words.Add(current.ToString());
                }

                current.Clear();
                any = false;
            }
            else
            {
                current.Append(c);
                any = true;
            }
        }

        Assert.False(quoted, "unbalanced quotes in " + line);
        if (any)
        {
            words.Add(current.ToString());
        }

        return words;
    }

    [GeneratedRegex("--[a-z][a-z0-9-]*")]
    private static partial Regex Flag();
}
