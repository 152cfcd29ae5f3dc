using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Oci.Remote;

namespace OpenTofuOci.Core.Oci.Targets;

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
        options ??= new TargetOptions();
        if (address.IsLayout)
        {
            var dir = baseDirectory is null ? address.LayoutDirectory! : Path.Combine(baseDirectory, address.LayoutDirectory!);
            return new OciLayoutStore(dir);
        }

        var r = address.Remote!;
        return new RemoteRepository(r.Registry, r.Repository, new RemoteRepositoryOptions
        {
            PlainHttp = options.PlainHttp || options.PlainHttpRegistries.Contains(r.Registry),
            Credentials = options.Credentials,
            Handler = options.Handler,
            Log = options.Log,
        });
    }
}
