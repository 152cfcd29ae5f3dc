using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Errors;
using static OpenTofuOci.Core.Tests.Access.Plans;

namespace OpenTofuOci.Core.Tests.Access;

/// <summary>The access plan's address rules: each address parsed once, checked against its use, layouts made absolute.</summary>
public sealed class AccessPlanAddressTests
{
    private const string Digest = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

    [Fact]
    public void A_registry_repository_is_split_into_registry_and_repository()
    {
        var location = Plan(["registry.example.com:5000/team/aws"]).Repository;
        Assert.Equal(("registry.example.com:5000", "team/aws", (string?)null, false), (location.Registry, location.Repository, location.LayoutDirectory, location.IsLayout));
        Assert.Equal("registry.example.com:5000/team/aws", location.RepositoryText);
        Assert.Equal("registry.example.com:5000/team/aws", location.Text);
    }

    [Fact]
    public void A_relative_layout_is_made_absolute_with_the_front_ends_resolver()
    {
        var location = Plan(["oci-layout:mirror/aws"]).Repository;
        Assert.Equal(Path.Combine(Location, "mirror", "aws"), location.LayoutDirectory);
        Assert.Equal("oci-layout:" + Path.Combine(Location, "mirror", "aws"), location.RepositoryText);
        Assert.Equal("oci-layout:mirror/aws", location.Text);
        Assert.Null(location.Registry);
    }

    [Fact]
    public void Without_a_resolver_a_relative_layout_is_relative_to_the_process_directory()
    {
        var request = new AccessRequest { Addresses = [new AddressInput("oci-layout:mirror")], Environment = HermeticAccess.Environment() };
        Assert.Equal(Path.GetFullPath("mirror"), AccessPlan.Create(request).Repository.LayoutDirectory);
    }

    [Theory]
    [InlineData("ghcr.io/org/aws:1.0.0", "the tag \"1.0.0\"", "ghcr.io/org/aws")]
    [InlineData("ghcr.io/org/aws@" + Digest, "the digest " + Digest, "ghcr.io/org/aws")]
    [InlineData("oci-layout:/m/aws:1.0.0", "the tag \"1.0.0\"", "oci-layout:/m/aws")]
    public void A_repository_that_names_a_tag_or_digest_is_an_invalid_reference(string address, string named, string repository)
    {
        var e = Refused(Request([address]));
        Assert.Equal((ErrorIds.InvalidReference, ErrorKind.InvalidArgument, address), (e.ErrorId, e.Kind, e.Target));
        Assert.Equal($"\"{address}\" names {named}, but a repository is needed here: give it without the tag or digest ({repository}).", e.Message);
    }

    [Theory]
    [InlineData("https://ghcr.io/org/aws", "without a URL scheme")]
    [InlineData("just-a-name", "it must be a registry host, a slash and a repository name")]
    [InlineData("Registry.Example/UPPER", "invalid repository \"UPPER\"")]
    [InlineData(" ", "The repository address is empty")]
    [InlineData("oci-layout:", "the layout directory is missing")]
    public void A_malformed_address_is_an_invalid_reference(string address, string why)
    {
        var e = Refused(Request([address]));
        Assert.Equal((ErrorIds.InvalidReference, ErrorKind.InvalidArgument), (e.ErrorId, e.Kind));
        Assert.Contains(why, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_destination_may_name_a_tag_but_not_a_digest()
    {
        Assert.Equal("0.2.0", Plan(["oci-layout:/m:0.2.0"], use: AddressUse.Destination).Repository.Tag);
        Assert.Null(Plan(["ghcr.io/org/aws"], use: AddressUse.Destination).Repository.Tag);
        var e = Refused(Request(["ghcr.io/org/aws@" + Digest], use: AddressUse.Destination));
        Assert.Equal(ErrorIds.InvalidReference, e.ErrorId);
        Assert.Equal($"\"ghcr.io/org/aws@{Digest}\" names the digest {Digest}, but a destination keeps the digest of what is written: give the repository with an optional tag (ghcr.io/org/aws or ghcr.io/org/aws:<tag>).", e.Message);
    }

    [Fact]
    public void An_artifact_needs_a_tag_or_digest_and_a_version_its_tag()
    {
        Assert.Equal(Digest, Plan(["ghcr.io/org/aws@" + Digest], use: AddressUse.Artifact).Repository.Selector);
        Assert.Equal("1.0.0", Plan(["ghcr.io/org/aws:1.0.0"], use: AddressUse.Version).Repository.Tag);
        Assert.Equal("\"ghcr.io/org/aws\" names no tag or digest; add one, e.g. ghcr.io/org/aws:1.0.0.", Refused(Request(["ghcr.io/org/aws"], use: AddressUse.Artifact)).Message);
        foreach (var address in new[] { "ghcr.io/org/aws", "ghcr.io/org/aws@" + Digest })
        {
            var e = Refused(Request([address], use: AddressUse.Version));
            Assert.Equal((ErrorIds.InvalidReference, $"\"{address}\" must name the version by its tag, e.g. ghcr.io/org/aws:1.0.0."), (e.ErrorId, e.Message));
        }
    }

    [Fact]
    public void A_registry_alone_is_host_and_optional_port()
    {
        var location = Plan(["registry.example.com:5000"], use: AddressUse.Registry).Repository;
        Assert.Equal(("registry.example.com:5000", (string?)null, "registry.example.com:5000"), (location.Registry, location.Repository, location.RepositoryText));
        foreach (var bad in new[] { "https://registry.example.com", "registry.example.com/team", "reg istry" })
        {
            var e = Refused(Request([bad], use: AddressUse.Registry));
            Assert.Equal((ErrorIds.InvalidReference, bad), (e.ErrorId, e.Target));
        }
    }

    [Fact]
    public void A_credential_lookup_ignores_a_tag_and_refuses_a_layout()
    {
        var location = Plan(["registry.example.com/team/aws:1.0.0"], use: AddressUse.CredentialLookup).Repository;
        Assert.Equal(("registry.example.com", "team/aws"), (location.Registry, location.Repository));
        var e = Refused(Request(["oci-layout:./mirror"], use: AddressUse.CredentialLookup));
        Assert.Equal((ErrorIds.InvalidArgument, "oci-layout:./mirror"), (e.ErrorId, e.Target));
        Assert.StartsWith("\"oci-layout:./mirror\" is a layout directory, which needs no credentials", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_module_source_gives_its_repository_tag_and_digest_without_being_parsed_again()
    {
        var remote = AccessPlan.Create(new AccessRequest
        {
            Addresses = [AddressInput.ForModule(Core.Modules.ModuleAddress.Parse($"oci://registry.example.com/modules/vpc//sub?digest={Digest}"))],
            Environment = HermeticAccess.Environment(),
        }).Repository;
        Assert.Equal(("registry.example.com", "modules/vpc", Digest), (remote.Registry, remote.Repository, remote.Selector));
        var layout = AccessPlan.Create(new AccessRequest
        {
            Addresses = [AddressInput.ForModule(Core.Modules.ModuleAddress.Parse("oci-layout:out//sub?tag=v1"))],
            ResolveLayoutPath = p => Path.GetFullPath(p, Location),
            Environment = HermeticAccess.Environment(),
        }).Repository;
        Assert.Equal((Path.Combine(Location, "out"), "v1"), (layout.LayoutDirectory, layout.Tag));
    }

    [Fact]
    public void A_layout_whose_absolute_path_would_read_as_a_tag_is_refused()
    {
        var request = Request(["oci-layout:."]) ;
        var e = Refused(new AccessRequest { Addresses = request.Addresses, ResolveLayoutPath = _ => "/srv/mirrors/a:b", Environment = request.Environment });
        Assert.Equal((ErrorIds.InvalidReference, "oci-layout:."), (e.ErrorId, e.Target));
        Assert.Contains("resolves to \"/srv/mirrors/a:b\", which cannot be written as an oci-layout: address", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Repository_and_template_together_are_refused()
    {
        var e = Refused(Request(["ghcr.io/org/aws"], template: "ghcr.io/${namespace}/${type}"));
        Assert.Equal((ErrorIds.InvalidArgument, "ghcr.io/org/aws"), (e.ErrorId, e.Target));
        Assert.Equal("Give either the repository option or the repository template option, not both.", e.Message);
    }

    [Fact]
    public void A_repository_holds_one_provider()
    {
        var e = Refused(Request(["oci-layout:mirror"], providers: ["hashicorp/aws", "example/hello"]));
        Assert.Equal((ErrorIds.InvalidArgument, "oci-layout:mirror"), (e.ErrorId, e.Target));
        Assert.StartsWith("the repository option names the repository of one provider, but 2 addresses were given (registry.opentofu.org/hashicorp/aws, registry.opentofu.org/example/hello)",
            e.Message, StringComparison.Ordinal);
        Assert.Equal(RepositoryChoice.Named, Plan(["oci-layout:mirror"], providers: ["hashicorp/aws"]).Choice);
    }

    [Theory]
    [InlineData("registry.example.com/${namespace}", ErrorIds.InvalidRepositoryTemplate)]
    [InlineData("registry.example.com/${upper(type)}", ErrorIds.UnsupportedTemplateExpression)]
    [InlineData("registry.example.com/{namespace}/{nope}", ErrorIds.InvalidRepositoryTemplate)]
    public void A_template_is_checked_when_the_plan_is_made(string template, string id)
    {
        // The two providers differ in type, so a template must say where ${type} goes.
        Assert.Equal(id, Refused(Request(template: template, providers: ["hashicorp/aws", "example/hello"])).ErrorId);
        // One provider is the include: symbols it fixes may be left out.
        Assert.Equal(RepositoryChoice.Template, Plan(template: "registry.example.com/fixed/${namespace}", providers: ["hashicorp/aws"]).Choice);
    }

    [Fact]
    public void The_choice_follows_what_was_given()
    {
        Assert.Equal(RepositoryChoice.Named, Plan(["ghcr.io/a/b"]).Choice);
        var template = Plan(template: "ghcr.io/p/${namespace}/${type}", providers: ["hashicorp/aws"]);
        Assert.Equal((RepositoryChoice.Template, "ghcr.io/p/${namespace}/${type}"), (template.Choice, template.Template));
        Assert.Empty(template.Repositories);
        Assert.Equal(RepositoryChoice.CliConfiguration, Plan().Choice);
        Assert.Throws<InvalidOperationException>(() => Plan().Repository);
    }
}
