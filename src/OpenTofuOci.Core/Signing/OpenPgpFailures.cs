using Org.BouncyCastle.Bcpg.OpenPgp;

namespace OpenTofuOci.Core.Signing;

/// <summary>
/// Which exceptions mean "these bytes are not (valid) OpenPGP". The parser throws several kinds on
/// damaged or hostile input; each becomes a typed error naming the file or signature.
/// </summary>
internal static class OpenPgpFailures
{
    public static bool IsParseFailure(Exception exception) =>
        exception is IOException or PgpException or FormatException or ArgumentException or InvalidOperationException
            or IndexOutOfRangeException or OverflowException or NotSupportedException or NotImplementedException
            or InvalidCastException or Org.BouncyCastle.Security.SecurityUtilityException or Org.BouncyCastle.Crypto.CryptoException;

    /// <summary>The parser's own words for a failure (untrusted: escaped, one line).</summary>
    public static string Describe(Exception exception) =>
        Errors.UntrustedText.Escape(exception is FormatException ? exception.Message : exception.Message.TrimEnd('.'));
}
