using MemRules.Analyzers.Ownership;
using MemRules.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace MemRules.Analyzers.Tests.Ownership
{
    /// <summary>
    /// <see cref="MethodSummaries"/> answers for a whole compilation, in whatever order the driver asks: an answer
    /// must not depend on which caller asked first (in a build that order changes with the files and the threads).
    /// </summary>
    public class MethodSummariesTests
    {
        // M0 → M1 → … → M6, and M6 only reads the stream: no method takes ownership of it. From M0 the chain is
        // deeper than a summary follows, so M0's answer is the cautious "takes it"; M3's own chain is short enough.
        private const string Chain = """
            using System.IO;
            public static class Chain
            {
                public static void M0(Stream s) => M1(s);
                public static void M1(Stream s) => M2(s);
                public static void M2(Stream s) => M3(s);
                public static void M3(Stream s) => M4(s);
                public static void M4(Stream s) => M5(s);
                public static void M5(Stream s) => M6(s);
                public static void M6(Stream s) { _ = s.Length; }
            }
            """;

        [Fact]
        public void An_answer_cut_short_for_one_caller_is_not_kept_for_the_others()
        {
            bool? fresh = Summaries(out var chain).TakesOwnership(Method(chain, "M3"), 0);

            var summaries = Summaries(out chain);
            Assert.True(summaries.TakesOwnership(Method(chain, "M0"), 0)); // too deep to follow: the cautious answer
            Assert.Equal(fresh, summaries.TakesOwnership(Method(chain, "M3"), 0));
            Assert.False(fresh);
        }

        private static MethodSummaries Summaries(out INamedTypeSymbol chain)
        {
            var compilation = TestProject.Compile(CSharpSyntaxTree.ParseText(Chain));
            chain = compilation.GetTypeByMetadataName("Chain")!;
            return KnownSymbols.TryCreate(compilation)!.Summaries;
        }

        private static IMethodSymbol Method(INamedTypeSymbol type, string name) => (IMethodSymbol)type.GetMembers(name)[0];
    }
}
