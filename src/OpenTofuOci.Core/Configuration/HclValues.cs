using System.Globalization;
using OpenTofuOci.Core.Hcl;

namespace OpenTofuOci.Core.Configuration;

/// <summary>
/// Converts attribute values the way HCL1's decoder does for the fields we read: a string field takes
/// a string (or a number, as its text); a bool field takes a bool; a list field takes a list of those.
/// Each returns null and sets <c>error</c> to the reason when the value has the wrong type.
/// </summary>
internal static class HclValues
{
    public static string? String(HclAttribute attribute, out string? error)
    {
        error = null;
        switch (attribute.Value)
        {
            case HclString s: return s.Value;
            case HclNumber n: return n.Text;
            default:
                error = $"{attribute.Name}: a string is required, but the value is {attribute.Value.KindName}";
                return null;
        }
    }

    public static bool? Bool(HclAttribute attribute, out string? error)
    {
        error = null;
        if (attribute.Value is HclBool b)
        {
            return b.Value;
        }

        error = $"{attribute.Name}: true or false is required, but the value is {attribute.Value.KindName}";
        return null;
    }

    public static List<string>? StringList(HclAttribute attribute, out string? error)
    {
        error = null;
        if (attribute.Value is not HclTuple tuple)
        {
            error = $"{attribute.Name}: a list of strings is required, but the value is {attribute.Value.KindName}";
            return null;
        }

        var result = new List<string>(tuple.Items.Count);
        for (var i = 0; i < tuple.Items.Count; i++)
        {
            switch (tuple.Items[i])
            {
                case HclString s: result.Add(s.Value); break;
                case HclNumber n: result.Add(n.Text); break;
                default:
                    error = string.Format(CultureInfo.InvariantCulture, "{0}[{1}]: a string is required, but the value is {2}",
                        attribute.Name, i, tuple.Items[i].KindName);
                    return null;
            }
        }

        return result;
    }
}
