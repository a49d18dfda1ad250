using System;
using System.IO;
using System.Threading.Tasks;
using MemRules.Analyzers.Rules;
using MemRules.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace MemRules.Analyzers.Tests.Rules.MEM001
{
    /// <summary>README's sample keeps one mistake per rule: Relay.cs holds MEM001, MEM003 and MEM004, each once, where its comment says.</summary>
    public class RelaySampleTests
    {
        private static readonly string Relay = File.ReadAllText(RepositoryPaths.Combine("tests", "Sample", "Relay.cs"));

        [Fact]
        public async Task Checksum_fires_MEM001()
        {
            await CSharpAnalyzerVerifier<MEM001UndisposedLocalAnalyzer>.VerifyAnalyzerAsync(
                Relay,
                At(CSharpAnalyzerVerifier<MEM001UndisposedLocalAnalyzer>.Diagnostic(Descriptors.MEM001NeverReleased), "new FileStream(path, FileMode.Open, FileAccess.Read)")
                    .WithArguments("stream", " (a file handle)"));
        }

        [Fact]
        public async Task ReadHeaderAsync_fires_MEM003()
        {
            await CSharpAnalyzerVerifier<MEM003CleanupOutsideFinallyAnalyzer>.VerifyAnalyzerAsync(
                Relay,
                At(CSharpAnalyzerVerifier<MEM003CleanupOutsideFinallyAnalyzer>.Diagnostic(Descriptors.MEM003CleanupNotInFinally), "reader.Dispose()", after: "ReadHeaderAsync")
                    .WithArguments("reader", " (a file handle)", "reader.ReadLineAsync()"));
        }

        [Fact]
        public async Task CountLines_fires_MEM004()
        {
            await CSharpAnalyzerVerifier<MEM004TryFinallyToUsingAnalyzer>.VerifyAnalyzerAsync(
                Relay,
                At(CSharpAnalyzerVerifier<MEM004TryFinallyToUsingAnalyzer>.Diagnostic(Descriptors.MEM004UseUsing), "reader.Dispose()", after: "CountLines")
                    .WithArguments("reader"));
        }

        /// <summary>The expected diagnostic at the first <paramref name="code"/> in Relay.cs (after the first <paramref name="after"/>).</summary>
        private static DiagnosticResult At(DiagnosticResult expected, string code, string? after = null)
        {
            int start = Relay.IndexOf(code, after == null ? 0 : Relay.IndexOf(after, StringComparison.Ordinal), StringComparison.Ordinal);
            var span = SourceText.From(Relay).Lines.GetLinePositionSpan(new TextSpan(start, code.Length));
            return expected.WithSpan(span.Start.Line + 1, span.Start.Character + 1, span.End.Line + 1, span.End.Character + 1);
        }
    }
}
