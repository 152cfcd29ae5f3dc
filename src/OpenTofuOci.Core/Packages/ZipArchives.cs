using System.IO.Compression;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Packages;

/// <summary>Opens zips for reading, turning a malformed file into <see cref="ErrorIds.InvalidArchive"/>.</summary>
internal static class ZipArchives
{
    public static ZipArchive Open(Stream zip, string displayName)
    {
        try
        {
            return new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException ex)
        {
            throw new TofuOciException(ErrorIds.InvalidArchive, ErrorKind.InvalidData,
                $"\"{displayName}\" is not a valid zip archive ({ex.Message}); download or build it again.", displayName, ex);
        }
    }
}
