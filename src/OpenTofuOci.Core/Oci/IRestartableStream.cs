namespace OpenTofuOci.Core.Oci;

/// <summary>
/// A content stream that can be read again from its first byte (reopened, or sought back), so an
/// upload that failed part-way can resume or start over without asking its caller for the content again.
/// </summary>
internal interface IRestartableStream
{
    /// <summary>Starts again at the first byte; false when the content cannot be read again.</summary>
    ValueTask<bool> TryRestartAsync(CancellationToken cancellationToken);
}
