namespace OpenTofuOci.Core.Errors;

/// <summary>The words used when no front end has set its spelling: they name what an option does, not how to type it.</summary>
internal sealed class NeutralOptionSpelling : OptionSpelling
{
    public override string OptionName(UserOption userOption) => userOption switch
    {
        UserOption.Force => "the force option",
        UserOption.Repository => "the repository option",
        UserOption.RepositoryTemplate => "the repository template option",
        UserOption.Platform => "the platform option",
        UserOption.LockFile => "the lock file option",
        UserOption.Credential => "explicit credentials",
        UserOption.CredentialRegistry => "the credential registry option",
        UserOption.PlainHttp => "the plain HTTP option",
        UserOption.CaFile => "the CA file option",
        UserOption.ClientCertificate => "the client certificate option",
        UserOption.ClientKey => "the client key option",
        UserOption.ClientCertificatePassword => "the client certificate password option",
        UserOption.SkipCertificateCheck => "the skip certificate check option",
        UserOption.MaxRetries => "the maximum retry count option",
        UserOption.AllowUnsigned => "the allow unsigned option",
        UserOption.RequireProvenance => "the require provenance option",
        UserOption.TrustedKey => "the trusted key option",
        _ => throw new ArgumentOutOfRangeException(nameof(userOption), userOption, "No neutral words for this option."),
    };

    public override string CommandName(UserCommand command) => command switch
    {
        UserCommand.Login => "the login command",
        UserCommand.ProviderInstall => "the provider install command",
        UserCommand.ProviderLock => "the provider lock command",
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "No neutral words for this command."),
    };

    // Neutral words are prose, not something to copy into a shell.
    public override string CommandLineInText(UserInvocation invocation) => CommandLine(invocation);

    public override string CommandLine(UserInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var options = invocation.Options.Select(o => o.Values.Count == 0 ? OptionName(o.Option) : $"{OptionName(o.Option)} {string.Join(", ", o.Values)}").ToList();
        var with = options.Count == 0 ? string.Empty : " with " + string.Join("; ", options);
        return $"{CommandName(invocation.Command)} for {invocation.Subject}{with}";
    }
}
