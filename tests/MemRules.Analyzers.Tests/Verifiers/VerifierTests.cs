using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using MemRules.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using Xunit;
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

        private static string WithoutMarkup(string code) => code.Replace("[|", "").Replace("|]", "");

        [Fact]
        public void Markup_parses_default_and_named_spans_and_nesting()
        {
            // The framework's markup, which the tests write and the reliability inputs strip.
            TestFileMarkupParser.GetSpans("a[|b{|MEM002:c|}|]d{|#0:e|}", out var code, out ImmutableDictionary<string, ImmutableArray<TextSpan>> spans);
            Assert.Equal("abcde", code);
            Assert.Equal(TextSpan.FromBounds(1, 3), Assert.Single(spans[string.Empty]));
            Assert.Equal(TextSpan.FromBounds(2, 3), Assert.Single(spans["MEM002"]));
            Assert.Equal(TextSpan.FromBounds(4, 5), Assert.Single(spans["#0"]));
        }

        [Fact]
        public async Task Passes_when_markup_matches() => await Verify.VerifyAnalyzerAsync(Leak);

        [Fact]
        public async Task Fails_on_a_missing_diagnostic()
        {
            var ex = await Assert.ThrowsAnyAsync<Exception>(() => Verify.VerifyAnalyzerAsync(Leak + "\nclass D { void M() { [|System.Console.WriteLine()|]; } }"));
            Assert.Contains("Mismatch between number of diagnostics returned, expected \"2\" actual \"1\"", ex.Message);
        }

        [Fact]
        public async Task Fails_on_an_unexpected_diagnostic_or_message()
        {
            var ex = await Assert.ThrowsAnyAsync<Exception>(() => Verify.VerifyAnalyzerAsync(WithoutMarkup(Leak)));
            Assert.Contains("expected \"0\" actual \"1\"", ex.Message);
            Assert.Contains("MEM001", ex.Message);

            var located = Leak.Replace("[|", "{|#0:").Replace("|]", "|}");
            await Verify.VerifyAnalyzerAsync(located, Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(0).WithArguments("s", " (a file handle)"));
            ex = await Assert.ThrowsAnyAsync<Exception>(() => Verify.VerifyAnalyzerAsync(located, Verify.Diagnostic(Descriptors.MEM001NeverReleased).WithLocation(0).WithArguments("t", " (a file handle)")));
            Assert.Contains("'t' (a file handle) is created here but never disposed", ex.Message);
        }

        [Fact]
        public async Task Fails_when_the_code_does_not_compile()
        {
            var ex = await Assert.ThrowsAnyAsync<Exception>(() => Verify.VerifyAnalyzerAsync("class C { void M() { int x = \"s\"; } }"));
            Assert.Contains("CS0029", ex.Message);
        }

        [Fact]
        public async Task Fails_when_the_fix_gives_other_code_or_other_line_endings()
        {
            var ex = await Assert.ThrowsAnyAsync<Exception>(() => Verify.VerifyCodeFixAsync(Leak, WithoutMarkup(Leak).Replace("var s = File.OpenRead(\"a\")", "using var s = File.OpenRead(\"b\")")));
            Assert.Contains("With LF line endings", ex.Message);
            Assert.Contains("did not match", ex.Message);

            // A fix that writes "\n" whatever the document uses passes on LF and fails on CRLF.
            var fixedCode = WithoutMarkup(Leak).Replace("var s = File.OpenRead(\"a\");", "using var s = File.OpenRead(\"a\");\n// disposed");
            ex = await Assert.ThrowsAnyAsync<Exception>(() =>
                new CSharpCodeFixVerifier<MEM001UndisposedLocalAnalyzer, LineFeedOnlyFix>.Test { TestCode = Leak, FixedCode = fixedCode }.RunAsync());
            Assert.StartsWith("With CRLF line endings", ex.Message);
        }

        [Fact]
        public async Task Reads_editorconfig_options()
        {
            // With File.OpenRead's FileStream excluded, nothing is reported.
            await Verify.VerifyAnalyzerAsync(WithoutMarkup(Leak), editorConfig: "memrules.excluded_types = System.IO.FileStream");
        }

        /// <summary>Writes a using declaration and a comment after it, always with "\n".</summary>
        private sealed class LineFeedOnlyFix : CodeFixProvider
        {
            public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.UndisposedLocal);

            public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

            public override async Task RegisterCodeFixesAsync(CodeFixContext context)
            {
                var root = (await context.Document.GetSyntaxRootAsync(context.CancellationToken))!;
                var statement = root.FindNode(context.Span).FirstAncestorOrSelf<LocalDeclarationStatementSyntax>()!;
                var text = await context.Document.GetTextAsync(context.CancellationToken);
                var change = new TextChange(statement.Span, "using " + statement + "\n// disposed");
                context.RegisterCodeFix(
                    CodeAction.Create("LF only", _ => Task.FromResult(context.Document.WithText(text.WithChanges(change))), equivalenceKey: "LF only"),
                    context.Diagnostics);
            }
        }
    }
}
