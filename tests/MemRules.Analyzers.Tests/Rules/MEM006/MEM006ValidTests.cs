using System.Threading.Tasks;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM006UnreleasedEventSubscriptionAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM006UnsubscribeInDisposeCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM006
{
    /// <summary>Correct code and the event patterns of FALSE-POSITIVES.md: no MEM006.</summary>
    public class MEM006ValidTests
    {
        private const string Source = """
            using System;
            public sealed class Source
            {
                public event EventHandler Changed;
                public static event EventHandler Global;
                public Action<int> Callback { get; set; }
            }
            """;

        [Fact]
        public async Task Matching_unsubscription_anywhere_in_the_type_releases_it()
        {
            await Verify.VerifyAnalyzerAsync(Source + """
                public sealed class Watcher : IDisposable
                {
                    private readonly Source _source;
                    public Watcher(Source source) { _source = source; source.Changed += OnChanged; Source.Global += OnChanged; }
                    private void OnChanged(object sender, EventArgs e) { }
                    public void Dispose() { _source.Changed -= OnChanged; Detach(); }
                    private void Detach() => Source.Global -= OnChanged;
                }
                """);
        }

        [Fact]
        public async Task Events_of_this_and_base_are_the_types_own_business()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                public class Base { public event EventHandler Loaded; public static event EventHandler Created; }
                public sealed class Derived : Base
                {
                    public event EventHandler Mine;
                    public Derived()
                    {
                        Loaded += OnLoaded;
                        this.Mine += OnLoaded;
                        base.Loaded += (s, e) => OnLoaded(s, e);
                        Created += OnLoaded;
                    }
                    private void OnLoaded(object sender, EventArgs e) { }
                }
                public sealed class Node
                {
                    public event EventHandler Changed;
                    public Node(Node parent) { parent.Changed += OnParentChanged; }
                    private void OnParentChanged(object sender, EventArgs e) => Changed?.Invoke(this, e);
                }
                """);
        }

        [Fact]
        public async Task Owned_timers_watchers_and_child_controls_are_not_reported()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.IO;
                using System.Timers;
                public class Button { public event EventHandler Click; }
                public class Form
                {
                    private readonly Timer _timer = new Timer(1000);
                    private readonly FileSystemWatcher _watcher;
                    private readonly Button _ok = new Button();
                    private Button _cancel;
                    public Form()
                    {
                        _watcher = new FileSystemWatcher(".");
                        _timer.Elapsed += OnElapsed;
                        _watcher.Changed += OnFileChanged;
                        _ok.Click += OnClick;
                        _cancel = new Button();
                        _cancel.Click += (s, e) => Close();
                        var help = new Button();
                        help.Click += OnClick;
                        AddChild(out var extra);
                        extra.Click += OnClick;
                    }
                    private void AddChild(out Button b) => b = new Button();
                    private void Close() { }
                    private void OnClick(object sender, EventArgs e) { }
                    private void OnElapsed(object sender, ElapsedEventArgs e) { }
                    private void OnFileChanged(object sender, FileSystemEventArgs e) { }
                }
                """);
        }

        [Fact]
        public async Task Static_code_and_static_handlers_capture_nothing_instance_bound()
        {
            await Verify.VerifyAnalyzerAsync(Source + """
                public static class Program
                {
                    public static void Main() { AppDomain.CurrentDomain.ProcessExit += OnExit; Source.Global += (s, e) => Console.WriteLine(); }
                    private static void OnExit(object sender, EventArgs e) { }
                }
                public sealed class Registrar
                {
                    static Registrar() { AppDomain.CurrentDomain.ProcessExit += OnExit; }
                    public Registrar(Source source)
                    {
                        source.Changed += OnStatic;
                        source.Changed += (s, e) => Console.WriteLine(e);
                        source.Changed += static (s, e) => Console.WriteLine(e);
                    }
                    private static void OnExit(object sender, EventArgs e) { }
                    private static void OnStatic(object sender, EventArgs e) { }
                }
                """);
        }

        [Fact]
        public async Task Delegate_typed_property_assignments_are_not_subscriptions()
        {
            await Verify.VerifyAnalyzerAsync(Source + """
                public sealed class Watcher
                {
                    private int _last;
                    public Watcher(Source source) { source.Callback = OnValue; source.Callback = v => _last = v; }
                    private void OnValue(int value) => _last = value;
                }
                """);
        }

        [Fact]
        public async Task Handlers_of_other_objects_and_stored_delegates_are_not_known_to_keep_this_alive()
        {
            await Verify.VerifyAnalyzerAsync(Source + """
                public sealed class Listener { public void On(object s, EventArgs e) { } }
                public sealed class Wiring
                {
                    private readonly EventHandler _handler = (s, e) => { };
                    public Wiring(Source source, Listener listener)
                    {
                        source.Changed += listener.On;
                        source.Changed += _handler;
                    }
                }
                """);
        }

        [Fact]
        public async Task Private_method_parameters_are_fed_by_the_type_itself()
        {
            await Verify.VerifyAnalyzerAsync(Source + """
                public sealed class View
                {
                    private int _value;
                    public View() { Configure(new Source()); }
                    private void Configure(Source bar) { bar.Changed += (s, e) => _value++; }
                }
                """);
        }

        [Fact]
        public async Task Local_function_kept_for_later_removal_is_not_reported()
        {
            await Verify.VerifyAnalyzerAsync(Source + """
                public sealed class ToolTips
                {
                    private readonly System.Collections.Generic.Dictionary<Source, EventHandler> _registrations = new System.Collections.Generic.Dictionary<Source, EventHandler>();
                    private int _shown;
                    public void Set(Source target)
                    {
                        target.Changed += OnChanged;
                        _registrations[target] = OnChanged;
                        void OnChanged(object s, EventArgs e) => _shown++;
                    }
                    public void Remove(Source target) { if (_registrations.TryGetValue(target, out var h)) target.Changed -= h; }
                }
                """);
        }

        [Fact]
        public async Task Field_publisher_of_unknown_origin_is_not_reported()
        {
            await Verify.VerifyAnalyzerAsync(Source + """
                public sealed class Watcher
                {
                    private Source _source;
                    private Source _created;
                    public Watcher(Source source)
                    {
                        _source.Changed += OnChanged;
                        _created = source ?? new Source();
                        _created.Changed += OnChanged;
                    }
                    private void OnChanged(object sender, EventArgs e) { }
                }
                """);
        }
    

        [Fact]
        public async Task Unsubscribing_through_a_stored_delegate_may_release_any_handler()
        {
            await Verify.VerifyAnalyzerAsync(Source + """
                public sealed class Registration { public Registration(EventHandler h) { Handler = h; } public EventHandler Handler { get; } }
                public sealed class ToolTips
                {
                    private Registration _registration;
                    public void Set(Source target)
                    {
                        target.Changed += OnChanged;
                        _registration = new Registration(OnChanged);
                    }
                    public void Remove(Source target) => target.Changed -= _registration.Handler;
                    private void OnChanged(object s, EventArgs e) { }
                }
                """);
        }
    }
}
