using System.Threading.Tasks;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM006UnreleasedEventSubscriptionAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM001UsingDeclarationCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM006
{
    public class MEM006DiagnosticsTests
    {
        [Fact]
        public async Task Injected_publisher_in_constructor()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                public sealed class Source { public event EventHandler Changed; }
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
        }
    }
}
