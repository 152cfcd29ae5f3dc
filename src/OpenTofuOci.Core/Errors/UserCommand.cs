namespace OpenTofuOci.Core.Errors;

/// <summary>
/// A command a message suggests, spelled by the front end that runs (<c>tofu-oci login</c> or
/// <c>Connect-TofuOciRegistry</c>) through <see cref="OptionSpelling"/>.
/// </summary>
public enum UserCommand
{
    /// <summary>Verify and store credentials for a registry.</summary>
    Login,
    /// <summary>Install providers from an OCI mirror.</summary>
    ProviderInstall,
    /// <summary>Record providers' hashes in a lock file without installing.</summary>
    ProviderLock,
}
