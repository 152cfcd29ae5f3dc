using System.Management.Automation;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.PowerShell.Mapping;

namespace OpenTofuOci.PowerShell.Infrastructure;

/// <summary>
/// Like <see cref="TransferProgressReporter"/>, with one activity per file: a file's first report opens an
/// activity (ids from <see cref="FirstActivityId"/> on, in the order files appear) whose status says what
/// happens to it, and <see cref="Complete"/> ends every one.
/// </summary>
internal sealed class FileProgressReporter(IPipelineWriter output)
{
    /// <summary>The first file's activity id; the next files count up from it.</summary>
    public const int FirstActivityId = 4200;

    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    /// <summary>Reports <paramref name="transfer"/> of <paramref name="fileName"/>; <paramref name="doing"/> is e.g. "Downloading".</summary>
    public void Report(string fileName, string doing, TransferProgress transfer)
    {
        int id;
        lock (_ids)
        {
            if (!_ids.TryGetValue(fileName, out id))
            {
                id = FirstActivityId + _ids.Count;
                _ids.Add(fileName, id);
            }
        }

        var (status, percent) = ProviderOutputMapping.Progress(transfer);
        output.WriteProgress(new ProgressRecord(id, fileName, $"{doing}: {status}") { PercentComplete = percent });
    }

    /// <summary>Ends every file's activity; call it in a <c>finally</c>.</summary>
    public void Complete()
    {
        List<KeyValuePair<string, int>> all;
        lock (_ids)
        {
            all = [.. _ids];
        }

        foreach (var (fileName, id) in all)
        {
            output.WriteProgress(new ProgressRecord(id, fileName, "Done") { PercentComplete = 100, RecordType = ProgressRecordType.Completed });
        }
    }
}
