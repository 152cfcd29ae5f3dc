using System.Text;
using Microsoft.AspNetCore.Http;
using OpenTofuOci.TestFixtures;

namespace OpenTofuOci.PowerShell.Tests.Runspaces;

/// <summary>
/// A hostile in-process registry puts "set the window title" and "clear the screen" escape sequences
/// into its error message and its tag names; the error record carries them escaped, and such tags are
/// not written to the pipeline.
/// </summary>
public sealed class TerminalEscapeTests : IDisposable
{
    private readonly RunspaceLease _ps = ModuleRunspaces.Rent();

    public void Dispose() => _ps.Dispose();

    [Fact]
    public async Task A_registry_error_message_reaches_the_error_record_with_control_characters_escaped()
    {
        await using var registry = await InProcessServer.StartAsync((ctx, _) => Json(ctx, 403,
            """{"errors":[{"code":"DENIED","message":"\u001b]0;pwned\u0007\u001b[2Jgo away","detail":null}]}"""));

        var run = _ps.Run("Get-TofuOciTag -Repository $repo -PlainHttp -ErrorAction Stop", ("repo", $"{registry.Authority}/hostile/repo"));

        var record = Assert.IsAssignableFrom<System.Management.Automation.ErrorRecord>(run.TerminatingRecord);
        Assert.Equal("Denied,OpenTofuOci.PowerShell.Commands.GetTofuOciTagCommand", record.FullyQualifiedErrorId);
        Assert.Contains("DENIED: \\u001b]0;pwned\\u0007\\u001b[2Jgo away", record.Exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', run.AllText());
        Assert.DoesNotContain('\u0007', run.AllText());
    }

    [Fact]
    public void An_address_typed_with_an_escape_sequence_is_shown_escaped_in_the_error_record()
    {
        var run = _ps.Run("Get-TofuOciTag -Repository $repo -PlainHttp -ErrorAction Stop", ("repo", "127.0.0.1:9/hostile/\u001b[2Jrepo"));

        var record = Assert.IsAssignableFrom<System.Management.Automation.ErrorRecord>(run.TerminatingRecord);
        Assert.Equal("InvalidReference,OpenTofuOci.PowerShell.Commands.GetTofuOciTagCommand", record.FullyQualifiedErrorId);
        Assert.Contains('\u001b', record.Exception.Message);
        Assert.DoesNotContain('\u001b', record.ToString());
        Assert.Contains("hostile/\\u001b[2Jrepo", record.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tags_that_are_not_valid_oci_tags_are_not_written_to_the_pipeline()
    {
        await using var registry = await InProcessServer.StartAsync((ctx, _) => Json(ctx, 200,
            """{"name":"hostile/repo","tags":["1.0.0","\u001b]0;pwned\u0007","latest"]}"""));

        var run = _ps.Run("Get-TofuOciTag -Repository $repo -PlainHttp | ForEach-Object Tag", ("repo", $"{registry.Authority}/hostile/repo")).AssertClean();

        Assert.Equal(["1.0.0", "latest"], run.Output.Select(o => o.BaseObject.ToString()));
    }

    private static async Task Json(HttpContext ctx, int status, string body)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body));
    }
}
