namespace OpenTofuOci.TestFixtures;

/// <summary>The configurations a real docker-registry test process can run in.</summary>
public enum RegistryMode
{
    /// <summary>Plain HTTP, no auth.</summary>
    PlainHttp,
    /// <summary>Plain HTTP with htpasswd Basic auth.</summary>
    Basic,
    /// <summary>HTTPS with a certificate from a private CA the test trusts explicitly; no auth.</summary>
    Tls,
    /// <summary>Plain HTTP with token auth served by <see cref="TokenServer"/>.</summary>
    Token,
    /// <summary>HTTPS (private CA, as <see cref="Tls"/>) with htpasswd Basic auth, as most private registries run.</summary>
    TlsBasic,

    /// <summary>HTTPS like <see cref="Tls"/>, and the registry requires a client certificate issued by its client CA (mutual TLS; <c>http.tls.clientcas</c>).</summary>
    MutualTls,
}
