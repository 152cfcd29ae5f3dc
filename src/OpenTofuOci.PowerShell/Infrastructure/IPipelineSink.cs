using System.Management.Automation;

namespace OpenTofuOci.PowerShell.Infrastructure;

/// <summary>
/// The pipeline-thread side of <see cref="PipelinePump"/>: a cmdlet's own <c>Write*</c> and
/// <c>ShouldProcess</c>. An interface so the pump can be tested without a PowerShell host.
/// </summary>
internal interface IPipelineSink
{
    void WriteObject(object? item);

    void WriteVerbose(string text);

    void WriteDebug(string text);

    void WriteWarning(string text);

    void WriteProgress(ProgressRecord record);

    void WriteError(ErrorRecord record);

    bool ShouldProcess(string target, string action);
}
