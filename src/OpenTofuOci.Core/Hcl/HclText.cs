using System.Globalization;
using System.Text;

namespace OpenTofuOci.Core.Hcl;

/// <summary>Writes HCL native-syntax text, the way hclwrite does for the values we write.</summary>
public static class HclText
{
    /// <summary>
    /// <paramref name="value"/> as a quoted HCL string: <c>\ " \n \r \t</c> escaped, other control
    /// characters as <c>\uNNNN</c>, and <c>${</c>/<c>%{</c> doubled so they stay literal text.
    /// </summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(value.Length + 2).Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var ch = value[i];
            switch (ch)
            {
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '$' or '%' when i + 1 < value.Length && value[i + 1] == '{':
                    sb.Append(ch).Append(ch);
                    break;
                default:
                    if (char.IsControl(ch))
                    {
                        sb.Append("\\u").Append(((int)ch).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(ch);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }
}
