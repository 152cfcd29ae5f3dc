using OpenTofuOci.PowerShell.Infrastructure;
using Xunit;

namespace OpenTofuOci.PowerShell.Tests.Mapping;

public sealed class ProgressThrottleTests
{
    [Fact]
    public void Updates_are_limited_per_activity_and_completions_always_pass()
    {
        var throttle = new ProgressThrottle(TimeSpan.FromMilliseconds(200));
        Assert.True(throttle.ShouldWrite(1, false, TimeSpan.FromMilliseconds(0)));
        Assert.False(throttle.ShouldWrite(1, false, TimeSpan.FromMilliseconds(100)));
        Assert.True(throttle.ShouldWrite(2, false, TimeSpan.FromMilliseconds(100)));
        Assert.True(throttle.ShouldWrite(1, false, TimeSpan.FromMilliseconds(250)));
        Assert.True(throttle.ShouldWrite(1, true, TimeSpan.FromMilliseconds(260)));
        Assert.True(throttle.ShouldWrite(1, false, TimeSpan.FromMilliseconds(270)));
    }
}
