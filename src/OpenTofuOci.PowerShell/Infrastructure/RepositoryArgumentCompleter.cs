using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace OpenTofuOci.PowerShell.Infrastructure;

/// <summary>Completes <c>-Repository</c>-style arguments (see <see cref="RepositoryCompletion"/>).</summary>
public sealed class RepositoryArgumentCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var path = RepositoryCompletion.LayoutPath(wordToComplete, out var prefixOnly);
        if (path is null)
        {
            return prefixOnly!.Select(p => new CompletionResult(p, p, CompletionResultType.ParameterValue, "An OCI image-layout directory"));
        }

        // PowerShell's own file name completion runs in the session completing the line (its current
        // location, drives, ~); reading the location through Runspace.DefaultRunspace.SessionStateProxy
        // instead fails while TabExpansion2 itself is the running pipeline.
        var directories = CompletionCompleters.CompleteFilename(path)
            .Where(c => c.ResultType == CompletionResultType.ProviderContainer)
            .Select(c => c.CompletionText);
        return RepositoryCompletion.FromDirectories(directories)
            .Select(c => new CompletionResult(RepositoryCompletion.Quote(c), c, CompletionResultType.ParameterValue, c));
    }
}
