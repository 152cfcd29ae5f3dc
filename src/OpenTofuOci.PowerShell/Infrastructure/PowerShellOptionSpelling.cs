using System.Text.RegularExpressions;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.PowerShell.Infrastructure;

/// <summary>
/// How the cmdlets spell the options and commands Core's messages name: parameter names and cmdlets,
/// command lines as PowerShell reads them. Set for every cmdlet by <see cref="AsyncCmdletBase"/>.
/// </summary>
internal sealed partial class PowerShellOptionSpelling : OptionSpelling
{
    public static PowerShellOptionSpelling Instance { get; } = new();

    public override string OptionName(UserOption userOption) => "-" + ParameterName(userOption);

    public override string CommandName(UserCommand command) => command switch
    {
        UserCommand.Login => "Connect-TofuOciRegistry",
        UserCommand.ProviderInstall => "Install-TofuProvider",
        UserCommand.ProviderLock => "Update-TofuLockFile",
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "The module has no spelling for this command."),
    };

    public override string CommandLine(UserInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var subject = invocation.Command == UserCommand.Login ? "Registry" : "Source";
        var words = new List<string> { CommandName(invocation.Command), $"-{subject} {Quote(invocation.Subject)}" };
        foreach (var option in invocation.Options)
        {
            var name = "-" + ParameterName(option.Option, invocation.Command);
            // Several values are one array argument: -Platform linux_amd64, windows_amd64.
            words.Add(option.Values.Count == 0 ? name : $"{name} {string.Join(", ", option.Values.Select(Quote))}");
        }

        return string.Join(' ', words);
    }

    /// <summary>The parameter that carries <paramref name="userOption"/>, on <paramref name="command"/> when it names it differently.</summary>
    public static string ParameterName(UserOption userOption, UserCommand? command = null) => (userOption, command) switch
    {
        // Update-TofuLockFile's only file is the lock file, so it is its -Path.
        (UserOption.LockFile, UserCommand.ProviderLock) => "Path",
        (UserOption.Force, _) => "Force",
        (UserOption.Repository, _) => "Repository",
        (UserOption.RepositoryTemplate, _) => "RepositoryTemplate",
        (UserOption.Platform, _) => "Platform",
        (UserOption.LockFile, _) => "LockFile",
        (UserOption.Credential, _) => "Credential",
        (UserOption.CredentialRegistry, _) => "CredentialRegistry",
        (UserOption.PlainHttp, _) => "PlainHttp",
        (UserOption.CaFile, _) => "CertificateAuthorityPath",
        (UserOption.ClientCertificate, _) => "ClientCertificatePath",
        (UserOption.ClientKey, _) => "ClientKeyPath",
        (UserOption.ClientCertificatePassword, _) => "ClientCertificatePassword",
        (UserOption.SkipCertificateCheck, _) => "SkipCertificateCheck",
        (UserOption.MaxRetries, _) => "MaximumRetryCount",
        (UserOption.AllowUnsigned, _) => "AllowUnsigned",
        (UserOption.RequireProvenance, _) => "RequireProvenance",
        (UserOption.TrustedKey, _) => "TrustedKey",
        _ => throw new ArgumentOutOfRangeException(nameof(userOption), userOption, "The module has no parameter for this option."),
    };

    // Single quotes when PowerShell would read the value as anything but one string; placeholders stay as written.
    private static string Quote(string value) =>
        PlainWord().IsMatch(value) || Placeholder().IsMatch(value) ? value : "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"^[A-Za-z0-9_./:\\~+=][A-Za-z0-9_./:\\~+=-]*$")]
    private static partial Regex PlainWord();

    [GeneratedRegex("^<[A-Za-z_-]+>$")]
    private static partial Regex Placeholder();
}
