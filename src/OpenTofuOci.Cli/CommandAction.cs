using System.CommandLine;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Cli;

/// <summary>The one way a command runs: its body returns an exit code; expected failures become a reported error and exit code.</summary>
internal static class CommandAction
{
    public static void Set(Command command, CommonOptions common, CliConsole console, Func<ParseResult, bool, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            // Core's messages name options as this tool spells them (--force), for everything this command runs.
            using var spelling = OptionSpelling.Use(CliOptionSpelling.Instance);
            var json = parse.GetValue(common.Json);
            try
            {
                return await body(parse, json, cancellationToken);
            }
            catch (Exception ex) when (ex is TofuOciException or OperationCanceledException)
            {
                return ErrorReporter.Report(ex, console, json);
            }
            catch (Exception ex) when (FileSystemErrors.Handles(ex))
            {
                return ErrorReporter.Report(FileSystemErrors.Translate(ex), console, json);
            }
#pragma warning disable CA1031 // The last resort: a bug is reported as one line (the stack trace with --debug), never as a crash dump.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                if (parse.GetValue(common.Debug))
                {
                    console.Error.WriteLine("debug: " + ex);
                }

                return ErrorReporter.Report(ex, console, json);
            }
        });
}
