using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using MemRules.Analyzers.Ownership;
using MemRules.Analyzers.Rules;
using MemRules.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace MemRules.Analyzers.Tests.Ownership
{
    /// <summary>
    /// MEM001, MEM003 and MEM004 find their code in a semantic-model action (<see cref="MemRules.Analyzers.Ownership.CodeBlocks"/>)
    /// instead of code-block actions: every piece of code the driver would have handed them must still be
    /// analyzed, with the member it belongs to, and code marked <c>[GeneratedCode]</c> must still be left alone.
    /// </summary>
    public class CodeBlocksTests
    {
        private const string Pieces = """
            using System;
            using System.CodeDom.Compiler;
            using System.IO;

            public class Base { public Base(int b) { } }

            public class Pieces(string path) : Base(new FileStream(path, FileMode.Open).ReadByte())
            {
                private readonly int _a = 1, _b = new FileStream("b", FileMode.Open).ReadByte();
                public int Initialized { get; } = new FileStream("i", FileMode.Open).ReadByte();
                public int Arrow => new FileStream("a", FileMode.Open).ReadByte();
                public int this[int i] => new FileStream("x", FileMode.Open).ReadByte();
                public int Accessor { get { return new FileStream("g", FileMode.Open).ReadByte(); } }
                public event EventHandler Changed { add { new FileStream("e", FileMode.Open).ReadByte(); } remove { } }
                public Pieces() : this(new FileStream("c", FileMode.Open).Name) { }
                public int Method() { int Local() => new FileStream("l", FileMode.Open).ReadByte(); return Local(); }
                public Func<int> Lambda() => () => new FileStream("m", FileMode.Open).ReadByte();
                public static Pieces operator +(Pieces p, Pieces q) { new FileStream("o", FileMode.Open).ReadByte(); return p; }
                [GeneratedCode("tool", "1")] public int Generated() => new FileStream("n", FileMode.Open).ReadByte();
                [GeneratedCode("tool", "1")] public int GeneratedProperty => new FileStream("n", FileMode.Open).ReadByte();
            }

            [GeneratedCode("tool", "1")]
            public class GeneratedType { public int M() => new FileStream("n", FileMode.Open).ReadByte(); }
            """;

        private const string TopLevel = """
            using System.IO;
            var first = new FileStream("t", FileMode.Open).ReadByte();
            """;

        [Fact]
        public async Task Every_piece_of_code_is_analyzed_as_its_member_and_generated_code_is_not()
        {
            var diagnostics = await AnalyzeAsync(new MEM001UndisposedLocalAnalyzer());
            var reported = diagnostics.Select(d => (d.Location.SourceTree!.FilePath, d.Location.GetLineSpan().StartLinePosition.Line + 1, d.Properties[DiagnosticProperties.Member]))
                .OrderBy(r => r.FilePath).ThenBy(r => r.Item2).ToList();
            Assert.Equal(
                new[]
                {
                    ("pieces.cs", 7, "Pieces.Pieces(string)"),
                    ("pieces.cs", 9, "Pieces._b"),
                    ("pieces.cs", 10, "Pieces.Initialized"),
                    ("pieces.cs", 11, "Pieces.Arrow.get"),
                    ("pieces.cs", 12, "Pieces.this[int].get"),
                    ("pieces.cs", 13, "Pieces.Accessor.get"),
                    ("pieces.cs", 14, "Pieces.Changed.add"),
                    ("pieces.cs", 15, "Pieces.Pieces()"),
                    ("pieces.cs", 16, "Pieces.Method()"),
                    ("pieces.cs", 17, "Pieces.Lambda()"),
                    ("pieces.cs", 18, "Pieces.operator +(Pieces, Pieces)"),
                    ("top.cs", 2, "<top-level-statements-entry-point>"),
                },
                reported.Select(r => (r.FilePath, r.Item2, r.Item3 ?? "")).ToArray());
        }

        [Fact]
        public async Task MEM004_and_MEM003_pairs_skip_generated_code_too()
        {
            const string source = """
                using System.CodeDom.Compiler;
                using System.IO;
                using System.Threading;

                public class C
                {
                    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                    public void Kept(string p) { var s = new FileStream(p, FileMode.Open); try { s.WriteByte(1); } finally { s.Dispose(); } }
                    [GeneratedCode("tool", "1")]
                    public void Generated(string p) { var s = new FileStream(p, FileMode.Open); try { s.WriteByte(1); } finally { s.Dispose(); } }
                    public void Pair() { _gate.Wait(); Work(); _gate.Release(); }
                    [GeneratedCode("tool", "1")]
                    public void GeneratedPair() { _gate.Wait(); Work(); _gate.Release(); }
                    private static void Work() { }
                }
                """;
            var mem004 = await AnalyzeAsync(new MEM004TryFinallyToUsingAnalyzer(), source);
            Assert.Equal(new[] { 8 }, mem004.Select(d => d.Location.GetLineSpan().StartLinePosition.Line + 1).ToArray());
            var mem003 = await AnalyzeAsync(new MEM003CleanupOutsideFinallyAnalyzer(), source);
            Assert.Equal(new[] { 11 }, mem003.Select(d => d.Location.GetLineSpan().StartLinePosition.Line + 1).ToArray());
        }

        [Fact]
        public async Task A_span_request_analyzes_the_whole_piece_it_overlaps()
        {
            // The IDE asks for the diagnostics of a span (a line under the caret): MEM003's finding is on the
            // release, inside the span, though the creation that makes the piece a candidate is outside it.
            const string source = """
                using System.IO;

                public class C
                {
                    public void M(string p)
                    {
                        var s = new FileStream(p, FileMode.Open);
                        s.WriteByte(1);
                        s.Dispose();
                    }

                    public void N(string p)
                    {
                        var s = new FileStream(p, FileMode.Open);
                        s.WriteByte(1);
                        s.Dispose();
                    }
                }
                """;
            var tree = CSharpSyntaxTree.ParseText(source, path: "c.cs");
            var compilation = TestProject.Compile(tree);
            var line = tree.GetText().Lines[8];
            Assert.Equal("s.Dispose();", line.ToString().Trim());
            var withAnalyzer = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new MEM003CleanupOutsideFinallyAnalyzer()));
            var inSpan = await withAnalyzer.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(tree), line.Span, default);
            Assert.Equal(new[] { 9 }, inSpan.Select(d => d.Location.GetLineSpan().StartLinePosition.Line + 1).ToArray());
            var whole = await withAnalyzer.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(tree), null, default);
            Assert.Equal(new[] { 9, 16 }, whole.Select(d => d.Location.GetLineSpan().StartLinePosition.Line + 1).OrderBy(l => l).ToArray());
        }

        [Fact]
        public void One_walk_per_tree_and_compilation_serves_every_rule()
        {
            const string source = """
                using System;
                using System.IO;

                public class C
                {
                    private int _n;
                    public int M(string p)
                    {
                        _n = 1;
                        var s = new FileStream(p, FileMode.Open);
                        try { return s.ReadByte() > 0 ? _n : throw new InvalidOperationException(); }
                        finally { s.Dispose(); }
                    }
                }
                """;
            var tree = CSharpSyntaxTree.ParseText(source, path: "c.cs");
            var compilation = TestProject.Compile(tree);
            var nodes = CodeNodes.Of(compilation.GetSemanticModel(tree), default);

            // Every kind the rules' predicates can want, in document order, and nothing else (no assignment, no block).
            Assert.Equal(tree.GetRoot().DescendantNodes().Where(CodeNodes.IsKept), nodes);
            Assert.Equal(
                new[] { SyntaxKind.ObjectCreationExpression, SyntaxKind.TryStatement, SyntaxKind.InvocationExpression, SyntaxKind.ThrowExpression, SyntaxKind.ObjectCreationExpression, SyntaxKind.InvocationExpression },
                nodes.Select(n => n.Kind()).ToArray());

            // Another model of the same compilation (another rule's, or the IDE's next request) gets the same walk;
            // another compilation walks again.
            Assert.Same(nodes, CodeNodes.Of(compilation.GetSemanticModel(tree), default));
            var other = CodeNodes.Of(compilation.Clone().GetSemanticModel(tree), default);
            Assert.NotSame(nodes, other);
            Assert.Equal(nodes, other);
        }

        [Fact]
        public void A_types_nodes_leave_out_its_nested_types_as_a_walk_of_the_type_did()
        {
            const string source = """
                using System;

                public class Outer
                {
                    public event EventHandler Changed;
                    public void M() { Changed += OnChanged; Console.WriteLine(); void Local() { } }
                    private void OnChanged(object s, EventArgs e) { }

                    public class Inner
                    {
                        public void N(Outer o) { o.Changed -= Handler; Console.WriteLine(); }
                        private void Handler(object s, EventArgs e) { }
                    }

                    public void After() => Console.WriteLine();
                }
                """;
            const string topLevel = """
                using System;
                AppDomain.CurrentDomain.ProcessExit += (s, e) => Console.WriteLine();
                class Helper { void H() => Console.WriteLine(); }
                """;
            var tree = CSharpSyntaxTree.ParseText(source, path: "c.cs");
            var statements = CSharpSyntaxTree.ParseText(topLevel, path: "top.cs");
            var compilation = CSharpCompilation.Create("t", new[] { tree, statements }, TestProject.References, TestProject.CompilationOptions(LanguageVersion.Latest, OutputKind.ConsoleApplication));
            foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>().Cast<SyntaxNode>().Append(statements.GetRoot()))
            {
                var walked = declaration.DescendantNodes(n => n == declaration || n is not BaseTypeDeclarationSyntax).Where(CodeNodes.IsKept);
                Assert.Equal(walked, CodeNodes.InType(compilation, declaration, default));
            }

            var outer = tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().First();
            Assert.Equal(
                new[] { SyntaxKind.AddAssignmentExpression, SyntaxKind.InvocationExpression, SyntaxKind.LocalFunctionStatement, SyntaxKind.InvocationExpression },
                CodeNodes.InType(compilation, outer, default).Select(n => n.Kind()).ToArray());
            Assert.Equal(
                new[] { SyntaxKind.AddAssignmentExpression, SyntaxKind.InvocationExpression },
                CodeNodes.InType(compilation, statements.GetRoot(), default).Select(n => n.Kind()).ToArray());
        }

        [Fact]
        public void A_cancelled_walk_leaves_nothing_behind()
        {
            var statements = string.Concat(Enumerable.Range(0, 500).Select(i => $"        var s{i} = new System.IO.FileStream(\"{i}\", System.IO.FileMode.Open);\n"));
            var tree = CSharpSyntaxTree.ParseText("public class C\n{\n    public void M()\n    {\n" + statements + "    }\n}\n", path: "c.cs");
            var compilation = TestProject.Compile(tree);
            using var cancelled = new System.Threading.CancellationTokenSource();
            cancelled.Cancel();
            Assert.ThrowsAny<System.OperationCanceledException>(() => CodeNodes.Of(compilation.GetSemanticModel(tree), cancelled.Token));
            Assert.Equal(500, CodeNodes.Of(compilation.GetSemanticModel(tree), default).Count(n => n.IsKind(SyntaxKind.ObjectCreationExpression)));
        }

        private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(DiagnosticAnalyzer analyzer, string? source = null)
        {
            var trees = source != null
                ? new[] { CSharpSyntaxTree.ParseText(source, path: "c.cs") }
                : new[] { CSharpSyntaxTree.ParseText(Pieces, path: "pieces.cs"), CSharpSyntaxTree.ParseText(TopLevel, path: "top.cs") };
            var compilation = CSharpCompilation.Create(
                "t", trees, TestProject.References,
                TestProject.CompilationOptions(LanguageVersion.Latest, source != null ? OutputKind.DynamicallyLinkedLibrary : OutputKind.ConsoleApplication));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            return await compilation.WithAnalyzers(ImmutableArray.Create(analyzer)).GetAnalyzerDiagnosticsAsync();
        }
    }
}
