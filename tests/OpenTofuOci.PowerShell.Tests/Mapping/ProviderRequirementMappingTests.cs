using OpenTofuOci.Core.Configuration;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Installing;
using OpenTofuOci.PowerShell.Infrastructure;
using OpenTofuOci.PowerShell.Mapping;
using Xunit;

namespace OpenTofuOci.PowerShell.Tests.Mapping;

public sealed class ProviderRequirementMappingTests
{
    [Fact]
    public void Every_source_gets_the_version_constraint_and_duplicates_collapse()
    {
        var requirements = ProviderRequirementMapping.Requirements(["hashicorp/aws", "registry.opentofu.org/hashicorp/aws", "example/hello"], "~> 1.2");
        Assert.Equal(["registry.opentofu.org/hashicorp/aws", "registry.opentofu.org/example/hello"], requirements.Select(r => r.Address.ToString()));
        Assert.All(requirements, r => Assert.Equal("~> 1.2", r.Constraint.ToString()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void No_version_means_any_version(string? version) =>
        Assert.Empty(ProviderRequirementMapping.Requirements(["hashicorp/aws"], version)[0].Constraint.Clauses);

    [Fact]
    public void A_bad_address_or_constraint_is_a_core_error()
    {
        Assert.Throws<TofuOciException>(() => ProviderRequirementMapping.Requirements(["not an address!"], null));
        Assert.Throws<TofuOciException>(() => ProviderRequirementMapping.Requirements(["hashicorp/aws"], "~> banana"));
    }

    [Fact]
    public void Platforms_are_parsed_and_empty_means_this_machine()
    {
        Assert.Equal([new ProviderPlatform("linux", "amd64"), new ProviderPlatform("windows", "386")],
            ProviderRequirementMapping.Platforms(["linux_amd64", "windows_386", "linux_amd64"]));
        Assert.Empty(ProviderRequirementMapping.Platforms(null));
        Assert.Contains("(this machine)", ProviderRequirementMapping.PlatformsText([]), StringComparison.Ordinal);
        Assert.Throws<TofuOciException>(() => ProviderRequirementMapping.Platforms(["linux-amd64"]));
    }

    [Fact]
    public void The_ShouldProcess_target_names_provider_constraint_and_platforms()
    {
        var requirement = ProviderRequirementMapping.Requirements(["hashicorp/aws"], ">= 5.0")[0];
        Assert.Equal("registry.opentofu.org/hashicorp/aws >= 5.0 for linux_amd64, darwin_arm64",
            ProviderRequirementMapping.ShouldProcessTarget(requirement, [new("linux", "amd64"), new("darwin", "arm64")]));
        var any = ProviderRequirementMapping.Requirements(["hashicorp/aws"], null)[0];
        Assert.Contains("(newest version)", ProviderRequirementMapping.ShouldProcessTarget(any, []), StringComparison.Ordinal);
    }

    [Fact]
    public void Install_parameters_map_to_the_install_request()
    {
        var request = ProviderInstallMapping.CreateInstall(ProviderRequirementMapping.Requirements(["hashicorp/aws", "example/hello"], "1.0.0"),
            [new("linux", "amd64")], "/abs/dest", packed: true, force: true, lockFile: "/abs/.terraform.lock.hcl");
        Assert.Equal(2, request.Providers.Count);
        Assert.Equal((PackageLayout.Packed, true, "/abs/dest", "/abs/.terraform.lock.hcl"), (request.Layout, request.Force, request.Destination, request.LockFilePath));
        var narrowed = ProviderInstallMapping.WithProviders(request, [request.Providers[1]]);
        Assert.Equal((PackageLayout.Packed, true, "/abs/dest", "/abs/.terraform.lock.hcl"), (narrowed.Layout, narrowed.Force, narrowed.Destination, narrowed.LockFilePath));
        Assert.Equal(["registry.opentofu.org/example/hello"], narrowed.Providers.Select(p => p.Address.ToString()));
        Assert.Equal(PackageLayout.Unpacked, ProviderInstallMapping.CreateInstall(request.Providers, [], "/d", false, false, null).Layout);
    }

    [Fact]
    public void Without_destination_the_install_goes_to_the_plugin_cache_of_the_configuration()
    {
        var request = ProviderInstallMapping.CreateInstall(ProviderRequirementMapping.Requirements(["hashicorp/aws"], null), [], null, false, false, null);
        Assert.Equal(string.Empty, request.Destination);
        Assert.Equal("the plugin cache directory of the OpenTofu CLI configuration (TF_PLUGIN_CACHE_DIR / plugin_cache_dir)", ProviderInstallMapping.DestinationText(request));

        var cache = Path.Combine(Path.GetTempPath(), "plugin-cache");
        var config = new CliConfig(cache, null, [], null, [], []);
        var resolved = ProviderInstallMapping.WithDestination(request, ProviderInstallMapping.PluginCacheDestination(config));
        Assert.Equal((cache, "registry.opentofu.org/hashicorp/aws"), (resolved.Destination, resolved.Providers.Single().Address.ToString()));
        Assert.Equal(cache, ProviderInstallMapping.DestinationText(resolved));

        var e = Assert.Throws<TofuOciException>(() => ProviderInstallMapping.PluginCacheDestination(config with { PluginCacheDir = null }));
        Assert.Equal(ErrorIds.InvalidArgument, e.ErrorId);
        Assert.Equal("Say where to install with -Destination <directory>: TF_PLUGIN_CACHE_DIR is not set and the OpenTofu CLI configuration has no plugin_cache_dir to use instead.", e.Message);
    }

    [Fact]
    public void Lock_parameters_map_to_the_lock_request()
    {
        var two = ProviderRequirementMapping.Requirements(["hashicorp/aws", "example/hello"], null);
        var lockRequest = ProviderInstallMapping.CreateLock([two[0]], [new("linux", "arm64")], "/abs/lock.hcl");
        Assert.Equal(("/abs/lock.hcl", 1, "registry.opentofu.org/hashicorp/aws"), (lockRequest.LockFilePath, lockRequest.Platforms.Count, lockRequest.Providers.Single().Address.ToString()));
        Assert.Empty(ProviderInstallMapping.WithProviders(lockRequest, []).Providers);
    }

    [Theory]
    [InlineData("", 16)]
    [InlineData("lin", 4)]
    [InlineData("'darwin_a", 2)]
    [InlineData("WINDOWS_A", 2)]
    [InlineData("plan9", 0)]
    public void The_platform_completer_offers_known_platforms_by_prefix(string word, int count) =>
        Assert.Equal(count, PlatformArgumentCompleter.Complete(word).Count());
}
