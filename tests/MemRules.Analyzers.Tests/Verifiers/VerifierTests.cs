using System.Threading.Tasks;
using MemRules.Analyzers.CodeFixes.Rules;
using MemRules.Analyzers.Rules;
using Xunit;
using Xunit.Sdk;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM001UndisposedLocalAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM001UsingDeclarationCodeFix>;

namespace MemRules.Analyzers.Tests.Verifiers
{
    /// <summary>The verifier is only worth something if it fails: these prove that it does.</summary>
    public class VerifierTests
    {
        private const string Leak = """
            using System.IO;
            class C
            {
                void M()
                {
                    var s = [|File.OpenRead("a")|];
                    s.ReadByte();
                }
            }
            """;

        [Fact]
        public void Markup_parses_default_and_named_spans_and_nesting()
        {
            var (code, spans) = Markup.Parse("a[|b{|MEM002:c|}|]d");
            Assert.Equal("abcd", code);
            Assert.Equal(2, spans.Count);
            Assert.Null(spans[0].Id);
            Assert.Equal((1, 3), (spans[0].Span.Start, spans[0].Span.End));
            Assert.Equal("MEM002", spans[1].Id);
            Assert.Equal((2, 3), (spans[1].Span.Start, spans[1].Span.End));
        }

        [Fact]
        public async Task Passes_when_markup_matches() => await Verify.VerifyAnalyzerAsync(Leak);

        [Fact]
        public async Task Fails_on_a_missing_diagnostic()
        {
            var ex = await Assert.ThrowsAsync<XunitException>(() => Verify.VerifyAnalyzerAsync(Leak.Replace("[|", "").Replace("|]", "") + "\nclass D { void M() { [|System.Console.WriteLine()|]; } }"));
            Assert.Contains("missing", ex.Message);
            Assert.Contains("extra", ex.Message);
        }

        [Fact]
        public async Task Fails_on_an_unexpected_diagnostic()
        {
            var ex = await Assert.ThrowsAsync<XunitException>(() => Verify.VerifyAnalyzerAsync(Leak.Replace("[|", "").Replace("|]", "")));
            Assert.Contains("extra    MEM001", ex.Message);
        }

        [Fact]
        public async Task Fails_when_the_code_does_not_compile()
        {
            var ex = await Assert.ThrowsAsync<XunitException>(() => Verify.VerifyAnalyzerAsync("class C { void M() { int x = \"s\"; } }"));
            Assert.Contains("does not compile", ex.Message);
        }

        [Fact]
        public async Task Fails_when_the_fix_gives_other_code()
        {
            var ex = await Assert.ThrowsAsync<XunitException>(() => Verify.VerifyCodeFixAsync(Leak, Leak.Replace("var s = [|File.OpenRead(\"a\")|]", "using var s = File.OpenRead(\"b\")")));
            Assert.Contains("gave different code", ex.Message);
        }

        [Fact]
        public async Task Reads_editorconfig_options()
        {
            // With File.OpenRead's FileStream excluded, nothing is reported.
            await Verify.VerifyAnalyzerAsync(Leak.Replace("[|", "").Replace("|]", ""), editorConfig: "memrules.excluded_types = System.IO.FileStream");
        }
    }
}
