using System.Text;
using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Auditing;
using OpenTofuOci.Core.Auditing.Scopes;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Providers;

namespace OpenTofuOci.Core.Tests.Auditing.Scopes;

/// <summary>
/// What one audit covers (docs/opentofu-compatibility.md §12.1): one repository, a template's repositories, the CLI
/// configuration's oci_mirror blocks for a configuration's providers with its lock file, and its oci:// modules;
/// against a real registry, with mirrors broken by real skopeo.
/// </summary>
public sealed class MirrorAuditScopeTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>, IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _prefix = $"scope-{Guid.NewGuid().ToString("N")[..8]}";

    public void Dispose() => _dir.Dispose();

    private string Registry => fixture.Server.Address;

    private string Template => $"{Registry}/{_prefix}/${{namespace}}/${{type}}";

    private static Func<AuditAccess, CancellationToken, Task<AccessPlan>> Planner(AccessEnvironment? environment = null) =>
        (access, _) => Task.FromResult(AccessPlan.Create(new AccessRequest
        {
            Addresses = access.Addresses,
            RepositoryTemplate = access.Template,
            Providers = access.Providers,
            PlainHttp = true,
            Environment = environment ?? HermeticAccess.Environment(),
        }));

    private static Task<MirrorAuditResult> Audit(MirrorAuditScope scope, AccessEnvironment? environment = null, Func<AuditFix, bool>? fix = null, AccessSinks? sinks = null) =>
        MirrorAudit.RunAsync(scope, Planner(environment), sinks ?? AccessSinks.None, fix);

    private static List<ProviderAddress> Providers(params string[] addresses) => addresses.Select(ProviderAddress.Parse).ToList();

    private static string[] Errors(MirrorAuditResult result) =>
        result.Report.Findings.Where(f => f.Severity == AuditSeverity.Error).Select(f => $"{f.Rule} {f.Subject} {f.Version}").ToArray();

    [Fact]
    public async Task Nothing_to_audit_is_refused_before_anything_is_reached()
    {
        var e = await Assert.ThrowsAsync<TofuOciException>(() => Audit(new MirrorAuditScope()));
        Assert.Equal(ErrorIds.InvalidArgument, e.ErrorId);
        Assert.Equal("Nothing to audit: name a repository, or the providers a repository template or the CLI configuration maps, or a configuration directory.", e.Message);
    }

    [Fact]
    public async Task A_lock_file_named_but_missing_is_refused_rather_than_passing_unchecked()
    {
        var missing = _dir.Combine("nope", ".terraform.lock.hcl");
        var e = await Assert.ThrowsAsync<TofuOciException>(() => Audit(new MirrorAuditScope { Template = Template, Providers = Providers("acme/hello"), LockFilePath = missing }));
        Assert.Equal(ErrorIds.InvalidArgument, e.ErrorId);
        Assert.Equal($"The lock file {missing} does not exist; give the path of a .terraform.lock.hcl.", e.Message);
    }

    [Fact]
    public async Task A_repository_holds_one_provider_and_takes_no_template()
    {
        var repository = $"{Registry}/{_prefix}/acme/hello";
        var two = await Assert.ThrowsAsync<TofuOciException>(() => Audit(new MirrorAuditScope { Repository = repository, Providers = Providers("acme/hello", "acme/other") }));
        Assert.Equal(ErrorIds.InvalidArgument, two.ErrorId);
        var both = await Assert.ThrowsAsync<TofuOciException>(() => Audit(new MirrorAuditScope { Repository = repository, Template = Template }));
        Assert.Equal(ErrorIds.InvalidArgument, both.ErrorId);
        var tagged = await Assert.ThrowsAsync<TofuOciException>(() => Audit(new MirrorAuditScope { Repository = repository + ":1.0.0" }));
        Assert.Equal(ErrorIds.InvalidReference, tagged.ErrorId);
    }

    [Fact]
    public async Task A_template_audits_each_provider_s_repository_and_one_report_counts_them_all()
    {
        await AuditMirrors.PublishAsync(_dir, $"{Registry}/{_prefix}/acme/one", "one", "1.0.0", "linux_amd64", "darwin_arm64");
        await AuditMirrors.PublishAsync(_dir, $"{Registry}/{_prefix}/acme/two", "two", "1.0.0", "linux_amd64");
        await AuditMirrors.PublishAsync(_dir, $"{Registry}/{_prefix}/acme/two", "two", "1.1.0", "linux_amd64");
        await AuditMirrors.SkopeoCopyAllOntoItselfAsync($"{Registry}/{_prefix}/acme/two:1.1.0");

        var result = await Audit(new MirrorAuditScope { Template = Template, Providers = Providers("acme/one", "acme/two") });

        Assert.Equal(["IndexMissingArtifactType registry.opentofu.org/acme/two 1.1.0", "WrongManifestArtifactType registry.opentofu.org/acme/two 1.1.0"], Errors(result));
        Assert.Equal(
            [$"PlainHttpRegistry {Registry}/{_prefix}/acme/one", $"PlainHttpRegistry {Registry}/{_prefix}/acme/two"],
            result.Report.Findings.Where(f => f.Severity == AuditSeverity.Warning).Select(f => $"{f.Rule} {f.Repository}"));
        Assert.Equal(new AuditSummary(Repositories: 2, Versions: 3, Platforms: 4, Modules: 0, Errors: 2, Warnings: 2, Fixed: 0), result.Report.Summary);
        Assert.Equal(ErrorIds.MirrorAuditFailed, result.Failed!.ErrorId);
        Assert.Empty(result.Fixes);
    }

    [Fact]
    public async Task A_declined_fix_is_only_planned_and_an_allowed_one_is_made_and_audited_again()
    {
        var repository = $"{Registry}/{_prefix}/acme/hello";
        await AuditMirrors.PublishAsync(_dir, repository, "hello", "1.0.0", "linux_amd64", "windows_amd64");
        await AuditMirrors.SkopeoCopyAllOntoItselfAsync(repository + ":1.0.0");
        var broken = await AuditMirrors.SkopeoInspectRawAsync(repository + ":1.0.0");
        var scope = new MirrorAuditScope { Repository = repository };

        var planned = await Audit(scope, fix: _ => false);
        Assert.Equal(
            ["IndexMissingArtifactType registry.opentofu.org/acme/hello 1.0.0", "WrongManifestArtifactType registry.opentofu.org/acme/hello 1.0.0", "WrongManifestArtifactType registry.opentofu.org/acme/hello 1.0.0"],
            Errors(planned));
        Assert.False(Assert.Single(planned.Fixes).Applied);
        Assert.Equal(0, planned.Report.Summary.Fixed);
        Assert.Equal(broken, await AuditMirrors.SkopeoInspectRawAsync(repository + ":1.0.0"));

        var asked = new List<AuditFix>();
        var fixedRun = await Audit(scope, fix: f => { asked.Add(f); return true; });
        var fix = Assert.Single(fixedRun.Fixes);
        Assert.True(fix.Applied);
        Assert.Equal(AuditRules.IndexMissingArtifactType, Assert.Single(asked).Finding.Rule);
        Assert.Contains("\"artifactType\":\"application/vnd.opentofu.provider-target\"", await AuditMirrors.SkopeoInspectRawAsync(repository + ":1.0.0"), StringComparison.Ordinal);
        Assert.Empty(Errors(fixedRun));
        Assert.Equal(1, fixedRun.Report.Summary.Fixed);
        Assert.Null(fixedRun.Failed);
        Assert.Contains("\"artifactType\":\"application/vnd.opentofu.provider\"", await AuditMirrors.SkopeoInspectRawAsync(repository + ":1.0.0"), StringComparison.Ordinal);

        // Nothing left to repair: a second fixing run asks nothing.
        var again = await Audit(scope, fix: _ => throw new InvalidOperationException("nothing should be asked"));
        Assert.Empty(again.Fixes);
        Assert.Empty(Errors(again));
    }

    [Fact]
    public async Task The_cli_configuration_maps_a_configuration_s_providers_and_its_lock_file_is_checked()
    {
        await AuditMirrors.PublishAsync(_dir, $"{Registry}/{_prefix}/acme/hello", "hello", "1.0.0", "linux_amd64");
        var cliConfig = _dir.Combine("cli.tfrc");
        await File.WriteAllTextAsync(cliConfig, $$"""
            provider_installation {
              oci_mirror {
                repository_template = "{{Template}}"
                include             = ["registry.opentofu.org/acme/*"]
              }
              direct {}
            }
            """, Encoding.UTF8);
        var config = _dir.Combine("config");
        Directory.CreateDirectory(config);
        await File.WriteAllTextAsync(Path.Combine(config, "main.tf"), """
            terraform {
              required_providers {
                hello = { source = "acme/hello" }
                null  = { source = "hashicorp/null", version = "~> 3.0" }
              }
            }
            """, Encoding.UTF8);
        await File.WriteAllTextAsync(Path.Combine(config, ".terraform.lock.hcl"), """
            provider "registry.opentofu.org/acme/hello" {
              version = "2.0.0"
              hashes = [
                "zh:0000000000000000000000000000000000000000000000000000000000000000",
              ]
            }
            """, Encoding.UTF8);
        var environment = HermeticAccess.Environment(_dir.Combine("home"), new Dictionary<string, string> { ["TF_CLI_CONFIG_FILE"] = cliConfig });
        var warnings = new List<string>();

        var result = await Audit(new MirrorAuditScope { ConfigurationDirectory = config }, environment, sinks: new AccessSinks { Warning = warnings.Add });

        Assert.Equal(["LockedVersionMissing registry.opentofu.org/acme/hello "], Errors(result));
        Assert.Contains(" 2.0.0, but ", result.Report.Findings.Single(f => f.Rule == AuditRules.LockedVersionMissing).Message, StringComparison.Ordinal);
        Assert.Equal(1, result.Report.Summary.Repositories);
        // hashicorp/null is installed another way (direct): there is no OCI mirror of it to audit.
        Assert.Contains(warnings, w => w.Contains("registry.opentofu.org/hashicorp/null", StringComparison.Ordinal) && w.EndsWith("It is not audited.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_configuration_s_oci_module_sources_are_audited_each_once()
    {
        await AuditMirrors.PublishAsync(_dir, $"{Registry}/{_prefix}/acme/one", "one", "1.0.0", "linux_amd64");
        var config = _dir.Combine("modules-config");
        Directory.CreateDirectory(config);
        await File.WriteAllTextAsync(Path.Combine(config, "main.tf"), $$"""
            module "missing" {
              source = "oci://{{Registry}}/{{_prefix}}/modules/missing?tag=1.0.0"
            }
            module "provider" {
              source = "oci://{{Registry}}/{{_prefix}}/acme/one?tag=1.0.0"
            }
            module "provider_again" {
              source = "oci://{{Registry}}/{{_prefix}}/acme/one?tag=1.0.0"
            }
            """, Encoding.UTF8);

        var result = await Audit(new MirrorAuditScope { ConfigurationDirectory = config });

        Assert.Equal(2, result.Report.Summary.Modules);
        Assert.Equal(0, result.Report.Summary.Repositories);
        Assert.Equal(
            [AuditRules.ModuleNotFound, AuditRules.NotAModulePackage],
            result.Report.Findings.Where(f => f.Severity == AuditSeverity.Error).Select(f => f.Rule).Order(StringComparer.Ordinal));
    }
}
