using System.Buffers.Binary;
using System.Text;

namespace OpenTofuOci.Core.Tests.Native;

/// <summary>
/// The native tofu-oci is linked for start-up speed (docs/design.md "Native tofu-oci", start-up): a
/// fixed-address executable whose runtime type data is stored as plain pointers, so neither the
/// runtime's rebuild of compressed ("dehydrated") data nor the loader's relocation of it runs at start.
/// Read from the ELF file itself, so a change to the project file that loses either setting fails here.
/// </summary>
[Collection(NativeCliGroup.Name)]
public sealed class NativeStartupTests(NativeCliFixture native)
{
    private const ushort FixedAddressExecutable = 2; // ET_EXEC; a PIE is ET_DYN (3)

    [Fact]
    public void The_Linux_executable_is_fixed_address_and_carries_no_dehydrated_type_data()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var elf = ElfHeaders.Read(native.Executable);

        Assert.Equal(FixedAddressExecutable, elf.Type);
        Assert.Contains(".text", elf.SectionNames);
        // The compiler puts rehydrated data in ".hydrated"; without dehydration there is none.
        Assert.DoesNotContain(".hydrated", elf.SectionNames);
    }

    [Fact]
    public void The_native_executable_answers_version_with_the_build_s_version()
    {
        var result = native.Invoke("--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
        Assert.Matches(@"^\d+\.\d+\.\d+(\+[0-9a-f]+)?\r?\n$", result.Out);
    }

    [Fact]
    public void A_command_that_fails_at_once_exits_cleanly_every_time_while_cryptography_loads_beside_it()
    {
        // Program.Main loads OpenSSL on a second thread as a command starts; a command refused before
        // its first request must still wait for that before exiting, or the exit can race OpenSSL's
        // initialisation. Many quick runs give such a race its chances.
        for (var run = 0; run < 25; run++)
        {
            var result = native.Invoke("tags", "bad ref!!");

            Assert.Equal(2, result.ExitCode);
            Assert.Equal(string.Empty, result.Out);
            Assert.Equal(
                "error: Invalid reference \"bad ref!!\": it must be a registry host, a slash and a repository name, e.g. registry.example.com/opentofu/aws:1.0.0. [InvalidReference]",
                result.Error.TrimEnd());
        }
    }

    /// <summary>The few fields of a 64-bit little-endian ELF file these tests need.</summary>
    private sealed record ElfHeaders(ushort Type, IReadOnlyList<string> SectionNames)
    {
        public static ElfHeaders Read(string path)
        {
            var bytes = File.ReadAllBytes(path);
            Assert.True(bytes.AsSpan(0, 4).SequenceEqual("\u007fELF"u8), $"{path} is not an ELF file");
            Assert.Equal(2, bytes[4]); // ELFCLASS64
            Assert.Equal(1, bytes[5]); // little-endian

            var type = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(0x10));
            var sectionTable = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(0x28)));
            var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(0x3A));
            var count = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(0x3C));
            var namesIndex = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(0x3E));

            var namesHeader = bytes.AsSpan(sectionTable + (namesIndex * entrySize), entrySize);
            var namesOffset = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(namesHeader[0x18..]));
            var names = new List<string>(count);
            for (var i = 0; i < count; i++)
            {
                var header = bytes.AsSpan(sectionTable + (i * entrySize), entrySize);
                var start = namesOffset + checked((int)BinaryPrimitives.ReadUInt32LittleEndian(header));
                var length = bytes.AsSpan(start).IndexOf((byte)0);
                names.Add(Encoding.ASCII.GetString(bytes, start, length));
            }

            return new ElfHeaders(type, names);
        }
    }
}
