namespace OpenTofuOci.Core.Auditing;

/// <summary>How bad a finding is: an <see cref="Error"/> makes <c>tofu init</c> fail (or install something other than intended); a <see cref="Warning"/> surprises without failing.</summary>
public enum AuditSeverity
{
    Error = 0,
    Warning = 1,
}
