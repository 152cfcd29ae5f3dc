using Xunit;

namespace OpenTofuOci.TestFixtures;

/// <summary>xunit class fixture: one registry process per mode, shared by the tests of a class.</summary>
public abstract class RegistryFixture(RegistryMode mode) : IAsyncLifetime
{
    private RegistryServer? _server;

    public RegistryServer Server => _server ?? throw new InvalidOperationException("registry not started");

    public async Task InitializeAsync() => _server = await RegistryServer.StartAsync(mode);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

public sealed class PlainRegistryFixture() : RegistryFixture(RegistryMode.PlainHttp);
public sealed class BasicAuthRegistryFixture() : RegistryFixture(RegistryMode.Basic);
public sealed class TlsRegistryFixture() : RegistryFixture(RegistryMode.Tls);
public sealed class TokenRegistryFixture() : RegistryFixture(RegistryMode.Token);
public sealed class TlsBasicRegistryFixture() : RegistryFixture(RegistryMode.TlsBasic);
public sealed class MutualTlsRegistryFixture() : RegistryFixture(RegistryMode.MutualTls);
