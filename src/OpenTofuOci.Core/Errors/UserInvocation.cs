namespace OpenTofuOci.Core.Errors;

/// <summary>
/// A complete command line a message suggests (command, its subject, options with values), spelled by
/// the front end that runs: <c>tofu-oci provider lock example/aws --platform linux_amd64</c> or
/// <c>Update-TofuLockFile -Source example/aws -Platform linux_amd64</c>.
/// </summary>
/// <param name="Command">The command.</param>
/// <param name="Subject">What the command acts on (a registry for <see cref="UserCommand.Login"/>, a provider address otherwise).</param>
/// <param name="Options">Options in the order to write them; a value written as <c>&lt;word&gt;</c> is a placeholder.</param>
public sealed record UserInvocation(UserCommand Command, string Subject, IReadOnlyList<UserInvocationOption> Options)
{
    /// <summary>Logging in to <paramref name="registry"/> as a user the reader fills in.</summary>
    public static UserInvocation Login(string registry) =>
        new(UserCommand.Login, registry, [new UserInvocationOption(UserOption.Credential, ["<user>"])]);

    /// <inheritdoc/>
    public override string ToString() => OptionSpelling.Current.CommandLine(this);
}

/// <summary>One option of a <see cref="UserInvocation"/> with its values (several for a repeatable option).</summary>
/// <param name="Option">The option.</param>
/// <param name="Values">Its values; empty for a switch.</param>
public sealed record UserInvocationOption(UserOption Option, IReadOnlyList<string> Values);
