using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;

namespace OpenTofuOci.PowerShell.Infrastructure;

/// <summary>Completes <c>-Repository</c>-style arguments (see <see cref="RepositoryCompletion"/>).</summary>
public sealed class RepositoryArgumentCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        // Completion runs on the pipeline thread, where the default runspace is the user's session.
        var location = Runspace.DefaultRunspace?.SessionStateProxy?.Path?.CurrentFileSystemLocation?.ProviderPath
            ?? Environment.CurrentDirectory;
        return RepositoryCompletion.Complete(wordToComplete, location)
            .Select(c => new CompletionResult(RepositoryCompletion.Quote(c), c, CompletionResultType.ParameterValue, c));
    }
}
