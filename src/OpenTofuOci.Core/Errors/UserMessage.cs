using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace OpenTofuOci.Core.Errors;

/// <summary>
/// A message for the user, built from an interpolated string in which options and commands are
/// <see cref="UserOption"/>, <see cref="UserCommand"/> or <see cref="UserInvocation"/> values: they are
/// written in the <see cref="OptionSpelling.Current"/> spelling and remembered in
/// <see cref="Options"/>. Every other value is formatted exactly as string interpolation formats it.
/// </summary>
/// <remarks>
/// <see cref="TofuOciException"/> takes a <see cref="UserMessage"/>, so <c>$"… {UserOption.Force} …"</c>
/// passed to it is built here. The same text typed as <see cref="string"/> would print the enum's
/// name, which the tests forbid (tests/OpenTofuOci.Core.Tests/Wording).
/// </remarks>
[InterpolatedStringHandler]
public sealed class UserMessage
{
    private readonly StringBuilder _text;
    private readonly List<UserOption> _options = [];
    private readonly List<UserCommand> _commands = [];

    /// <summary>Called by the compiler for an interpolated string.</summary>
    public UserMessage(int literalLength, int formattedCount)
    {
        _text = new StringBuilder(literalLength + (formattedCount * 16));
    }

    private UserMessage(string text)
    {
        _text = new StringBuilder(text);
    }

    /// <summary>The text, options spelled for the front end that was running when it was built.</summary>
    public string Text => _text.ToString();

    /// <summary>The options the text names, in order of first mention.</summary>
    public IReadOnlyList<UserOption> Options => _options;

    /// <summary>The commands the text names, in order of first mention.</summary>
    public IReadOnlyList<UserCommand> Commands => _commands;

    /// <summary>Plain text that names no option.</summary>
    public static implicit operator UserMessage(string text) => FromString(text);

    /// <summary>The two messages one after the other.</summary>
    public static UserMessage operator +(UserMessage left, UserMessage right) => Add(left, right);

    /// <summary>Plain text that names no option.</summary>
    public static UserMessage FromString(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new UserMessage(text);
    }

    /// <summary>The two messages one after the other.</summary>
    public static UserMessage Add(UserMessage left, UserMessage right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var sum = new UserMessage(left.Text);
        sum.Merge(left);
        sum.AppendFormatted(right);
        return sum;
    }

    /// <summary>Called by the compiler for the literal parts.</summary>
    public void AppendLiteral(string value) => _text.Append(value);

    /// <summary>Writes the option as the running front end spells it.</summary>
    public void AppendFormatted(UserOption option)
    {
        _text.Append(OptionSpelling.Current.OptionName(option));
        Remember(_options, option);
    }

    /// <summary>Writes the command as the running front end spells it.</summary>
    public void AppendFormatted(UserCommand command)
    {
        _text.Append(OptionSpelling.Current.CommandName(command));
        Remember(_commands, command);
    }

    /// <summary>Writes the command line as the running front end spells it in a sentence (in backticks).</summary>
    public void AppendFormatted(UserInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        _text.Append(OptionSpelling.Current.CommandLineInText(invocation));
        Remember(_commands, invocation.Command);
        foreach (var option in invocation.Options)
        {
            Remember(_options, option.Option);
        }
    }

    /// <summary>Writes another message, keeping what it names.</summary>
    public void AppendFormatted(UserMessage? message)
    {
        if (message is not null)
        {
            _text.Append(message._text);
            Merge(message);
        }
    }

    /// <summary>Writes text as it is.</summary>
    public void AppendFormatted(string? value) => _text.Append(value);

    /// <summary>Writes characters as they are.</summary>
    public void AppendFormatted(ReadOnlySpan<char> value) => _text.Append(value);

    /// <summary>Writes a value as string interpolation would.</summary>
    public void AppendFormatted<T>(T value) => AppendFormatted(value, 0, null);

    /// <summary>Writes a value with a format, as string interpolation would.</summary>
    public void AppendFormatted<T>(T value, string? format) => AppendFormatted(value, 0, format);

    /// <summary>Writes a value padded to a width, as string interpolation would.</summary>
    public void AppendFormatted<T>(T value, int alignment) => AppendFormatted(value, alignment, null);

    /// <summary>Writes a value with a format, padded to a width, as string interpolation would.</summary>
    public void AppendFormatted<T>(T value, int alignment, string? format)
    {
        var text = value is IFormattable formattable ? formattable.ToString(format, CultureInfo.CurrentCulture) : value?.ToString();
        text ??= string.Empty;
        if (alignment > 0)
        {
            text = text.PadLeft(alignment);
        }
        else if (alignment < 0)
        {
            text = text.PadRight(-alignment);
        }

        _text.Append(text);
    }

    /// <inheritdoc/>
    public override string ToString() => Text;

    private void Merge(UserMessage other)
    {
        foreach (var option in other._options)
        {
            Remember(_options, option);
        }

        foreach (var command in other._commands)
        {
            Remember(_commands, command);
        }
    }

    private static void Remember<T>(List<T> list, T item)
    {
        if (!list.Contains(item))
        {
            list.Add(item);
        }
    }
}
