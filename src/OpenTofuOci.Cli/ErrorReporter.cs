using System.Text.Json.Nodes;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Cli;

/// <summary>Turns failures into a message on stderr (and a JSON error object with --json) and an exit code.</summary>
internal static class ErrorReporter
{
    public const int Failure = 1;
    public const int UsageError = 2;
    public const int Cancelled = 130;

    public static int Report(Exception exception, CliConsole console, bool json)
    {
        var (id, message, target, code) = exception switch
        {
            TofuOciException t => (t.ErrorId, t.Message, t.Target, t.Kind == ErrorKind.InvalidArgument ? UsageError : Failure),
            OperationCanceledException => (ErrorIds.Cancelled, "Cancelled; nothing half-written was kept.", null, Cancelled),
            _ => ("UnexpectedError", $"Unexpected error ({exception.GetType().Name}): {exception.Message} This is a bug in tofu-oci; please report it with the command you ran and the output of the same command with --debug.", null, Failure),
        };

        WriteLines(exception, id, message, console);
        if (json)
        {
            console.Out.WriteLine(CliJson.Write(new JsonObject { ["error"] = Json(id, message, target) }));
        }

        return code;
    }

    /// <summary>
    /// Prints one failure among results (one provider of several) on stderr exactly as a failed command
    /// prints its error; the caller puts <see cref="Json(TofuOciException)"/> into its own --json result.
    /// </summary>
    public static void WriteFailure(TofuOciException exception, CliConsole console) =>
        WriteLines(exception, exception.ErrorId, exception.Message, console);

    /// <summary>The <c>{"id","message","target"}</c> object of an error.</summary>
    public static JsonObject Json(TofuOciException exception) => Json(exception.ErrorId, exception.Message, exception.Target);

    private static JsonObject Json(string id, string message, string? target) => new() { ["id"] = id, ["message"] = message, ["target"] = target };

    private static void WriteLines(Exception exception, string id, string message, CliConsole console)
    {
        console.ReportedException?.Invoke(exception);
        // Most parts of a message are escaped where they are put in; this is the last guard.
        console.Error.WriteLine($"error: {UntrustedText.EscapeMessage(message)} [{id}]");
        if (exception is TofuOciException { RegistryErrors.Count: > 0 } registryError)
        {
            foreach (var e in registryError.RegistryErrors)
            {
                console.Error.WriteLine($"  registry said: {e}");
            }
        }
    }
}
