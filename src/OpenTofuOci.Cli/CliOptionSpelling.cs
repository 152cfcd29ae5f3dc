using System.Text.RegularExpressions;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Cli;

/// <summary>How <c>tofu-oci</c> spells the options and commands Core's messages name: its own flags, command lines for a POSIX shell.</summary>
internal sealed partial class CliOptionSpelling : OptionSpelling
{
    public static CliOptionSpelling Instance { get; } = new();

    public override string OptionName(UserOption userOption) => userOption switch
    {
        UserOption.Force => "--force",
        UserOption.Repository => "--repository",
        UserOption.RepositoryTemplate => "--template",
        UserOption.Platform => "--platform",
        UserOption.LockFile => "--lock-file",
        UserOption.Credential => "--username with --password-stdin",
        UserOption.CredentialRegistry => "--credential-registry",
        UserOption.PlainHttp => "--plain-http",
        UserOption.CaFile => "--ca-file",
        UserOption.ClientCertificate => "--client-cert",
        UserOption.ClientKey => "--client-key",
        UserOption.ClientCertificatePassword => "--client-cert-password-env <VARIABLE>",
        UserOption.SkipCertificateCheck => "--insecure-skip-tls-verify",
        UserOption.MaxRetries => "--retries",
        UserOption.AllowUnsigned => "--allow-unsigned",
        UserOption.RequireProvenance => "--require-provenance",
        UserOption.TrustedKey => "--trusted-key",
        _ => throw new ArgumentOutOfRangeException(nameof(userOption), userOption, "tofu-oci has no spelling for this option."),
    };

    public override string CommandName(UserCommand command) => command switch
    {
        UserCommand.Login => "tofu-oci login",
        UserCommand.ProviderInstall => "tofu-oci provider install",
        UserCommand.ProviderLock => "tofu-oci provider lock",
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "tofu-oci has no spelling for this command."),
    };

    public override string CommandLine(UserInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var words = new List<string> { CommandName(invocation.Command), Quote(invocation.Subject) };
        foreach (var option in invocation.Options)
        {
            if (option.Option == UserOption.Credential)
            {
                // The password never goes on a command line: it is piped in.
                words.Add($"-u {Quote(option.Values.Count > 0 ? option.Values[0] : "<user>")} --password-stdin");
                continue;
            }

            var flag = OptionName(option.Option);
            if (option.Values.Count == 0)
            {
                words.Add(flag);
            }

            // Repeatable options are repeated, one value each.
            words.AddRange(option.Values.Select(v => $"{flag} {Quote(v)}"));
        }

        return string.Join(' ', words);
    }

    // Single quotes for a POSIX shell when the value has anything a shell would read; placeholders stay as written.
    private static string Quote(string value) =>
        PlainWord().IsMatch(value) || Placeholder().IsMatch(value) ? value : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex("^[A-Za-z0-9_@%+=:,./~-]+$")]
    private static partial Regex PlainWord();

    [GeneratedRegex("^<[A-Za-z_-]+>$")]
    private static partial Regex Placeholder();
}
