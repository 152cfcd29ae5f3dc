namespace OpenTofuOci.Core.Providers.Publishing;

/// <summary>A release file's length and last write time, compared before and after a one-pass read (<see cref="UnchangedFileStream"/>).</summary>
internal readonly record struct ReleaseFileStamp(long Length, DateTime LastWriteUtc);
