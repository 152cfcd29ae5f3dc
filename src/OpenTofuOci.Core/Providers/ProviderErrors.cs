using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Providers;

/// <summary>Builds selection errors that carry OpenTofu's text plus what the provider, version and tag were and what to do.</summary>
internal static class ProviderErrors
{
    internal sealed record Context(ProviderAddress Address, ProviderVersion Version, string DisplayName, string Tag)
    {
        /// <summary>Where the index lives, e.g. <c>host/repo:1.0.0</c>.</summary>
        public string Reference => $"{DisplayName}:{Tag}";

        public string Subject => $"Provider {Address} {Version} ({Reference})";

        public TofuOciException NotAnIndex(string openTofuText, string? advice) =>
            Invalid(ErrorIds.NotAProviderIndex, openTofuText, advice);

        public TofuOciException Invalid(string errorId, string openTofuText, string? advice, Exception? inner = null) =>
            new(errorId, ErrorKind.InvalidData,
                $"{Subject}: {openTofuText}." + (advice is null ? string.Empty : " " + advice),
                Reference, inner);
    }
}
