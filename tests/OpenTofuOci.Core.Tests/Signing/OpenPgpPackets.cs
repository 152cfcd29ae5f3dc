namespace OpenTofuOci.Core.Tests.Signing;

/// <summary>Where the body of the first OpenPGP packet starts (RFC 9580 §4.2), to change one field of a real packet.</summary>
internal static class OpenPgpPackets
{
    public static int BodyOffset(byte[] packet)
    {
        var tag = packet[0];
        if ((tag & 0x40) != 0)
        {
            // New format: one, two or five length octets.
            return packet[1] < 192 ? 2 : packet[1] < 224 ? 3 : 6;
        }

        // Old format: the low two bits give one, two or four length octets.
        return (tag & 0x03) switch { 0 => 2, 1 => 3, 2 => 5, _ => throw new InvalidOperationException("indeterminate length") };
    }
}
