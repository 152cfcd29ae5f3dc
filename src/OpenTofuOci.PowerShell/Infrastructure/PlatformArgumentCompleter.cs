using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace OpenTofuOci.PowerShell.Infrastructure;

/// <summary>Completes <c>-Platform</c> with the <c>os_arch</c> names OpenTofu providers are released for.</summary>
public sealed class PlatformArgumentCompleter : IArgumentCompleter
{
    /// <summary>The platforms offered, most common first.</summary>
    internal static readonly IReadOnlyList<string> KnownPlatforms =
    [
        "linux_amd64", "linux_arm64", "darwin_amd64", "darwin_arm64", "windows_amd64", "windows_arm64", "windows_386",
        "linux_386", "linux_arm", "freebsd_amd64", "freebsd_arm64", "freebsd_386", "freebsd_arm", "openbsd_amd64", "openbsd_386", "solaris_amd64",
    ];

    /// <summary>The known platforms that start with <paramref name="wordToComplete"/> (quotes ignored, case-insensitive).</summary>
    internal static IEnumerable<string> Complete(string? wordToComplete)
    {
        var word = (wordToComplete ?? string.Empty).Trim('\'', '"');
        return KnownPlatforms.Where(p => p.StartsWith(word, StringComparison.OrdinalIgnoreCase));
    }

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Complete(wordToComplete).Select(p => new CompletionResult(p, p, CompletionResultType.ParameterValue, p));
}
