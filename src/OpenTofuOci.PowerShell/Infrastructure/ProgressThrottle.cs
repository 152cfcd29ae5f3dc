namespace OpenTofuOci.PowerShell.Infrastructure;

/// <summary>
/// Limits progress updates per activity (spec: about five a second) because rendering progress in
/// the host costs more than the transfer step that caused it. Completions always pass so no bar is
/// left behind.
/// </summary>
internal sealed class ProgressThrottle(TimeSpan interval)
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(200);

    private readonly Dictionary<int, long> _lastWritten = [];

    public ProgressThrottle() : this(DefaultInterval)
    {
    }

    /// <summary>True when an update for <paramref name="activityId"/> may be written at <paramref name="now"/>.</summary>
    public bool ShouldWrite(int activityId, bool completed, TimeSpan now)
    {
        lock (_lastWritten)
        {
            if (completed)
            {
                _lastWritten.Remove(activityId);
                return true;
            }

            if (_lastWritten.TryGetValue(activityId, out var last) && now.Ticks - last < interval.Ticks)
            {
                return false;
            }

            _lastWritten[activityId] = now.Ticks;
            return true;
        }
    }
}
