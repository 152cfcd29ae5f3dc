using System.Security.Cryptography;
using System.Text;
using OpenTofuOci.Core.Hcl;

namespace OpenTofuOci.Core.RootModules;

/// <summary>
/// One configuration file as read: its text (UTF-8, as OpenTofu requires), the SHA-256 of its bytes, whether it
/// is JSON syntax or an override file, and how to turn a parser position into a character offset.
/// </summary>
internal sealed class ConfigurationFile
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly int[] _lineStarts;
    private readonly int _bom;

    private ConfigurationFile(string path, string text, string sha256)
    {
        Path = path;
        Text = text;
        Sha256 = sha256;
        _bom = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        _lineStarts = [.. starts];
    }

    public string Path { get; }

    public string Text { get; }

    /// <summary>Lowercase hex SHA-256 of the file's bytes when read.</summary>
    public string Sha256 { get; }

    public bool IsJson => IsJsonPath(Path);

    public static bool IsJsonPath(string path) => path.EndsWith(".json", StringComparison.Ordinal);

    /// <summary>The file's text decoded strictly, so writing it back gives the same bytes.</summary>
    /// <exception cref="DecoderFallbackException">The bytes are not UTF-8.</exception>
    public static string Decode(byte[] bytes) => StrictUtf8.GetString(bytes);

    public static byte[] Encode(string text) => StrictUtf8.GetBytes(text);

    public static string Digest(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    public static async Task<ConfigurationFile> ReadAsync(string path, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw ConfigurationErrors.Invalid(path, path, $"the file cannot be read ({ex.Message})", "check that it exists and that you may read it", ex);
        }

        try
        {
            return new ConfigurationFile(path, Decode(bytes), Digest(bytes));
        }
        catch (DecoderFallbackException ex)
        {
            throw ConfigurationErrors.Invalid(path, path, "the file is not UTF-8 text", "save it as UTF-8, the only encoding OpenTofu reads", ex);
        }
    }

    /// <summary>Parses the file into the HCL model (native syntax tolerantly, JSON with the configuration's block shapes).</summary>
    public HclBody Parse()
    {
        try
        {
            return IsJson ? HclJsonReader.Parse(Text, Path, ConfigurationJsonSchema.Schema) : HclParser.ParseConfiguration(Text, Path);
        }
        catch (HclParseException ex)
        {
            throw ConfigurationErrors.Invalid(ex.Position.ToString(), Path, ex.Problem, RemedyOf(ex), ex);
        }
    }

    /// <summary>Where <paramref name="position"/> is; <paramref name="span"/> gives the exact characters when the parser knows them.</summary>
    public ConfigLocation Locate(HclPosition position, HclSpan? span = null)
    {
        var offset = span?.Offset ?? Math.Min(Text.Length, _lineStarts[Math.Clamp(position.Line - 1, 0, _lineStarts.Length - 1)]
            + position.Column - 1 + (position.Line == 1 ? _bom : 0));
        return new ConfigLocation(Path, position.Line, position.Column, offset, span?.Length ?? 0);
    }

    private static string RemedyOf(HclParseException ex)
    {
        var dash = ex.Message.LastIndexOf(" — ", StringComparison.Ordinal);
        return dash < 0 ? "fix the file" : ex.Message[(dash + 3)..];
    }
}
