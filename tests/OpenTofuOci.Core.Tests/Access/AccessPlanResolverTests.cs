using System.Text;
using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Providers;
using static OpenTofuOci.Core.Tests.Access.Plans;

namespace OpenTofuOci.Core.Tests.Access;

/// <summary>The provider resolver an access plan builds, and how it says where each repository was reached.</summary>
public sealed class AccessPlanResolverTests : IDisposable
{
    private static readonly ProviderAddress Aws = ProviderAddress.Parse("hashicorp/aws");
    private static readonly ProviderAddress Hello = ProviderAddress.Parse("example/hello");
    private readonly TempDirectory _dir = new("tofuoci-access-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_named_repository_holds_the_provider_and_each_is_told_once()
    {
        var plan = Plan(["oci-layout:mirror/aws"], providers: ["hashicorp/aws"]);
        var verbose = new List<string>();
        var resolver = await plan.CreateResolverAsync(new AccessSinks { Verbose = verbose.Add }, CancellationToken.None);
        var first = resolver.Resolve(Aws);
        Assert.Same(first, resolver.Resolve(Aws));
        Assert.Equal("oci-layout:" + Path.Combine(Location, "mirror", "aws"), first.DisplayName);
        Assert.Equal([$"Provider registry.opentofu.org/hashicorp/aws is read from oci-layout:{Path.Combine(Location, "mirror", "aws")}."], verbose);
        Assert.Same(RepositoryAccess.Layout, plan.AccessTo(first));
    }

    [Theory]
    [InlineData("registry.example.com/p/${namespace}/${type}")]
    [InlineData("registry.example.com/p/{namespace}/{type}")]
    public async Task A_template_maps_each_provider_and_the_plan_knows_how_it_reached_it(string template)
    {
        var plan = Plan(template: template, credential: Alice, plainHttp: true, providers: ["hashicorp/aws", "example/hello"]);
        var resolver = await plan.CreateResolverAsync(AccessSinks.None, CancellationToken.None);
        var aws = resolver.Resolve(Aws);
        Assert.Equal(("registry.example.com/p/hashicorp/aws", "registry.example.com/p/example/hello"), (aws.DisplayName, resolver.Resolve(Hello).DisplayName));
        var access = plan.AccessTo(aws);
        Assert.Equal(("registry.example.com", true), (access.Registry, access.PlainHttp));
        Assert.Same(Alice, access.Credential);
        Assert.Throws<ArgumentException>(() => Plan(["oci-layout:x"]).AccessTo(aws));
    }

    [Fact]
    public async Task The_cli_configuration_is_read_once_per_environment_and_its_mirrors_map_the_providers()
    {
        var config = _dir.Combine("cli.tfrc");
        await File.WriteAllTextAsync(config, """
            provider_installation {
              oci_mirror {
                repository_template = "mirror.example/tofu/${namespace}/${type}"
                include             = ["registry.opentofu.org/example/*"]
              }
              direct {}
            }
            """, Encoding.UTF8);
        var environment = HermeticAccess.Environment(_dir.Combine("home"), new Dictionary<string, string> { ["TF_CLI_CONFIG_FILE"] = config });
        var (verbose, warnings) = (new List<string>(), new List<string>());
        var sinks = new AccessSinks { Verbose = verbose.Add, Warning = warnings.Add };

        var resolver = await Plan(providers: ["example/hello"], environment: environment).CreateResolverAsync(sinks, CancellationToken.None);
        Assert.Equal("mirror.example/tofu/example/hello", resolver.Resolve(Hello).DisplayName);
        var e = Assert.Throws<TofuOciException>(() => resolver.Resolve(Aws));
        Assert.Equal(ErrorIds.ProviderNotFound, e.ErrorId);
        // A second plan of the same invocation: the configuration is not read or warned about again.
        await Plan(providers: ["example/hello"], environment: environment).CreateResolverAsync(sinks, CancellationToken.None);

        Assert.Equal([$"Read the OpenTofu CLI configuration from {config}.", "Provider registry.opentofu.org/example/hello is read from mirror.example/tofu/example/hello."], verbose);
        Assert.Single(warnings);
        Assert.Contains("direct", warnings[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_configuration_file_no_provider_has_a_mirror()
    {
        var resolver = await Plan(providers: ["hashicorp/aws"]).CreateResolverAsync(AccessSinks.None, CancellationToken.None);
        var e = Assert.Throws<TofuOciException>(() => resolver.Resolve(Aws));
        Assert.Equal(ErrorIds.ProviderNotFound, e.ErrorId);
        Assert.StartsWith("Provider registry.opentofu.org/hashicorp/aws has no OCI mirror: the CLI configuration has no provider_installation block", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plan_with_several_addresses_opens_each_but_has_no_single_resolver()
    {
        var plan = Plan(["oci-layout:alpha:1.0.0", "oci-layout:beta"], use: AddressUse.Destination);
        Assert.Equal(["oci-layout:" + Path.Combine(Location, "alpha"), "oci-layout:" + Path.Combine(Location, "beta")],
            plan.Repositories.Select(r => plan.Open(r, null, null).DisplayName));
        await Assert.ThrowsAsync<InvalidOperationException>(() => plan.CreateResolverAsync(AccessSinks.None, CancellationToken.None));
    }

    [Fact]
    public void A_registry_alone_gives_remote_options_but_opens_no_repository()
    {
        var plan = Plan(["localhost:5000"], plainHttp: true, use: AddressUse.Registry);
        Assert.True(plan.RemoteOptions(plan.Repository, null, null).PlainHttp);
        Assert.Throws<ArgumentException>(() => plan.Open(plan.Repository, null, null));
    }
}
