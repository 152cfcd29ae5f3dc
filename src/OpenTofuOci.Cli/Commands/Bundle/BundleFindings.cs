using System.Text.Json.Nodes;
using OpenTofuOci.Core.Auditing;

namespace OpenTofuOci.Cli.Commands.Bundle;

/// <summary>Findings as text lines or as the <c>{"findings": […], "summary": {…}}</c> JSON the audit prints.</summary>
internal static class BundleFindings
{
    public static JsonObject Json(AuditReport report) => new()
    {
        // The same finding objects as provider audit prints.
        ["findings"] = CliJson.Array(report.Findings.Select(Provider.ProviderAuditCommand.FindingJson)),
        ["summary"] = new JsonObject
        {
            ["repositories"] = report.Summary.Repositories,
            ["versions"] = report.Summary.Versions,
            ["platforms"] = report.Summary.Platforms,
            ["modules"] = report.Summary.Modules,
            ["errors"] = report.Summary.Errors,
            ["warnings"] = report.Summary.Warnings,
            ["fixed"] = report.Summary.Fixed,
            ["passed"] = report.Summary.Passed,
        },
    };

    public static void Write(AuditReport report, CliConsole console)
    {
        foreach (var f in report.Findings)
        {
            var where = string.Join(" ", new[] { f.Subject, f.Version, f.Platform }.Where(s => s is not null));
            console.Out.WriteLine($"{Severity(f.Severity)} {f.Rule} {where}: {f.Message} Fix: {f.Fix}");
        }

        var s = report.Summary;
        console.Out.WriteLine($"{s.Versions} provider versions, {s.Platforms} platforms, {s.Modules} modules: {s.Errors} errors, {s.Warnings} warnings");
    }

    private static string Severity(AuditSeverity severity) => severity == AuditSeverity.Error ? "error" : "warning";
}
