using System.Threading.Tasks;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM006UnreleasedEventSubscriptionAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM006UnsubscribeInDisposeCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM006
{
    /// <summary>Where Dispose cannot name the publisher or the handler again, no fix is offered.</summary>
    public class MEM006NoFixTests
    {
        private const string Source = """
            using System;
            public sealed class Source { public event EventHandler Changed; }
            """;

        [Fact]
        public async Task Method_parameter_publisher_gets_no_fix()
        {
            await Verify.VerifyNoCodeFixAsync(Source + """
                public sealed class Watcher
                {
                    public void Attach(Source source) { [|source.Changed += OnChanged|]; }
                    private void OnChanged(object sender, EventArgs e) { }
                }
                """);
        }

        [Fact]
        public async Task Lambda_outside_a_constructor_gets_no_fix()
        {
            await Verify.VerifyNoCodeFixAsync(Source + """
                public sealed class Watcher
                {
                    private readonly Source _source;
                    private int _count;
                    public Watcher(Source source) { _source = source; }
                    public void Start() { [|_source.Changed += (s, e) => _count++|]; }
                }
                """);
        }

        [Fact]
        public async Task Local_function_handler_gets_no_fix()
        {
            await Verify.VerifyNoCodeFixAsync(Source + """
                public sealed class Watcher
                {
                    private int _count;
                    public Watcher(Source source)
                    {
                        void Handle(object s, EventArgs e) => _count++;
                        [|source.Changed += Handle|];
                    }
                }
                """);
        }

        [Fact]
        public async Task Constructor_parameter_with_several_constructors_gets_no_fix()
        {
            await Verify.VerifyNoCodeFixAsync(Source + """
                public sealed class Watcher
                {
                    public Watcher() { }
                    public Watcher(Source source) { [|source.Changed += OnChanged|]; }
                    private void OnChanged(object sender, EventArgs e) { }
                }
                """);
        }

        [Fact]
        public async Task Publisher_hanging_from_a_parameter_gets_no_fix()
        {
            await Verify.VerifyNoCodeFixAsync(Source + """
                public sealed class Owner { public Source Child { get; } = new Source(); }
                public sealed class Watcher
                {
                    public Watcher(Owner owner) { [|owner.Child.Changed += OnChanged|]; }
                    private void OnChanged(object sender, EventArgs e) { }
                }
                """);
        }
    }
}
