using System.CommandLine;
using System.Text.Json.Nodes;
using OpenTofuOci.Core.Auditing;
using OpenTofuOci.Core.Auditing.Scopes;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Cli.Commands.Provider;

/// <summary>
/// <c>tofu-oci provider audit [REPOSITORY]</c>: reports each reason <c>tofu init</c> would refuse or misbehave with a
/// provider mirror or an <c>oci://</c> module source, with a fix hint, and repairs what is safe with <c>--fix</c>
/// (docs/opentofu-compatibility.md §12, docs/cli.md "provider audit"). Exit code 0 only when no error remains.
/// </summary>
internal static class ProviderAuditCommand
{
    public static Command? Create(CommonOptions common, CliConsole console)
    {
        var repository = new Argument<string?>("repository")
        {
            Description = "The mirror repository of one provider: host[:port]/repository or oci-layout:<directory>. Without it: --template with --provider, or the CLI configuration's oci_mirror blocks.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var providers = new Option<string[]>("--provider")
        {
            Description = "Provider source address [hostname/]namespace/type; repeat for several. With a repository: the one it holds (default: read from its path, …/NAMESPACE/TYPE, hostname registry.opentofu.org unless the segment before has a dot).",
            AllowMultipleArgumentsPerToken = false,
        };
        var template = new Option<string?>("--template")
        {
            Description = "Repository template, e.g. \"registry.example.com/providers/${namespace}/${type}\" (oci_mirror syntax), mapping each --provider to its repository.",
        };
        var configuration = new Option<string?>("--configuration")
        {
            Description = "A root module directory: audit every provider its required_providers and lock file name (through --template or the CLI configuration), check its .terraform.lock.hcl, and audit its oci:// module sources.",
        };
        var lockFile = new Option<string?>("--lock-file")
        {
            Description = "A .terraform.lock.hcl whose versions must be in the mirror and whose h1:/zh: hashes must match it. Default: the one in --configuration.",
        };
        var platforms = new Option<string[]>("--platform")
        {
            Description = "Platform os_arch every version must have, e.g. linux_amd64; repeat for several.",
            AllowMultipleArgumentsPerToken = false,
        };
        var version = new Option<string?>("--version")
        {
            Description = "Version constraint, e.g. \">= 1.0\": audit only the versions it allows. Default: every version tag.",
        };
        var deep = new Option<bool>("--deep")
        {
            Description = "Also download every zip and module layer and verify its digest and contents (and h1: against the lock file).",
        };
        var fix = new Option<bool>("--fix")
        {
            Description = "Repair what is safe and content-preserving (re-push an index with the right artifactType, re-tag), then audit again.",
        };
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "With --fix: print each repair that would be made, and make none.",
        };
        var command = new Command("audit", "Report each reason tofu init would refuse or misbehave with a provider mirror (per version and platform, with a rule id and a fix), and the oci:// module sources of a configuration; exit code 0 only when no error is found.")
        {
            repository, providers, template, configuration, lockFile, platforms, version, deep, fix, dryRun,
        };
        CommandAction.Set(command, common, console, async (parse, json, cancellationToken) =>
        {
            var fixing = parse.GetValue(fix);
            if (parse.GetValue(dryRun) && !fixing)
            {
                throw ProviderSourceOptions.Usage("--dry-run shows what --fix would repair; give it with --fix.");
            }

            var scope = new MirrorAuditScope
            {
                Repository = parse.GetValue(repository),
                Template = parse.GetValue(template),
                Providers = (parse.GetValue(providers) ?? []).Select(ProviderAddress.Parse).ToList(),
                ConfigurationDirectory = parse.GetValue(configuration) is { } directory ? Path.GetFullPath(directory) : null,
                LockFilePath = parse.GetValue(lockFile) is { } file ? Path.GetFullPath(file) : null,
                ExpectedPlatforms = (parse.GetValue(platforms) ?? []).Select(ProviderPlatform.Parse).ToList(),
                Versions = parse.GetValue(version) is { } text ? VersionConstraint.Parse(text) : null,
                Deep = parse.GetValue(deep),
            };
            var apply = !parse.GetValue(dryRun);
            var result = await MirrorAudit.RunAsync(scope,
                (access, ct) => common.PlanAsync(parse, console, access.Addresses, ct, access.Template, access.Providers),
                common.Sinks(parse, console),
                fixing ? _ => apply : null,
                cancellationToken);
            return Write(result, console, json, fixing);
        });
        return command;
    }

    // Findings and the summary on stdout; a failed audit ends with MirrorAuditFailed on stderr and exit code 1.
    private static int Write(MirrorAuditResult result, CliConsole console, bool json, bool fixing)
    {
        var report = result.Report;
        if (json)
        {
            var document = new JsonObject
            {
                ["findings"] = CliJson.Array(report.Findings.Select(FindingJson)),
                ["summary"] = SummaryJson(report.Summary),
            };
            if (fixing)
            {
                document["fixes"] = CliJson.Array(result.Fixes.Select(f => new JsonObject
                {
                    ["rule"] = f.Finding.Rule,
                    ["subject"] = f.Finding.Subject,
                    ["version"] = f.Finding.Version,
                    ["action"] = f.Action,
                    ["applied"] = f.Applied,
                    ["newDigest"] = f.NewDigest,
                }));
            }

            console.Out.WriteLine(CliJson.Write(document));
        }
        else
        {
            foreach (var f in result.Fixes)
            {
                console.Out.WriteLine($"{(f.Applied ? "fixed" : "would fix")} {f.Finding.Rule} {f.Finding.Subject} {f.Finding.Version ?? "-"}: {Untrusted(f.Action)}");
            }

            foreach (var f in report.Findings)
            {
                console.Out.WriteLine($"{Severity(f.Severity)} {f.Rule} {f.Subject} {f.Version ?? "-"} {f.Platform ?? "-"}: {Untrusted(f.Message)}");
                console.Out.WriteLine($"  fix: {Untrusted(f.Fix)}{(f.Fixable ? " (--fix repairs this)" : string.Empty)}");
            }

            var s = report.Summary;
            console.Out.WriteLine($"Audited {s.Repositories} provider repositories ({s.Versions} versions, {s.Platforms} platforms) and {s.Modules} module sources: " +
                $"{s.Errors} errors, {s.Warnings} warnings{(fixing ? $", {s.Fixed} fixed" : string.Empty)}.");
        }

        if (result.Failed is { } failed)
        {
            ErrorReporter.WriteFailure(failed, console);
            return ErrorReporter.Failure;
        }

        return 0;
    }

    /// <summary>{"rule","severity","subject","repository","version","platform","digest","message","fix","fixable"}, every field always present.</summary>
    internal static JsonObject FindingJson(AuditFinding f) => new()
    {
        ["rule"] = f.Rule,
        ["severity"] = Severity(f.Severity),
        ["subject"] = f.Subject,
        ["repository"] = f.Repository,
        ["version"] = f.Version,
        ["platform"] = f.Platform,
        ["digest"] = f.Digest,
        ["message"] = f.Message,
        ["fix"] = f.Fix,
        ["fixable"] = f.Fixable,
    };

    private static JsonObject SummaryJson(AuditSummary s) => new()
    {
        ["repositories"] = s.Repositories,
        ["versions"] = s.Versions,
        ["platforms"] = s.Platforms,
        ["modules"] = s.Modules,
        ["errors"] = s.Errors,
        ["warnings"] = s.Warnings,
        ["fixed"] = s.Fixed,
        ["passed"] = s.Passed,
    };

    internal static string Severity(AuditSeverity severity) => severity == AuditSeverity.Error ? "error" : "warning";

    private static string Untrusted(string text) => UntrustedText.EscapeMessage(text);
}
