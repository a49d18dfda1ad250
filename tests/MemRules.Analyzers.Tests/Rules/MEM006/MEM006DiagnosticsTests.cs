using System.Threading.Tasks;
using MemRules.Analyzers.Rules;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM006UnreleasedEventSubscriptionAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM006UnsubscribeInDisposeCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM006
{
    public class MEM006DiagnosticsTests
    {
        private const string Source = """
            using System;
            public sealed class Source
            {
                public event EventHandler Changed;
                public static event EventHandler Global;
                public Source Child { get; } = null;
            }
            """;

        [Fact]
        public async Task Injected_publisher_in_constructor_has_the_method_message()
        {
            await Verify.VerifyAnalyzerAsync(Source + """
                public sealed class Watcher
                {
                    private int _version;
                    public Watcher(Source source)
                    {
                        {|#0:source.Changed += OnChanged|};
                    }
                    private void OnChanged(object sender, EventArgs e) => _version++;
                }
                """,
                Verify.Diagnostic(Descriptors.MEM006NeverUnsubscribed).WithLocation(0).WithArguments("source.Changed", "Watcher"));
        }

        [Fact]
        public async Task Lambda_using_instance_members_has_the_lambda_message()
        {
            await Verify.VerifyAnalyzerAsync(Source + """
                public sealed class Watcher
                {
                    private int _version;
                    public Watcher(Source source)
                    {
                        {|#0:source.Changed += (s, e) => _version++|};
                    }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM006LambdaSubscription).WithLocation(0).WithArguments("source.Changed", "Watcher"));
        }

        [Fact]
        public async Task Static_events_and_static_members_outlive_the_subscriber()
        {
            await Verify.VerifyAnalyzerAsync(Source + """
                public sealed class Watcher
                {
                    private int _count;
                    public Watcher()
                    {
                        {|#0:Source.Global += OnChanged|};
                        {|#1:AppDomain.CurrentDomain.ProcessExit += OnChanged|};
                        {|#2:Console.CancelKeyPress += delegate { _count++; }|};
                    }
                    private void OnChanged(object sender, EventArgs e) => _count++;
                }
                """,
                Verify.Diagnostic(Descriptors.MEM006NeverUnsubscribed).WithLocation(0).WithArguments("Source.Global", "Watcher"),
                Verify.Diagnostic(Descriptors.MEM006NeverUnsubscribed).WithLocation(1).WithArguments("AppDomain.CurrentDomain.ProcessExit", "Watcher"),
                Verify.Diagnostic(Descriptors.MEM006LambdaSubscription).WithLocation(2).WithArguments("Console.CancelKeyPress", "Watcher"));
        }

        [Fact]
        public async Task Injected_fields_members_of_other_objects_and_public_method_parameters_are_reported()
        {
            await Verify.VerifyAnalyzerAsync(Source + """
                public sealed class Watcher
                {
                    private readonly Source _source;
                    private int _count;
                    public Watcher(Source source, Source other)
                    {
                        _source = source;
                        {|#0:_source.Changed += OnChanged|};
                        {|#1:other.Child.Changed += OnChanged|};
                    }
                    public void Attach(Source source) { {|#2:source.Changed += this.OnChanged|}; }
                    public void Local(Source source)
                    {
                        void Handle(object s, EventArgs e) => _count++;
                        {|#3:source.Changed += Handle|};
                    }
                    private void OnChanged(object sender, EventArgs e) => _count++;
                }
                """,
                Verify.Diagnostic(Descriptors.MEM006NeverUnsubscribed).WithLocation(0).WithArguments("_source.Changed", "Watcher"),
                Verify.Diagnostic(Descriptors.MEM006NeverUnsubscribed).WithLocation(1).WithArguments("other.Child.Changed", "Watcher"),
                Verify.Diagnostic(Descriptors.MEM006NeverUnsubscribed).WithLocation(2).WithArguments("source.Changed", "Watcher"),
                Verify.Diagnostic(Descriptors.MEM006NeverUnsubscribed).WithLocation(3).WithArguments("source.Changed", "Watcher"));
        }

        [Fact]
        public async Task Unsubscribing_another_handler_or_event_does_not_count()
        {
            await Verify.VerifyAnalyzerAsync(Source + """
                public sealed class Watcher : IDisposable
                {
                    private readonly Source _source;
                    public Watcher(Source source)
                    {
                        _source = source;
                        {|#0:_source.Changed += OnChanged|};
                        {|#1:Source.Global += OnChanged|};
                    }
                    private void OnChanged(object sender, EventArgs e) { }
                    private void OnOther(object sender, EventArgs e) { }
                    public void Dispose() { _source.Changed -= OnOther; Source.Global -= OnOther; }
                }
                """,
                Verify.Diagnostic(Descriptors.MEM006NeverUnsubscribed).WithLocation(0).WithArguments("_source.Changed", "Watcher"),
                Verify.Diagnostic(Descriptors.MEM006NeverUnsubscribed).WithLocation(1).WithArguments("Source.Global", "Watcher"));
        }
    }
}
