using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Oci.Transport;

/// <summary>The typed errors of transport security. Messages name the file or registry and what to do; never a password.</summary>
internal static class TransportErrors
{
    public static TofuOciException FileInvalid(string path, UserMessage what, UserMessage problem) =>
        new(ErrorIds.TlsFileInvalid, ErrorKind.InvalidArgument, $"The {what} \"{path}\" {problem}", path);

    public static TofuOciException KeyMismatch(string certificatePath, string keyPath) =>
        new(ErrorIds.ClientKeyMismatch, ErrorKind.InvalidArgument,
            $"The private key \"{keyPath}\" does not belong to the client certificate \"{certificatePath}\". Give the key file that was generated with that certificate.",
            certificatePath);
}
