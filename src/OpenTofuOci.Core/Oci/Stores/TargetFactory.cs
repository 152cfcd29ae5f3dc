using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Oci.Remote;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Oci.Transport;

namespace OpenTofuOci.Core.Oci.Stores;

/// <summary>Opens the target a <see cref="TargetAddress"/> names.</summary>
public static class TargetFactory
{
    /// <summary>
    /// Opens a registry repository or a layout directory. Layout paths are resolved against
    /// <paramref name="baseDirectory"/> (PowerShell's current location) when relative.
    /// </summary>
    public static ITarget Open(TargetAddress address, TargetOptions? options = null, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsLayout)
        {
            return OpenLayout(baseDirectory is null ? address.LayoutDirectory! : Path.Combine(baseDirectory, address.LayoutDirectory!));
        }

        return OpenRemote(address.Remote!.Registry, address.Remote.Repository, options);
    }

    /// <summary>Opens the repository <paramref name="repository"/> of <paramref name="registry"/>, both already validated.</summary>
    public static ITarget OpenRemote(string registry, string repository, TargetOptions? options = null) =>
        new RemoteRepository(registry, repository, RemoteOptions(registry, options ?? new TargetOptions()));

    /// <summary>Opens the OCI image-layout directory <paramref name="directory"/> (relative to the process's current directory).</summary>
    public static ITarget OpenLayout(string directory) => new OciLayoutStore(directory);

    /// <summary>Opens the view of one repository inside a layout that holds several: the roots whose ref name starts with <paramref name="refNamePrefix"/> (a bundle, docs/opentofu-compatibility.md §13).</summary>
    public static ITarget OpenLayoutView(string directory, string refNamePrefix) => new OciLayoutStore(directory, refNamePrefix);

    /// <summary>
    /// How a registry is reached under <paramref name="options"/>: plain HTTP or the TLS handler its
    /// trust settings give (warning when verification is off), credentials, retries and log. For clients of a
    /// registry other than a repository, such as a login check.
    /// </summary>
    public static RemoteRepositoryOptions RemoteOptions(string registry, TargetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var plainHttp = options.PlainHttp || options.PlainHttpRegistries.Contains(registry);
        var handler = options.Handler;
        TlsDiagnostics? diagnostics = null;
        if (handler is null && !plainHttp)
        {
            var tls = options.Transport.For(registry);
            var built = RegistryHandlers.For(registry, tls, options.Transport.Environment);
            (handler, diagnostics) = (built.Handler, built.Diagnostics);
            if (tls.SkipVerify)
            {
                options.Warning?.Invoke(SkipVerifyWarning(registry));
            }
        }

        var retries = options.Retries ?? RetrySettings.FromEnvironment(options.Transport.Environment);
        return new RemoteRepositoryOptions
        {
            MaxRetries = retries.MaxRetries,
            RetryBaseDelay = retries.BaseDelay,
            MaxRetryDelay = retries.MaxDelay,
            RetryDeadline = retries.Deadline,
            IdleTimeout = retries.IdleTimeout,
            PlainHttp = plainHttp,
            Credentials = options.Credentials,
            Handler = handler,
            TlsDiagnostics = diagnostics,
            Log = options.Log,
            RetryLog = options.RetryLog,
        };
    }

    /// <summary>The warning printed every time a registry is opened without certificate verification.</summary>
    public static string SkipVerifyWarning(string registry)
    {
        UserMessage warning = $"TLS certificate verification is OFF for {registry} ({UserOption.SkipCertificateCheck}): anyone on the network path can impersonate it " +
            $"and read or change what is transferred. Trust its CA with {UserOption.CaFile} instead.";
        return warning.Text;
    }
}
