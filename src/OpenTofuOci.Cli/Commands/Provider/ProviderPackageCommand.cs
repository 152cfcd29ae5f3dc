using System.CommandLine;
using System.Text.Json.Nodes;
using OpenTofuOci.Core.Configuration;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Installing;

namespace OpenTofuOci.Cli.Commands.Provider;

/// <summary>
/// The one shape of <c>provider install</c> and <c>provider lock</c>, which are thin variants of it as
/// their Core counterparts are of one pipeline: the shared provider-source arguments; one run (providers
/// and platforms parsed, the mirror resolved, the variant's Core call under the progress bar); one report
/// (each package on stdout, as text or in the <c>--json</c> object, then each failed provider as an error
/// line on stderr, exit code 1 when any failed). A variant adds its options and says how to call Core.
/// </summary>
internal static class ProviderPackageCommand
{
    /// <summary>The arguments every variant starts from.</summary>
    public sealed record Arguments(ParseResult Parse, IReadOnlyList<ProviderRequirement> Providers, IReadOnlyList<ProviderPlatform> Platforms,
        ProviderSourceResolver Resolver, Func<Task<CliConfig>> LoadConfig, CancellationToken CancellationToken)
    {
        /// <summary>--require-provenance.</summary>
        public bool RequireProvenance { get; init; }

        /// <summary>--trusted-key files, as given.</summary>
        public IReadOnlyList<string> TrustedKeyFiles { get; init; } = [];
    }

    /// <summary>One package as printed: the word its line starts with and, for an install, its path and status.</summary>
    public sealed record PackageLine(HashedProviderPackage Package, string Verb, string? Path = null, string? Status = null);

    /// <summary>What a variant's Core call did, ready to print; <paramref name="UpdatedLockFile"/> is null when the lock file was not written.</summary>
    public sealed record Report(IReadOnlyList<PackageLine> Packages, string? UpdatedLockFile, IReadOnlyList<ProviderFailure> Failures);

    /// <summary>A variant's Core call, run under the progress bar.</summary>
    public delegate Task<Report> Run(IProgress<TransferProgress>? progress);

    /// <summary>Builds a variant's Core call from the arguments; usage errors are thrown here, before any progress is drawn.</summary>
    public delegate Task<Run> Prepare(Arguments arguments);

    public static Command Create(string name, string description, CommonOptions common, CliConsole console, IReadOnlyList<Option> options, Prepare prepare)
    {
        var source = new ProviderSourceOptions();
        var command = new Command(name, description);
        source.AddTo(command);
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        CommandAction.Set(command, common, console, async (parse, json, cancellationToken) =>
        {
            var providers = source.Requirements(parse);
            var platforms = source.PlatformList(parse);
            var loadConfig = ProviderSourceOptions.ConfigLoader(common, console, cancellationToken);
            var resolver = await source.ResolverAsync(parse, common, console, providers, cancellationToken);
            var run = await prepare(new Arguments(parse, providers, platforms, resolver, loadConfig, cancellationToken)
            {
                RequireProvenance = parse.GetValue(source.RequireProvenance),
                TrustedKeyFiles = parse.GetValue(source.TrustedKeys) ?? [],
            });
            var report = await ProgressDisplay.RunAsync(console, name, progress => run(progress));
            return Write(report, console, json);
        });
        return command;
    }

    // Successes first (stdout), then each failed provider as an error line (stderr); exit code 1 when any failed.
    private static int Write(Report report, CliConsole console, bool json)
    {
        if (json)
        {
            console.Out.WriteLine(CliJson.Write(new JsonObject
            {
                ["packages"] = CliJson.Array(report.Packages.Select(PackageJson)),
                ["lockFile"] = report.UpdatedLockFile,
                ["failures"] = CliJson.Array(report.Failures.Select(f => new JsonObject { ["address"] = f.Address.ToString(), ["error"] = ErrorReporter.Json(f.Error) })),
            }));
        }
        else
        {
            foreach (var line in report.Packages)
            {
                var p = line.Package;
                console.Out.WriteLine($"{line.Verb} {p.Address} {p.Version} {p.Platform}");
                if (line.Path is not null)
                {
                    console.Out.WriteLine($"  path  {line.Path}");
                }

                console.Out.WriteLine($"  h1    {p.H1}");
                console.Out.WriteLine($"  zh    {p.Zh}");
            }

            if (report.UpdatedLockFile is not null)
            {
                console.Out.WriteLine($"Lock file {report.UpdatedLockFile} updated.");
            }
        }

        foreach (var failure in report.Failures)
        {
            ErrorReporter.WriteFailure(failure.Error, console);
        }

        return report.Failures.Count == 0 ? 0 : ErrorReporter.Failure;
    }

    // {"address","version","platform"[,"path"],"h1","zh"[,"status"]}: the fields an install adds stay where they always were.
    private static JsonObject PackageJson(PackageLine line)
    {
        var p = line.Package;
        var json = new JsonObject
        {
            ["address"] = p.Address.ToString(),
            ["version"] = p.Version.ToString(),
            ["platform"] = p.Platform.ToString(),
        };
        if (line.Path is not null)
        {
            json["path"] = line.Path;
        }

        json["h1"] = p.H1;
        json["zh"] = p.Zh;
        if (line.Status is not null)
        {
            json["status"] = line.Status;
        }

        return json;
    }
}
