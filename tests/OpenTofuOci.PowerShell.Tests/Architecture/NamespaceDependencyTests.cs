using OpenTofuOci.PowerShell.Commands;
using OpenTofuOci.TestFixtures;

namespace OpenTofuOci.PowerShell.Tests.Architecture;

/// <summary>The module's folders (Commands, Infrastructure, Mapping, Output) do not need each other in a circle.</summary>
public sealed class NamespaceDependencyTests
{
    [Fact]
    public void The_module_has_no_namespace_cycle()
    {
        var graph = NamespaceGraph.Read(typeof(GetTofuOciTagCommand).Assembly.Location, "OpenTofuOci.PowerShell");

        // The graph is read at all: the commands use the other folders.
        Assert.Contains("OpenTofuOci.PowerShell.Infrastructure", graph.Edges["OpenTofuOci.PowerShell.Commands"]);
        Assert.Empty(graph.Cycles());
    }
}
