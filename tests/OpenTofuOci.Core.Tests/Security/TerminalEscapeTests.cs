using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Tests.Cli;
using OpenTofuOci.TestFixtures;
using static OpenTofuOci.Core.Tests.Remote.RemoteTestKit;

namespace OpenTofuOci.Core.Tests.Security;

/// <summary>
/// Text a registry chooses never reaches the terminal raw: an in-process hostile registry puts
/// "set the window title" (ESC ] 0 ; … BEL) and "clear the screen" (ESC [ 2 J) into its error code,
/// message and detail, and into tag names. tofu-oci shows the errors escaped and leaves such tags out.
/// </summary>
public sealed class TerminalEscapeTests
{
    private const string Hostile = "\u001b]0;pwned\u0007\u001b[2Jdenied";
    private const string Escaped = "\\u001b]0;pwned\\u0007\\u001b[2Jdenied";

    [Fact]
    public async Task Registry_error_code_message_and_detail_are_shown_with_control_characters_escaped()
    {
        await using var registry = await InProcessServer.StartAsync((ctx, _) =>
            WriteAsync(ctx, 403, Encoding.UTF8.GetBytes(
                $$"""{"errors":[{"code":"DENIED\u001b[2J","message":"{{Json(Hostile)}}","detail":"{{Json(Hostile)}}"}]}"""), "application/json"));

        var result = await CliRunner.RunAsync("tags", $"{registry.Authority}/hostile/repo", "--plain-http");

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain('\u001b', result.Error);
        Assert.DoesNotContain('\u0007', result.Error);
        Assert.Contains($"DENIED\\u001b[2J: {Escaped} ({Escaped})", result.Error, StringComparison.Ordinal);
        Assert.EndsWith("[Denied]\n", result.Error.Split("\n  ")[0] + "\n", StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reason_phrase_from_a_raw_socket_server_is_shown_with_control_characters_escaped()
    {
        // HttpListener will not send a reason phrase with control characters; a raw socket will.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        var serving = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = await listener.AcceptTcpClientAsync(stop.Token);
                var stream = client.GetStream();
                var buffer = new byte[8192];
                _ = await stream.ReadAsync(buffer, stop.Token);
                await stream.WriteAsync(Encoding.Latin1.GetBytes("HTTP/1.1 418 \u001b]0;pwned\u0007\u001b[2Jteapot\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), stop.Token);
            }
        });

        var result = await CliRunner.RunAsync("tags", $"127.0.0.1:{port}/hostile/repo", "--plain-http");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => serving);

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain('\u001b', result.Error);
        Assert.DoesNotContain('\u0007', result.Error);
        Assert.Contains("answered 418 \\u001b]0;pwned\\u0007\\u001b[2Jteapot.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_typed_with_an_escape_sequence_is_shown_escaped_in_the_error_line()
    {
        var result = await CliRunner.RunAsync("tags", "127.0.0.1:9/hostile/\u001b[2Jrepo", "--plain-http");

        Assert.Equal(2, result.ExitCode);
        Assert.DoesNotContain('\u001b', result.Error);
        Assert.Contains("hostile/\\u001b[2Jrepo", result.Error, StringComparison.Ordinal);
        Assert.EndsWith("[InvalidReference]\n", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_keeps_its_lines_and_is_returned_as_it_is_without_control_characters()
    {
        const string Plain = "one\ntwo C:\\users\\me";
        Assert.Same(Plain, UntrustedText.EscapeMessage(Plain));
        Assert.Equal("one \\u001b[2J\ntwo\\u000d \\\\u", UntrustedText.EscapeMessage("one \u001b[2J\ntwo\r \\u"));
    }

    [Fact]
    public void Untrusted_text_escapes_control_characters_and_keeps_the_escape_unforgeable()
    {
        Assert.Equal("a\\u001b[2J\\u0007\\u009b\\u007fz", UntrustedText.Escape("a\u001b[2J\u0007\u009b\u007fz"));
        Assert.Equal("a\\\\u001b", UntrustedText.Escape("a\\u001b"));
        Assert.Equal("tab\\u0009new\\u000aline é 😀", UntrustedText.Escape("tab\tnew\nline é 😀"));
        Assert.Equal("lone \\ud800", UntrustedText.Escape("lone \ud800"));
        Assert.Same("plain", UntrustedText.Escape("plain"));
        Assert.Null(UntrustedText.Escape(null));
    }

    [Fact]
    public async Task Tags_that_are_not_valid_oci_tags_are_left_out_of_the_tag_list()
    {
        await using var registry = await InProcessServer.StartAsync((ctx, _) =>
            WriteAsync(ctx, 200, Encoding.UTF8.GetBytes(
                $$"""{"name":"hostile/repo","tags":["1.0.0","{{Json(Hostile)}}","2.0.0\u001b]0;x\u0007","latest"]}"""), "application/json"));

        var result = await CliRunner.RunAsync("tags", $"{registry.Authority}/hostile/repo", "--plain-http");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("TAG     VERSION\n1.0.0   1.0.0\nlatest  -\n", result.Out.ReplaceLineEndings("\n"));
        Assert.DoesNotContain('\u001b', result.Out + result.Error);
    }

    private static string Json(string text) => text.Replace("\u001b", "\\u001b", StringComparison.Ordinal).Replace("\u0007", "\\u0007", StringComparison.Ordinal);
}
