using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using MemRules.Analyzers.Ownership;
using MemRules.Analyzers.Tests.Reliability;
using MemRules.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Xunit;
using Xunit.Abstractions;

namespace MemRules.Analyzers.Tests.Ownership
{
    /// <summary>
    /// <see cref="StraightLineRelease"/> answers for some resources without a control flow graph. Wherever it
    /// answers, its answer must be the graph's: same leak verdict, same unprotected releases (MEM001 and
    /// MEM003 would otherwise change with a method's size). Checked on every test input, the sample,
    /// generated code, and shapes built to sit on the fast path's borders.
    /// </summary>
    public class StraightLineReleaseTests
    {
        private const string Borders = """
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Threading.Tasks;

            public class Borders
            {
                private readonly List<Stream> _kept = new();
                private static void Use(Stream s) { }
                private static int Throws() => throw new InvalidOperationException();

                public void DeadBranchThrows(string p) { var s = new FileStream(p, FileMode.Open); if (false) { Throws(); } s.Dispose(); }
                public void ShortCircuitConstant(string p) { var s = new FileStream(p, FileMode.Open); bool b = false && Throws() > 0; s.Dispose(); }
                public void NothingThrows(string p) { var s = new FileStream(p, FileMode.Open); int x = 1; x++; s.Dispose(); }
                public void SomethingThrows(string p) { var s = new FileStream(p, FileMode.Open); s.WriteByte(1); s.Dispose(); }
                public void LambdaNotRun(string p) { var s = new FileStream(p, FileMode.Open); Action a = () => Throws(); s.Dispose(); }
                public void InFinally(string p) { try { } finally { var s = new FileStream(p, FileMode.Open); s.WriteByte(1); s.Dispose(); } }
                public void ConditionalRelease(string p, bool c) { var s = new FileStream(p, FileMode.Open); if (c) { s.Dispose(); } s.Dispose(); }
                public void EarlyReturn(string p, bool c) { var s = new FileStream(p, FileMode.Open); if (c) { return; } s.Dispose(); }
                public void Loop(string p, int[] xs) { var s = new FileStream(p, FileMode.Open); foreach (var x in xs) { } s.Dispose(); }
                public void Alias(string p) { var s = new FileStream(p, FileMode.Open); var t = s; t.WriteByte(1); s.Dispose(); }
                public void NullCheck(string p) { var s = new FileStream(p, FileMode.Open); if (s != null) { s.WriteByte(1); } s.Dispose(); }
                public void HandedOn(string p) { var s = new FileStream(p, FileMode.Open); _kept.Add(s); s.Dispose(); }
                public void PassedOn(string p) { var s = new FileStream(p, FileMode.Open); Use(s); s.Dispose(); }
                public void Reassigned(string p) { var s = new FileStream(p, FileMode.Open); s = new FileStream(p, FileMode.Open); s.Dispose(); }
                public void UsingBetween(string p) { var s = new FileStream(p, FileMode.Open); using var r = new StreamReader(p); s.Dispose(); }
                public void ConditionalAccess(string p) { var s = new FileStream(p, FileMode.Open); s?.WriteByte(1); s.Dispose(); }
                public void Close(string p) { var s = new FileStream(p, FileMode.Open); s.WriteByte(1); s.Close(); }
                public void InLoopBody(string p, int n) { for (int i = 0; i < n; i++) { var s = new FileStream(p, FileMode.Open); s.WriteByte(1); s.Dispose(); } }
                public void Throw(string p, bool c) { var s = new FileStream(p, FileMode.Open); if (c) throw new Exception(); s.Dispose(); }
                public void Switch(string p, int c) { var s = new FileStream(p, FileMode.Open); int y = c switch { 1 => 2, _ => Throws() }; s.Dispose(); }
                public async Task Async(string p) { var s = new FileStream(p, FileMode.Open); await s.FlushAsync(); await s.DisposeAsync(); }
                public async Task AsyncConfigured(string p) { var s = new FileStream(p, FileMode.Open); await s.DisposeAsync().ConfigureAwait(false); }
                public void Catch(string p) { try { Throws(); } catch { var s = new FileStream(p, FileMode.Open); s.WriteByte(1); s.Dispose(); } }
                public void Coalesce(string p, Stream? other) { var s = new FileStream(p, FileMode.Open); var x = other ?? (Stream)s; s.Dispose(); }
                public void Interpolated(string p, int n) { var s = new FileStream(p, FileMode.Open); var text = $"{n}{s.Length}"; s.Dispose(); }
            }
            """;

        private readonly ITestOutputHelper _output;

        public StraightLineReleaseTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void Where_the_straight_line_path_answers_the_graph_gives_the_same_answer()
        {
            var inputs = new List<(string Name, string Code)> { ("Borders.cs", Borders) };
            inputs.AddRange(TestInputs.FromRuleTests);
            inputs.AddRange(TestInputs.Sample);
            inputs.AddRange(TestInputs.Generated(seed: 5, lines: 6_000));

            int settled = 0, unprotected = 0, toGraph = 0;
            var disagreements = new List<string>();
            var borderPaths = new SortedDictionary<string, bool>(System.StringComparer.Ordinal);
            foreach (var (name, code) in inputs)
            {
                var tree = CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest), path: name);
                var compilation = TestProject.Compile(tree);
                var known = KnownSymbols.TryCreate(compilation);
                if (known == null)
                {
                    continue;
                }

                var options = new MemRulesOptions.Cache(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty)).For(tree);
                var model = compilation.GetSemanticModel(tree);
                foreach (var body in tree.GetRoot().DescendantNodes().Where(n => n is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax))
                {
                    if (model.GetOperation(body) is not { } root || root.Parent != null)
                    {
                        continue;
                    }

                    foreach (var resource in LocalResources.Find(root, known, options).Locals ?? new List<LocalResource>())
                    {
                        if (resource.IsCaptured)
                        {
                            continue;
                        }

                        long budget = long.MaxValue;
                        var fast = StraightLineRelease.TryAnalyze(resource, known, options, ref budget);
                        if (name == "Borders.cs")
                        {
                            borderPaths[((IMethodSymbol)model.GetDeclaredSymbol(body)!).Name] = fast != null;
                        }

                        if (fast == null)
                        {
                            toGraph++;
                            continue;
                        }

                        var graph = FunctionGraphs.Of(FunctionGraphs.OfRoot(root, default)!, resource.Function, default);
                        Assert.NotNull(graph);
                        var slow = new LocalResourceWalk(graph!).Analyze(resource, known, options);
                        settled++;
                        unprotected += fast.UnprotectedReleases.Count;
                        if (fast.Leak != slow.Leak || Spans(fast) != Spans(slow))
                        {
                            disagreements.Add($"{name}:{resource.Acquisition.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1} " +
                                $"'{resource.Local.Name}': straight line {fast.Leak} [{Spans(fast)}], graph {slow.Leak} [{Spans(slow)}]");
                        }
                    }
                }
            }

            _output.WriteLine($"{settled} resources settled without a graph ({unprotected} unprotected releases), {toGraph} left to the graph");
            _output.WriteLine("straight line: " + string.Join(", ", borderPaths.Where(p => p.Value).Select(p => p.Key)));
            Assert.Empty(disagreements);

            // Both outcomes occur on the straight-line path, and each border lands on the side it was written for.
            Assert.True(settled >= 20, $"only {settled} resources took the straight-line path");
            Assert.True(unprotected > 0 && unprotected < settled, $"{unprotected} of {settled} releases unprotected");
            var straight = new[]
            {
                "Async", "AsyncConfigured", "Catch", "Close", "DeadBranchThrows", "InFinally", "InLoopBody", "Interpolated", "LambdaNotRun",
                "NothingThrows", "NullCheck", "PassedOn", "ShortCircuitConstant", "SomethingThrows", "UsingBetween",
            };
            Assert.Equal(straight, borderPaths.Where(p => p.Value).Select(p => p.Key));
            Assert.Equal(
                new[] { "Alias", "Coalesce", "ConditionalAccess", "ConditionalRelease", "EarlyReturn", "HandedOn", "Loop", "Reassigned", "Switch", "Throw" },
                borderPaths.Where(p => !p.Value).Select(p => p.Key));
        }

        private static string Spans(LocalResourceOutcome outcome) =>
            string.Join(",", outcome.UnprotectedReleases.Select(r => r.Release.Syntax.Span.ToString()).OrderBy(s => s, System.StringComparer.Ordinal));
    }
}
