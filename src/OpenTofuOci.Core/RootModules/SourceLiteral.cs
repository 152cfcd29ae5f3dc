using System.Globalization;
using System.Text;
using OpenTofuOci.Core.Hcl;

namespace OpenTofuOci.Core.RootModules;

/// <summary>A module source written as a string literal of the file's syntax (docs/opentofu-compatibility.md §11).</summary>
internal static class SourceLiteral
{
    /// <summary>
    /// <paramref name="value"/> quoted for HCL native syntax (<see cref="HclText.Quote"/>) or for JSON. JSON strings
    /// in a configuration are templates too, so <c>${</c> and <c>%{</c> are doubled there as well.
    /// </summary>
    public static string Quote(string value, bool json)
    {
        if (!json)
        {
            return HclText.Quote(value);
        }

        var sb = new StringBuilder(value.Length + 2).Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var ch = value[i];
            switch (ch)
            {
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                case '$' or '%' when i + 1 < value.Length && value[i + 1] == '{':
                    sb.Append(ch).Append(ch);
                    break;
                case < ' ':
                    sb.Append("\\u").Append(((int)ch).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    sb.Append(ch);
                    break;
            }
        }

        return sb.Append('"').ToString();
    }
}
