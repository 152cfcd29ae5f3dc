namespace OpenTofuOci.Core.Signing;

/// <summary>
/// Which exceptions mean "these bytes are not (valid) OpenPGP". The parser throws many kinds on
/// damaged or hostile input (I/O, format, packet-version, cast, index and arithmetic errors; a
/// bit-flip test found several), so every exception except the process-level ones counts, and each
/// becomes a typed error naming the file or signature.
/// </summary>
internal static class OpenPgpFailures
{
    public static bool IsParseFailure(Exception exception) =>
        exception is not (OutOfMemoryException or OperationCanceledException or ThreadInterruptedException or Errors.TofuOciException);

    /// <summary>Our own reason as written, or the parser's words escaped (they may quote the input).</summary>
    public static string Describe(Exception exception) =>
        exception is OpenPgpInputException ? exception.Message : Errors.UntrustedText.Escape(exception.Message.TrimEnd('.'));
}

/// <summary>A reason, in our words and with any quoted input already escaped, why bytes are not a usable key or signature.</summary>
internal sealed class OpenPgpInputException(string message) : FormatException(message);
