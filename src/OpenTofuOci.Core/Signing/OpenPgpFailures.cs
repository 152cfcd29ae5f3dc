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

    /// <summary>Our own reason as written, or the parser's words escaped (they may quote the input).</summary>
    public static string Describe(Exception exception) =>
        exception is OpenPgpInputException ? exception.Message : Errors.UntrustedText.Escape(exception.Message.TrimEnd('.'));
}

/// <summary>A reason, in our words and with any quoted input already escaped, why bytes are not a usable key or signature.</summary>
internal sealed class OpenPgpInputException(string message) : FormatException(message);
