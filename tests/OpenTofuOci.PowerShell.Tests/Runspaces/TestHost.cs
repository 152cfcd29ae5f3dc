using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace OpenTofuOci.PowerShell.Tests.Runspaces;

/// <summary>How <see cref="TestHost"/> answers a <c>-Confirm</c> prompt.</summary>
public enum ConfirmAnswer
{
    Yes,
    YesToAll,
    No,
    NoToAll,
}

/// <summary>A <c>-Confirm</c> question as the host was asked it.</summary>
public sealed record HostPrompt(string Caption, string Message, IReadOnlyList<string> Choices);

/// <summary>
/// A minimal PowerShell host for one runspace: its UI records every line PowerShell writes to the
/// console (the What-if text goes only there, not to any stream) and answers <c>-Confirm</c> prompts
/// with <see cref="Answer"/>. Asking it for anything else (a credential, a line of input) fails the
/// test, because a cmdlet must never block on a prompt the user did not ask for.
/// </summary>
public sealed class TestHost : PSHost
{
    private readonly TestHostUserInterface _ui = new();

    public override string Name => "OpenTofuOciTestHost";

    public override Version Version { get; } = new(1, 0);

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override PSHostUserInterface UI => _ui;

    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

    /// <summary>The answer to every confirmation prompt.</summary>
    public ConfirmAnswer Answer
    {
        get => _ui.Answer;
        set => _ui.Answer = value;
    }

    /// <summary>Answers for the next prompts, in order; <see cref="Answer"/> after they are used up.</summary>
    public void AnswerInTurn(params ConfirmAnswer[] answers) => _ui.Queue(answers);

    /// <summary>Lines written to the host console (What-if text, Write-Host), in order.</summary>
    public IReadOnlyList<string> Lines => _ui.Snapshot();

    /// <summary>Confirmation prompts shown, in order.</summary>
    public IReadOnlyList<HostPrompt> Prompts => _ui.PromptSnapshot();

    /// <summary>Forgets what was recorded and answers Yes again: the host is reused by the next test.</summary>
    public void Reset()
    {
        _ui.Clear();
        _ui.Queue([]);
        Answer = ConfirmAnswer.Yes;
    }

    /// <summary>Forgets what was recorded (before each run), keeping the answer.</summary>
    public void ClearRecords() => _ui.Clear();

    public override void SetShouldExit(int exitCode)
    {
    }

    public override void EnterNestedPrompt() => throw new NotSupportedException("nested prompts are not supported by the test host");

    public override void ExitNestedPrompt() => throw new NotSupportedException("nested prompts are not supported by the test host");

    public override void NotifyBeginApplication()
    {
    }

    public override void NotifyEndApplication()
    {
    }

    private sealed class TestHostUserInterface : PSHostUserInterface
    {
        private readonly List<string> _lines = [];
        private readonly List<HostPrompt> _prompts = [];
        private readonly System.Text.StringBuilder _partial = new();
        private readonly Queue<ConfirmAnswer> _next = new();

        public ConfirmAnswer Answer { get; set; }

        public override PSHostRawUserInterface RawUI { get; } = new TestRawUserInterface();

        public IReadOnlyList<string> Snapshot()
        {
            lock (_lines)
            {
                return _partial.Length == 0 ? [.. _lines] : [.. _lines, _partial.ToString()];
            }
        }

        public IReadOnlyList<HostPrompt> PromptSnapshot()
        {
            lock (_lines)
            {
                return [.. _prompts];
            }
        }

        public void Clear()
        {
            lock (_lines)
            {
                _lines.Clear();
                _prompts.Clear();
                _partial.Clear();
            }
        }

        public void Queue(IEnumerable<ConfirmAnswer> answers)
        {
            lock (_lines)
            {
                _next.Clear();
                foreach (var answer in answers)
                {
                    _next.Enqueue(answer);
                }
            }
        }

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            var labels = choices.Select(c => c.Label.Replace("&", string.Empty, StringComparison.Ordinal)).ToList();
            ConfirmAnswer answer;
            lock (_lines)
            {
                _prompts.Add(new HostPrompt(caption, message, labels));
                answer = _next.Count > 0 ? _next.Dequeue() : Answer;
            }

            var wanted = answer switch
            {
                ConfirmAnswer.Yes => "Yes",
                ConfirmAnswer.YesToAll => "Yes to All",
                ConfirmAnswer.No => "No",
                _ => "No to All",
            };
            var index = labels.IndexOf(wanted);
            return index >= 0 ? index : throw new InvalidOperationException($"The prompt \"{message}\" offers no \"{wanted}\": {string.Join(", ", labels)}");
        }

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
            throw new NotSupportedException($"A cmdlet prompted for input: {caption} {message}");

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
            throw new NotSupportedException($"A cmdlet prompted for a credential: {caption} {message}");

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
            PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
            throw new NotSupportedException($"A cmdlet prompted for a credential: {caption} {message}");

        public override string ReadLine() => throw new NotSupportedException("A cmdlet read a line from the host.");

        public override SecureString ReadLineAsSecureString() => throw new NotSupportedException("A cmdlet read a secret from the host.");

        public override void Write(string value) => Append(value, newLine: false);

        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Append(value, newLine: false);

        public override void WriteLine(string value) => Append(value, newLine: true);

        public override void WriteErrorLine(string value) => Append(value, newLine: true);

        public override void WriteDebugLine(string message) => Append("DEBUG: " + message, newLine: true);

        public override void WriteVerboseLine(string message) => Append("VERBOSE: " + message, newLine: true);

        public override void WriteWarningLine(string message) => Append("WARNING: " + message, newLine: true);

        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
            // The PowerShell instance's progress stream records them with their timing.
        }

        private void Append(string value, bool newLine)
        {
            lock (_lines)
            {
                _partial.Append(value);
                if (newLine)
                {
                    _lines.Add(_partial.ToString());
                    _partial.Clear();
                }
            }
        }
    }

    private sealed class TestRawUserInterface : PSHostRawUserInterface
    {
        public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

        public override Size BufferSize { get; set; } = new(200, 50);

        public override Coordinates CursorPosition { get; set; }

        public override int CursorSize { get; set; } = 1;

        public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

        public override bool KeyAvailable => false;

        public override Size MaxPhysicalWindowSize => new(200, 50);

        public override Size MaxWindowSize => new(200, 50);

        public override Coordinates WindowPosition { get; set; }

        public override Size WindowSize { get; set; } = new(200, 50);

        public override string WindowTitle { get; set; } = string.Empty;

        public override void FlushInputBuffer()
        {
        }

        public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();

        public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException("A cmdlet read a key from the host.");

        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) => throw new NotSupportedException();

        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) => throw new NotSupportedException();

        public override void SetBufferContents(Rectangle rectangle, BufferCell fill) => throw new NotSupportedException();
    }
}
