using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.TestFixtures;

/// <summary>
/// One bad or conflicting way to reach a registry, written for both front ends: the <c>tofu-oci</c>
/// arguments and the PowerShell pipeline that say the same thing, and what both must answer.
/// </summary>
/// <param name="Name">What is wrong (the test case's name).</param>
/// <param name="Cli">tofu-oci arguments; <c>{layout}</c> is a layout holding the sample provider 1.0.0, <c>{dir}</c> a scratch directory. Standard input holds a password.</param>
/// <param name="PowerShell">The same as a PowerShell pipeline; <c>$layout</c>, <c>$dir</c> and <c>$cred</c> (a credential) are set.</param>
/// <param name="ErrorId">The error id both report, or null when the command succeeds.</param>
/// <param name="NotApplicable">The options both warn do not apply.</param>
/// <param name="PowerShellBinderErrorId">When PowerShell's parameter binder refuses the combination before the cmdlet runs, its error id.</param>
public sealed record AccessCase(string Name, string[] Cli, string PowerShell, string? ErrorId, UserOption[] NotApplicable, string? PowerShellBinderErrorId = null)
{
    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>
/// The table both front ends run (tests/OpenTofuOci.Core.Tests/Access/CliAccessTableTests and
/// tests/OpenTofuOci.PowerShell.Tests/Runspaces/AccessTableTests): the same input gives the same error
/// id, and the same options are warned about, from the cmdlets and from tofu-oci. Nothing here reaches
/// a network: mistakes are found before, and the cases that go on reach 127.0.0.1:9, where nothing listens.
/// </summary>
public static class AccessCases
{
    private const string Digest = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
    private static readonly string[] Password = ["-u", "alice", "--password-stdin"];

    public static IReadOnlyList<AccessCase> All { get; } =
    [
        new("a repository with a tag",
            ["tags", "registry.invalid/team/aws:1.0.0"],
            "Get-TofuOciTag -Repository registry.invalid/team/aws:1.0.0",
            ErrorIds.InvalidReference, []),
        new("a repository with a digest",
            ["tags", "registry.invalid/team/aws@" + Digest],
            $"Get-TofuOciTag -Repository registry.invalid/team/aws@{Digest}",
            ErrorIds.InvalidReference, []),
        new("a layout with a tag",
            ["tags", "oci-layout:{layout}:1.0.0"],
            "Get-TofuOciTag -Repository \"oci-layout:${layout}:1.0.0\"",
            ErrorIds.InvalidReference, []),
        new("a provider repository with a tag",
            ["provider", "versions", "example/hello", "--repository", "oci-layout:{layout}:1.0.0"],
            "Get-TofuProviderVersion -Source example/hello -Repository \"oci-layout:${layout}:1.0.0\"",
            ErrorIds.InvalidReference, []),
        new("a module repository with a tag",
            ["module", "publish", "{dir}", "--repository", "registry.invalid/modules/vpc:1.0"],
            "Publish-TofuModule -Path $dir -Repository registry.invalid/modules/vpc:1.0",
            ErrorIds.InvalidReference, []),
        new("a malformed address",
            ["tags", "Not A/Valid Reference!"],
            "Get-TofuOciTag -Repository 'Not A/Valid Reference!'",
            ErrorIds.InvalidReference, []),
        new("a URL scheme",
            ["tags", "https://registry.invalid/team/aws"],
            "Get-TofuOciTag -Repository https://registry.invalid/team/aws",
            ErrorIds.InvalidReference, []),
        new("a template with an unsupported expression",
            ["provider", "versions", "example/hello", "--template", "registry.invalid/${upper(type)}"],
            "Get-TofuProviderVersion -Source example/hello -RepositoryTemplate 'registry.invalid/${upper(type)}'",
            ErrorIds.UnsupportedTemplateExpression, []),
        new("a template that leaves out a symbol the providers need",
            ["provider", "lock", "example/hello", "hashicorp/aws", "--template", "registry.invalid/p/${namespace}", "--lock-file", "{dir}/x.hcl"],
            "Update-TofuLockFile -Source example/hello, hashicorp/aws -RepositoryTemplate 'registry.invalid/p/${namespace}' -Path $dir/x.hcl",
            ErrorIds.InvalidRepositoryTemplate, []),
        new("a repository and a template together",
            ["provider", "versions", "example/hello", "--repository", "oci-layout:{layout}", "--template", "registry.invalid/${namespace}/${type}"],
            "Get-TofuProviderVersion -Source example/hello -Repository \"oci-layout:$layout\" -RepositoryTemplate 'registry.invalid/${namespace}/${type}'",
            ErrorIds.InvalidArgument, [], PowerShellBinderErrorId: "AmbiguousParameterSet"),
        new("a repository for two providers",
            ["provider", "lock", "example/hello", "hashicorp/aws", "--repository", "oci-layout:{layout}", "--lock-file", "{dir}/x.hcl"],
            "Update-TofuLockFile -Source example/hello, hashicorp/aws -Repository \"oci-layout:$layout\" -Path $dir/x.hcl",
            ErrorIds.InvalidArgument, []),
        new("a credential registry the command does not name",
            ["provider", "versions", "example/hello", "--repository", "127.0.0.1:9/p/hello", .. Password, "--credential-registry", "evil.invalid"],
            "Get-TofuProviderVersion -Source example/hello -Repository 127.0.0.1:9/p/hello -Credential $cred -CredentialRegistry evil.invalid",
            ErrorIds.InvalidArgument, []),
        new("a credential registry other than a template's literal host",
            ["provider", "versions", "example/hello", "--template", "127.0.0.1:9/p/${namespace}/${type}", .. Password, "--credential-registry", "evil.invalid"],
            "Get-TofuProviderVersion -Source example/hello -RepositoryTemplate '127.0.0.1:9/p/${namespace}/${type}' -Credential $cred -CredentialRegistry evil.invalid",
            ErrorIds.InvalidArgument, []),
        new("a credential for a template without a literal host",
            ["provider", "versions", "example/hello", "--template", "${hostname}/p/${namespace}/${type}", .. Password],
            "Get-TofuProviderVersion -Source example/hello -RepositoryTemplate '${hostname}/p/${namespace}/${type}' -Credential $cred",
            ErrorIds.InvalidArgument, []),
        new("a credential for the CLI configuration",
            ["provider", "versions", "example/hello", .. Password],
            "Get-TofuProviderVersion -Source example/hello -Credential $cred",
            ErrorIds.InvalidArgument, []),
        new("a credential registry that is not a registry",
            ["provider", "versions", "example/hello", "--template", "${hostname}/p/${namespace}/${type}", .. Password, "--credential-registry", "https://registry.invalid"],
            "Get-TofuProviderVersion -Source example/hello -RepositoryTemplate '${hostname}/p/${namespace}/${type}' -Credential $cred -CredentialRegistry https://registry.invalid",
            ErrorIds.InvalidReference, []),
        new("a client key without a client certificate",
            ["tags", "127.0.0.1:9/team/aws", "--client-key", "{dir}/client.key"],
            "Get-TofuOciTag -Repository 127.0.0.1:9/team/aws -ClientKeyPath $dir/client.key",
            ErrorIds.InvalidArgument, []),
        new("registry options with a layout directory",
            ["tags", "oci-layout:{layout}", .. Password, "--plain-http", "--ca-file", "{dir}/ca.pem"],
            "Get-TofuOciTag -Repository \"oci-layout:$layout\" -Credential $cred -PlainHttp -CertificateAuthorityPath $dir/ca.pem",
            null, [UserOption.Credential, UserOption.PlainHttp, UserOption.CaFile]),
        new("a credential registry without a credential",
            ["provider", "versions", "example/hello", "--repository", "127.0.0.1:9/p/hello", "--plain-http", "--credential-registry", "127.0.0.1:9"],
            "Get-TofuProviderVersion -Source example/hello -Repository 127.0.0.1:9/p/hello -PlainHttp -CredentialRegistry 127.0.0.1:9",
            ErrorIds.ConnectionFailed, [UserOption.CredentialRegistry]),
        new("a credential for a template's literal host (inferred, so the registry is reached)",
            ["provider", "versions", "example/hello", "--template", "127.0.0.1:9/p/${namespace}/${type}", "--plain-http", .. Password],
            "Get-TofuProviderVersion -Source example/hello -RepositoryTemplate '127.0.0.1:9/p/${namespace}/${type}' -PlainHttp -Credential $cred",
            ErrorIds.ConnectionFailed, []),
    ];

    /// <summary>The table as theory data: the case names.</summary>
    public static IEnumerable<object[]> Names => All.Select(c => new object[] { c.Name });

    /// <summary>The case called <paramref name="name"/>.</summary>
    public static AccessCase Named(string name) => All.Single(c => c.Name == name);
}
