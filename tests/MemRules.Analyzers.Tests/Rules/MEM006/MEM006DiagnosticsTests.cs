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
            var messages = await DiagnosticMessages<MEM006UnreleasedEventSubscriptionAnalyzer>.OfAsync(Source + """
                public sealed class Watcher
                {
                    private int _version;
                    public Watcher(Source source)
                    {
                        [|source.Changed += OnChanged|];
                    }
                    private void OnChanged(object sender, EventArgs e) => _version++;
                }
                """);
            Assert.Equal(new[] { "The subscription to 'source.Changed' is never released: the publisher keeps this 'Watcher' alive" }, messages);
        }

        [Fact]
        public async Task Lambda_using_instance_members_has_the_lambda_message()
        {
            var messages = await DiagnosticMessages<MEM006UnreleasedEventSubscriptionAnalyzer>.OfAsync(Source + """
                public sealed class Watcher
                {
                    private int _version;
                    public Watcher(Source source)
                    {
                        [|source.Changed += (s, e) => _version++|];
                    }
                }
                """);
            Assert.Equal(new[] { "The lambda subscribed to 'source.Changed' can never be unsubscribed and keeps this 'Watcher' alive: keep the handler in a field and unsubscribe it in Dispose" }, messages);
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
                        [|Source.Global += OnChanged|];
                        [|AppDomain.CurrentDomain.ProcessExit += OnChanged|];
                        [|Console.CancelKeyPress += delegate { _count++; }|];
                    }
                    private void OnChanged(object sender, EventArgs e) => _count++;
                }
                """);
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
                        [|_source.Changed += OnChanged|];
                        [|other.Child.Changed += OnChanged|];
                    }
                    public void Attach(Source source) { [|source.Changed += this.OnChanged|]; }
                    public void Local(Source source)
                    {
                        void Handle(object s, EventArgs e) => _count++;
                        [|source.Changed += Handle|];
                    }
                    private void OnChanged(object sender, EventArgs e) => _count++;
                }
                """);
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
                        [|_source.Changed += OnChanged|];
                        [|Source.Global += OnChanged|];
                    }
                    private void OnChanged(object sender, EventArgs e) { }
                    private void OnOther(object sender, EventArgs e) { }
                    public void Dispose() { _source.Changed -= OnOther; Source.Global -= OnOther; }
                }
                """);
        }
    }
}
