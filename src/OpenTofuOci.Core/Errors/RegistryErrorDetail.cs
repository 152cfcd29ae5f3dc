namespace OpenTofuOci.Core.Errors;

/// <summary>
/// One entry of a registry's <c>{"errors":[…]}</c> body.
/// See <see href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes">distribution-spec error codes</see>.
/// </summary>
/// <param name="Code">The registry's code, e.g. <c>NAME_UNKNOWN</c>.</param>
/// <param name="Message">The registry's human-readable message.</param>
/// <param name="Detail">The raw <c>detail</c> JSON, if any, as text.</param>
public sealed record RegistryErrorDetail(string Code, string Message, string? Detail)
{
    public override string ToString() =>
        string.IsNullOrEmpty(Detail) ? $"{Code}: {Message}" : $"{Code}: {Message} ({Detail})";
}
