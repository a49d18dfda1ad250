using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MemRules.Analyzers.Rules;
using MemRules.Analyzers.Tests.Verifiers;
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
            var diagnostics = await new DiagnosticsOf<MEM001UndisposedLocalAnalyzer> { TestCode = Relay }.GetAsync();
            var d = Assert.Single(diagnostics);
            Assert.Equal("'stream' is created here but never disposed", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        }

        [Fact]
        public async Task ReadHeaderAsync_fires_MEM003()
        {
            var diagnostics = await new DiagnosticsOf<MEM003CleanupOutsideFinallyAnalyzer> { TestCode = Relay }.GetAsync();
            Assert.Equal("reader.Dispose()", Assert.Single(diagnostics).Location.SourceTree!.GetText().ToString(Assert.Single(diagnostics).Location.SourceSpan));
        }

        [Fact]
        public async Task CountLines_fires_MEM004()
        {
            var diagnostics = await new DiagnosticsOf<MEM004TryFinallyToUsingAnalyzer> { TestCode = Relay }.GetAsync();
            Assert.Equal("The finally block only disposes 'reader': a using declaration says it better", Assert.Single(diagnostics).GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(diagnostics.Single().Location.GetLineSpan().StartLinePosition.Line > Relay.Split('\n').ToList().FindIndex(l => l.Contains("CountLines")));
        }
    }
}
