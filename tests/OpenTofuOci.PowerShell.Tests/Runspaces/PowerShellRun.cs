using System.Management.Automation;
using System.Text;

namespace OpenTofuOci.PowerShell.Tests.Runspaces;

/// <summary>Everything one script run produced, stream by stream.</summary>
public sealed record PowerShellRun(
    IReadOnlyList<PSObject> Output,
    IReadOnlyList<ErrorRecord> Errors,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> Verbose,
    IReadOnlyList<string> Debug,
    IReadOnlyList<InformationRecord> Information,
    IReadOnlyList<TimedProgress> Progress,
    IReadOnlyList<string> HostLines,
    IReadOnlyList<HostPrompt> Prompts,
    Exception? Terminating,
    PSInvocationState State,
    TimeSpan Elapsed)
{
    /// <summary>The error record of the terminating error, if the run ended with one.</summary>
    public ErrorRecord? TerminatingRecord => (Terminating as IContainsErrorRecord)?.ErrorRecord;

    /// <summary>The output objects' base objects, cast.</summary>
    public IReadOnlyList<T> OutputOf<T>() => Output.Select(o => Assert.IsType<T>(o.BaseObject)).ToList();

    /// <summary>Fails with every error and the terminating exception when the run did not end cleanly.</summary>
    public PowerShellRun AssertClean()
    {
        Assert.True(Terminating is null && Errors.Count == 0,
            $"The run failed: {Terminating}\n{string.Join("\n", Errors.Select(e => $"{e.FullyQualifiedErrorId}: {e}"))}");
        return this;
    }

    /// <summary>
    /// Everything a user could see or log from this run, as text: output objects with every property,
    /// error records with their exceptions, inner exceptions, targets and details, every other stream,
    /// progress texts and the host console. For checks that a secret appears nowhere.
    /// </summary>
    public string AllText()
    {
        var text = new StringBuilder();
        foreach (var item in Output)
        {
            text.AppendLine(item.ToString());
            foreach (var property in item.Properties)
            {
                object? value;
                try
                {
                    value = property.Value;
                }
                catch (GetValueException e)
                {
                    value = e.Message;
                }

                text.Append(property.Name).Append('=').AppendLine(value is System.Collections.IEnumerable list and not string
                    ? string.Join(",", list.Cast<object?>())
                    : value?.ToString());
            }
        }

        foreach (var record in Errors.Concat(TerminatingRecord is null ? [] : [TerminatingRecord]))
        {
            text.AppendLine(record.ToString()).AppendLine(record.FullyQualifiedErrorId).AppendLine(record.CategoryInfo.ToString())
                .AppendLine(record.TargetObject?.ToString()).AppendLine(record.ErrorDetails?.Message).AppendLine(record.ErrorDetails?.RecommendedAction)
                .AppendLine(record.Exception?.ToString()).AppendLine(record.ScriptStackTrace);
        }

        text.AppendLine(Terminating?.ToString());
        foreach (var line in Warnings.Concat(Verbose).Concat(Debug).Concat(HostLines))
        {
            text.AppendLine(line);
        }

        foreach (var info in Information)
        {
            text.AppendLine(info.MessageData?.ToString());
        }

        foreach (var p in Progress)
        {
            text.AppendLine(p.Record.Activity).AppendLine(p.Record.StatusDescription).AppendLine(p.Record.CurrentOperation);
        }

        foreach (var prompt in Prompts)
        {
            text.AppendLine(prompt.Caption).AppendLine(prompt.Message);
        }

        return text.ToString();
    }
}
