using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Oci;

/// <summary>The errors raised when content does not match its descriptor.</summary>
public static class VerificationErrors
{
    public static TofuOciException SizeMismatch(Descriptor expected, string source, string got)
    {
        ArgumentNullException.ThrowIfNull(expected);
        return new(ErrorIds.SizeMismatch, ErrorKind.InvalidData,
            $"Content {expected.Digest} from {source} should be {expected.Size} bytes but was {got}; nothing was stored. " +
            "The registry or a proxy returned a wrong or truncated body: retry, and if it persists, republish the artifact.",
            expected.Digest);
    }

    public static TofuOciException DigestMismatch(Descriptor expected, string source, string actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        return new(ErrorIds.DigestMismatch, ErrorKind.InvalidData,
            $"Content from {source} does not match digest {expected.Digest} (it hashes to {actual}); nothing was stored. " +
            "The content was altered in storage or in transit: do not use it; republish the artifact or check the proxy in between.",
            expected.Digest);
    }
}
