using System.Security.Authentication;
using OpenTofuOci.Cli;
using OpenTofuOci.Core.Configuration;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Modules;
using OpenTofuOci.Core.Oci.Remote;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Oci.Transport;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Installing;
using OpenTofuOci.Core.Providers.Publishing;
using OpenTofuOci.Core.Tests.Copy;
using OpenTofuOci.Core.Tests.Fixtures;
using OpenTofuOci.PowerShell.Infrastructure;

namespace OpenTofuOci.Core.Tests.Wording;

/// <summary>
/// One Core error, three spellings: under tofu-oci it names <c>--force</c>, under the cmdlets
/// <c>-Force</c>, for any other caller "the force option" — and the exception records which options
/// it named (docs/design.md "Errors").
/// </summary>
public sealed class OptionSpellingTests
{
    private const string Digest1 = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string Digest2 = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    public enum Front { Cli, PowerShell, Neutral }

    /// <summary>A Core failure, each spelling's words for it, and the options it must record.</summary>
    public sealed record Row(string Name, Func<Task<TofuOciException>> Raise, string Cli, string PowerShell, string Neutral, UserOption[] Options)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Row, Front> Cases()
    {
        var data = new TheoryData<Row, Front>();
        foreach (var c in All())
        {
            foreach (var front in Enum.GetValues<Front>())
            {
                data.Add(c, front);
            }
        }

        return data;
    }

    private static IEnumerable<Row> All()
    {
        yield return new Row("provider version exists", async () =>
            {
                var target = new MemoryTarget();
                await target.TagAsync(await PushedManifest(target), "1.0.0");
                return await Assert.ThrowsAsync<TofuOciException>(() =>
                    ProviderTagGuard.CheckAsync(target, target.DisplayName, ProviderVersion.Create(1, 0, 0), "1.0.0", Digest2, force: false, default));
            },
            "publish a new version, or replace it deliberately with --force.",
            "publish a new version, or replace it deliberately with -Force.",
            "publish a new version, or replace it deliberately with the force option.",
            [UserOption.Force]);

        yield return new Row("module tag exists", async () =>
            {
                var target = new MemoryTarget();
                await target.TagAsync(await PushedManifest(target), "latest");
                return await Assert.ThrowsAsync<TofuOciException>(() =>
                    ModuleTagGuard.CheckAsync(target, target.DisplayName, ["latest"], Digest2, force: false, default));
            },
            "publish under a new tag, or move it deliberately with --force.",
            "publish under a new tag, or move it deliberately with -Force.",
            "publish under a new tag, or move it deliberately with the force option.",
            [UserOption.Force]);

        yield return new Row("no oci_mirror for the provider", () =>
            {
                var resolver = ProviderSourceResolver.ForConfiguration(new CliConfig(null, null, [], null, [], []));
                return Task.FromResult(Assert.Throws<TofuOciException>(() => resolver.Resolve(ProviderAddress.Parse("example/aws"))));
            },
            "or name the repository with --repository or --template.",
            "or name the repository with -Repository or -RepositoryTemplate.",
            "or name the repository with the repository option or the repository template option.",
            [UserOption.Repository, UserOption.RepositoryTemplate]);

        yield return new Row("URL scheme in an address", () =>
                Task.FromResult(Assert.Throws<TofuOciException>(() => TargetAddress.Parse("https://registry.example/team/aws"))),
            "(use --plain-http for http).",
            "(use -PlainHttp for http).",
            "(use the plain HTTP option for http).",
            [UserOption.PlainHttp]);

        yield return new Row("TLS handshake failure", () =>
                Task.FromResult(ConnectionErrors.ConnectionFailed("registry.example", HttpMethod.Get, new Uri("https://registry.example/v2/"),
                    new HttpRequestException("The SSL connection could not be established.", new AuthenticationException("bad record")))),
            "allow that for it with --plain-http; if it uses a private CA, trust that CA with --ca-file.",
            "allow that for it with -PlainHttp; if it uses a private CA, trust that CA with -CertificateAuthorityPath.",
            "allow that for it with the plain HTTP option; if it uses a private CA, trust that CA with the CA file option.",
            [UserOption.PlainHttp, UserOption.CaFile]);

        yield return new Row("no credentials found", () =>
                Task.FromResult(RegistryErrors.Unauthorized("registry.example", "team/aws", credential: null, write: false)),
            "Log in with `tofu-oci login registry.example -u <user> --password-stdin`, pass a credential (--username with --password-stdin), or add",
            "Log in with `Connect-TofuOciRegistry -Registry registry.example -Credential <user>`, pass a credential (-Credential), or add",
            "Log in with the login command for registry.example with explicit credentials <user>, pass a credential (explicit credentials), or add",
            [UserOption.Credential]);

        yield return new Row("missing CA file", () =>
                Task.FromResult(Assert.Throws<TofuOciException>(() =>
                    TlsMaterial.Load(new TlsSettings { CaFile = "/nonexistent/ca.pem" }, TransportEnvironment.FromVariables(new Dictionary<string, string>())))),
            "The CA bundle (--ca-file) \"/nonexistent/ca.pem\" cannot be read",
            "The CA bundle (-CertificateAuthorityPath) \"/nonexistent/ca.pem\" cannot be read",
            "The CA bundle (the CA file option) \"/nonexistent/ca.pem\" cannot be read",
            [UserOption.CaFile]);

        yield return new Row("client key without certificate", () =>
                Task.FromResult(Assert.Throws<TofuOciException>(() =>
                    TlsMaterial.Load(new TlsSettings { ClientKeyFile = "/nonexistent/me.key" }, TransportEnvironment.FromVariables(new Dictionary<string, string>())))),
            "was given without a client certificate: give the certificate too with --client-cert.",
            "was given without a client certificate: give the certificate too with -ClientCertificatePath.",
            "was given without a client certificate: give the certificate too with the client certificate option.",
            [UserOption.ClientCertificate]);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_Core_error_names_options_as_the_running_front_end_spells_them(Row c, Front front)
    {
        TofuOciException error;
        using (Spelling(front) is { } spelling ? OptionSpelling.Use(spelling) : null)
        {
            error = await c.Raise();
        }

        var expected = front switch { Front.Cli => c.Cli, Front.PowerShell => c.PowerShell, _ => c.Neutral };
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(c.Options, error.NamedOptions);
        if (front != Front.Cli)
        {
            Assert.DoesNotMatch("(^|[ (`])--[a-z]", error.Message);
        }

        if (front != Front.PowerShell)
        {
            Assert.DoesNotMatch("(^|[ (`])-[A-Z][a-z]", error.Message);
        }
    }

    [Fact]
    public void A_suggested_command_line_is_written_for_each_front_ends_shell()
    {
        var invocation = new UserInvocation(UserCommand.ProviderLock, "registry.opentofu.org/example/aws",
        [
            new UserInvocationOption(UserOption.Platform, ["linux_amd64", "windows_amd64"]),
            new UserInvocationOption(UserOption.LockFile, ["/work/my team/.terraform.lock.hcl"]),
        ]);

        Assert.Equal("tofu-oci provider lock registry.opentofu.org/example/aws --platform linux_amd64 --platform windows_amd64 --lock-file '/work/my team/.terraform.lock.hcl'",
            CliOptionSpelling.Instance.CommandLine(invocation));
        Assert.Equal("Update-TofuLockFile -Source registry.opentofu.org/example/aws -Platform linux_amd64, windows_amd64 -Path '/work/my team/.terraform.lock.hcl'",
            PowerShellOptionSpelling.Instance.CommandLine(invocation));
        Assert.Equal("the provider lock command for registry.opentofu.org/example/aws with the platform option linux_amd64, windows_amd64; the lock file option /work/my team/.terraform.lock.hcl",
            OptionSpelling.Neutral.CommandLine(invocation));

        var quoted = UserInvocation.Login("it's.example");
        Assert.Equal("tofu-oci login 'it'\\''s.example' -u <user> --password-stdin", CliOptionSpelling.Instance.CommandLine(quoted));
        Assert.Equal("Connect-TofuOciRegistry -Registry 'it''s.example' -Credential <user>", PowerShellOptionSpelling.Instance.CommandLine(quoted));
    }

    [Fact]
    public void Every_option_and_command_has_words_in_every_spelling()
    {
        foreach (var spelling in new OptionSpelling[] { CliOptionSpelling.Instance, PowerShellOptionSpelling.Instance, OptionSpelling.Neutral })
        {
            Assert.All(Enum.GetValues<UserOption>(), o => Assert.False(string.IsNullOrWhiteSpace(spelling.OptionName(o))));
            Assert.All(Enum.GetValues<UserCommand>(), c => Assert.False(string.IsNullOrWhiteSpace(spelling.CommandName(c))));
        }
    }

    [Fact]
    public async Task The_spelling_is_ambient_per_flow_restored_after_its_scope_and_reaches_Task_Run()
    {
        Assert.Same(OptionSpelling.Neutral, OptionSpelling.Current);
        var gate = new TaskCompletionSource();

        async Task<string> RunAs(OptionSpelling spelling)
        {
            using (OptionSpelling.Use(spelling))
            {
                await gate.Task;
                // A worker started inside the flow sees the flow's spelling, as the cmdlets' workers do.
                return await Task.Run(() => new TofuOciException("Test", ErrorKind.InvalidArgument, $"use {UserOption.Force}").Message);
            }
        }

        var cli = RunAs(CliOptionSpelling.Instance);
        var powerShell = RunAs(PowerShellOptionSpelling.Instance);
        gate.SetResult();

        Assert.Equal("use --force", await cli);
        Assert.Equal("use -Force", await powerShell);
        Assert.Same(OptionSpelling.Neutral, OptionSpelling.Current);

        var scope = OptionSpelling.Use(CliOptionSpelling.Instance);
        Assert.Same(CliOptionSpelling.Instance, OptionSpelling.Current);
        scope.Dispose();
        scope.Dispose();
        Assert.Same(OptionSpelling.Neutral, OptionSpelling.Current);
    }

    [Fact]
    public void A_message_keeps_what_it_names_when_composed_and_formats_other_values_as_interpolation_does()
    {
        using var spelling = OptionSpelling.Use(CliOptionSpelling.Instance);
        UserMessage inner = $"trust it with {UserOption.CaFile}";
        UserMessage outer = $"{3.5:F2}|{42,5}|{"x",-3}|{(object?)null}|{inner}; ";
        var sum = outer + $"or {UserOption.PlainHttp} with {UserCommand.Login}" + " (done)";

        Assert.Equal("3.50|   42|x  ||trust it with --ca-file; or --plain-http with tofu-oci login (done)", sum.Text);
        Assert.Equal([UserOption.CaFile, UserOption.PlainHttp], sum.Options);
        Assert.Equal([UserCommand.Login], sum.Commands);
        var error = new TofuOciException("Test", ErrorKind.InvalidArgument, sum);
        Assert.Equal(sum.Text, error.Message);
        Assert.Equal([UserOption.CaFile, UserOption.PlainHttp], error.NamedOptions);
        Assert.Equal([UserCommand.Login], error.NamedCommands);
        Assert.Empty(new TofuOciException("Test", ErrorKind.InvalidArgument, "plain").NamedOptions);
    }

    private static OptionSpelling? Spelling(Front front) => front switch
    {
        Front.Cli => CliOptionSpelling.Instance,
        Front.PowerShell => PowerShellOptionSpelling.Instance,
        _ => null,
    };

    private static async Task<Core.Oci.Descriptor> PushedManifest(MemoryTarget target)
    {
        var bytes = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2},\"layers\":[]}"u8.ToArray();
        var descriptor = Core.Oci.Descriptor.FromBytes(Core.Oci.MediaTypes.ImageManifest, bytes);
        await target.PushAsync(Core.Oci.EmptyConfig.Descriptor, new MemoryStream(Core.Oci.EmptyConfig.Content.ToArray()));
        await target.PushAsync(descriptor, new MemoryStream(bytes));
        Assert.NotEqual(Digest1, descriptor.Digest);
        return descriptor;
    }
}
