using System.Text;

namespace OpenTofuOci.Core.Signing;

/// <summary>
/// ASCII armor (RFC 9580 §6): <c>-----BEGIN PGP LABEL-----</c>, optional <c>Key: value</c> headers,
/// a blank line, base64 lines, an optional <c>=XXXX</c> CRC-24 and <c>-----END PGP LABEL-----</c>.
/// Our own reader so that several blocks in one file, a missing END line and a wrong CRC are each
/// reported exactly; text around the blocks is ignored, as gpg ignores it.
/// </summary>
internal static class OpenPgpArmor
{
    public const string PublicKeyLabel = "PUBLIC KEY BLOCK";
    public const string SignatureLabel = "SIGNATURE";
    private const string BeginPrefix = "-----BEGIN PGP ";
    private const string EndPrefix = "-----END PGP ";
    private const string Dashes = "-----";

    /// <summary>One armored block: its label (untrusted) and decoded bytes.</summary>
    public sealed record Block(string Label, byte[] Data);

    /// <summary>
    /// True when <paramref name="data"/> looks armored rather than binary: binary OpenPGP starts with
    /// a packet tag byte (high bit set), armor is text containing a BEGIN line.
    /// </summary>
    public static bool LooksArmored(ReadOnlySpan<byte> data)
    {
        var start = SkipWhitespaceAndBom(data);
        if (start >= data.Length || (data[start] & 0x80) != 0)
        {
            return false;
        }

        return data.IndexOf("-----BEGIN PGP "u8) >= 0;
    }

    /// <summary>True when <paramref name="data"/> starts (after whitespace) with an OpenPGP packet tag byte.</summary>
    public static bool LooksBinary(ReadOnlySpan<byte> data)
    {
        var start = SkipWhitespaceAndBom(data);
        return start < data.Length && (data[start] & 0x80) != 0;
    }

    /// <summary>
    /// The blocks labelled <paramref name="expectedLabel"/> in <paramref name="data"/>, in order; a block with another label is refused. Throws <see cref="OpenPgpInputException"/> (message
    /// says what is wrong) for a BEGIN without END, bad base64 or a CRC that does not match.
    /// </summary>
    public static IReadOnlyList<Block> Decode(ReadOnlySpan<byte> data, string expectedLabel)
    {
        var lines = Encoding.UTF8.GetString(data).Split('\n');
        var blocks = new List<Block>();
        var i = 0;
        while (i < lines.Length)
        {
            var line = lines[i++].TrimEnd();
            if (!line.StartsWith(BeginPrefix, StringComparison.Ordinal) || !line.EndsWith(Dashes, StringComparison.Ordinal) || line.Length < BeginPrefix.Length + Dashes.Length)
            {
                continue;
            }

            var label = line[BeginPrefix.Length..^Dashes.Length];
            var endLine = EndPrefix + label + Dashes;
            var shown = Shown(label);
            if (!string.Equals(label, expectedLabel, StringComparison.Ordinal))
            {
                // Checked before looking for the END line: a clear-signed message has none of its own.
                throw new OpenPgpInputException($"it holds an armored PGP {shown} where a PGP {expectedLabel} was expected");
            }

            // Headers run to the first blank line; a block written without headers or blank line starts its body at once.
            var bodyStart = i;
            for (var j = i; j < lines.Length; j++)
            {
                var header = lines[j].TrimEnd();
                if (header.Length == 0)
                {
                    bodyStart = j + 1;
                    break;
                }

                if (!header.Contains(": ", StringComparison.Ordinal))
                {
                    break;
                }
            }

            var base64 = new StringBuilder();
            string? crc = null;
            var ended = false;
            for (i = bodyStart; i < lines.Length; i++)
            {
                var body = lines[i].Trim();
                if (string.Equals(body, endLine, StringComparison.Ordinal))
                {
                    ended = true;
                    i++;
                    break;
                }

                if (body.StartsWith(Dashes, StringComparison.Ordinal))
                {
                    break;
                }

                if (body.Length == 5 && body[0] == '=')
                {
                    crc = body[1..];
                }
                else if (crc is null)
                {
                    base64.Append(body);
                }
            }

            if (!ended)
            {
                throw new OpenPgpInputException($"the armored PGP {shown} has no END line (the text is truncated)");
            }

            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(base64.ToString());
            }
            catch (FormatException)
            {
                throw new OpenPgpInputException($"the armored PGP {shown} is not valid base64 (the text is damaged)");
            }

            if (crc is not null)
            {
                byte[] expected;
                try
                {
                    expected = Convert.FromBase64String(crc);
                }
                catch (FormatException)
                {
                    throw new OpenPgpInputException($"the armored PGP {shown} has a damaged checksum line");
                }

                var actual = Crc24(bytes);
                if (expected.Length != 3 || expected[0] != (byte)(actual >> 16) || expected[1] != (byte)(actual >> 8) || expected[2] != (byte)actual)
                {
                    throw new OpenPgpInputException($"the armored PGP {shown} does not match its checksum (the text is damaged)");
                }
            }

            blocks.Add(new Block(label, bytes));
        }

        return blocks;
    }

    /// <summary>
    /// The OpenPGP packets a key or signature file holds: each armored block labelled <paramref name="label"/>,
    /// decoded, or the file itself when it is binary. Throws <see cref="OpenPgpInputException"/> when it is
    /// empty, damaged armor, or neither; <paramref name="armoredWhat"/> names the armored form in that message.
    /// </summary>
    public static List<byte[]> Packets(ReadOnlySpan<byte> data, string label, string armoredWhat)
    {
        if (LooksArmored(data))
        {
            return [.. Decode(data, label).Select(b => b.Data)];
        }

        if (LooksBinary(data))
        {
            return [data.ToArray()];
        }

        throw new OpenPgpInputException(data.Length == 0 ? "it is empty" : $"it is neither {armoredWhat} nor binary OpenPGP");
    }

    /// <summary>Armors <paramref name="data"/> under <paramref name="label"/> with a CRC-24 line and no headers; lines end in LF.</summary>
    public static string Encode(string label, ReadOnlySpan<byte> data)
    {
        var text = new StringBuilder();
        text.Append(BeginPrefix).Append(label).Append(Dashes).Append("\n\n");
        var base64 = Convert.ToBase64String(data);
        for (var offset = 0; offset < base64.Length; offset += 64)
        {
            text.Append(base64, offset, Math.Min(64, base64.Length - offset)).Append('\n');
        }

        var crc = Crc24(data);
        text.Append('=').Append(Convert.ToBase64String([(byte)(crc >> 16), (byte)(crc >> 8), (byte)crc])).Append('\n');
        text.Append(EndPrefix).Append(label).Append(Dashes).Append('\n');
        return text.ToString();
    }

    /// <summary>A label as messages show it: escaped (it is someone else's text) and cut short.</summary>
    public static string Shown(string label) =>
        Errors.UntrustedText.Escape(label.Length > 40 ? label[..40] + "..." : label);

    private static int SkipWhitespaceAndBom(ReadOnlySpan<byte> data)
    {
        var start = data.StartsWith("\uFEFF"u8) ? 3 : 0;
        while (start < data.Length && data[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        return start;
    }

    // RFC 9580 §6.1: CRC-24 with generator 0x864CFB and initial value 0xB704CE.
    private static int Crc24(ReadOnlySpan<byte> data)
    {
        var crc = 0xB704CE;
        foreach (var b in data)
        {
            crc ^= b << 16;
            for (var bit = 0; bit < 8; bit++)
            {
                crc <<= 1;
                if ((crc & 0x1000000) != 0)
                {
                    crc ^= 0x1864CFB;
                }
            }
        }

        return crc & 0xFFFFFF;
    }
}
