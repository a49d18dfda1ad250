using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Benchmarks
{
    /// <summary>
    /// Analyzers that report nothing and each register one kind of action: what a registration makes the
    /// compiler do outside the callbacks (operation trees, graphs, binding for the semantic model, the
    /// driver's bookkeeping) shows as their added time (`cost --sets probes`).
    /// </summary>
    public static class Probes
    {
        private static readonly SyntaxKind[] CreationKinds = { SyntaxKind.ObjectCreationExpression, SyntaxKind.ImplicitObjectCreationExpression, SyntaxKind.InvocationExpression };

        private static readonly OperationKind[] FewKinds = { OperationKind.VariableDeclarator, OperationKind.SimpleAssignment, OperationKind.ExpressionStatement };

        /// <summary>Type names that look like a resource: a syntactic prefilter, before any binding.</summary>
        private static readonly string[] ResourceLikeNames = { "Stream", "Reader", "Writer", "Client", "Source", "Semaphore", "Timer", "Handle", "Connection", "Scope" };

        public static IReadOnlyList<AnalyzerSet> All() => new[]
        {
            Set("(a1) operation block start, nothing inside", c => c.RegisterOperationBlockStartAction(_ => { })),
            Set("(a2) operation action on 3 kinds (declarator, assignment, expression statement)", c => c.RegisterOperationAction(_ => { }, FewKinds)),
            Set("(a3) block start + operation action on 3 kinds + block end (MEM001/MEM003's pattern)", c => c.RegisterOperationBlockStartAction(b =>
            {
                b.RegisterOperationAction(_ => { }, FewKinds);
                b.RegisterOperationBlockEndAction(_ => { });
            })),
            Set("(a4) operation block action building the control flow graph of every body", c => c.RegisterOperationBlockAction(b =>
            {
                foreach (var block in b.OperationBlocks)
                {
                    try
                    {
                        b.GetControlFlowGraph(block);
                    }
                    catch (ArgumentException)
                    {
                        // not a block a graph is built for (an attribute argument, a parameter default)
                    }
                }
            })),
            Set("(b) symbol start per named type + operation action (field reference) + symbol end", c => c.RegisterSymbolStartAction(s =>
            {
                s.RegisterOperationAction(_ => { }, OperationKind.FieldReference);
                s.RegisterSymbolEndAction(_ => { });
            }, SymbolKind.NamedType)),
            Set("(b0) symbol start per named type + symbol end, no operation action", c => c.RegisterSymbolStartAction(s => s.RegisterSymbolEndAction(_ => { }), SymbolKind.NamedType)),
            Set("(c0) syntax node action on object creations, no semantic model", c => c.RegisterSyntaxNodeAction(_ => { }, SyntaxKind.ObjectCreationExpression, SyntaxKind.ImplicitObjectCreationExpression)),
            Set("(c) syntax node action on object creations + GetTypeInfo of each", c => c.RegisterSyntaxNodeAction(
                n => n.SemanticModel.GetTypeInfo(n.Node, n.CancellationToken), SyntaxKind.ObjectCreationExpression, SyntaxKind.ImplicitObjectCreationExpression)),
            Set("(c2) the same, GetTypeInfo only when the type's name looks like a resource (syntactic prefilter)", c => c.RegisterSyntaxNodeAction(n =>
            {
                if (n.Node is ObjectCreationExpressionSyntax creation && LooksLikeResource(creation.Type))
                {
                    n.SemanticModel.GetTypeInfo(n.Node, n.CancellationToken);
                }
            }, SyntaxKind.ObjectCreationExpression)),
            Set("(c3) syntax node action on method bodies + GetOperation of every body", c => c.RegisterSyntaxNodeAction(n =>
            {
                var body = ((BaseMethodDeclarationSyntax)n.Node).Body ?? (SyntaxNode?)((BaseMethodDeclarationSyntax)n.Node).ExpressionBody;
                if (body != null)
                {
                    n.SemanticModel.GetOperation(body, n.CancellationToken);
                }
            }, SyntaxKind.MethodDeclaration, SyntaxKind.ConstructorDeclaration)),
            Set("(e1) code block start + syntax node actions on creations and calls + block end (MEM001/MEM003's former registration)", CodeBlockPattern),
            Set("(e2) the same registration in two analyzers (MEM001 and MEM003 formerly)", CodeBlockPattern, CodeBlockPattern),
            Set("(e3) semantic model action walking the tree's syntax for creations and calls, no binding", c => c.RegisterSemanticModelAction(m =>
            {
                foreach (var node in m.SemanticModel.SyntaxTree.GetRoot(m.CancellationToken).DescendantNodes())
                {
                    if (node.IsKind(SyntaxKind.ObjectCreationExpression) && node.SpanStart < 0)
                    {
                        return;
                    }
                }
            })),
            Set("(e4) syntax node action on creations and calls (compilation-wide), no semantic model", c => c.RegisterSyntaxNodeAction(_ => { }, CreationKinds)),
            Set("(e5) code block action walking the block's syntax for creations and calls", CodeBlockWalk),
            Set("(e6) the same in two analyzers", CodeBlockWalk, CodeBlockWalk),
            Set("(f) symbol action per named type, nothing inside", c => c.RegisterSymbolAction(_ => { }, SymbolKind.NamedType)),
            Set("(d) compilation end action only", c => c.RegisterCompilationStartAction(s => s.RegisterCompilationEndAction(_ => { }))),
        };

        /// <summary>MemRules with one rule on: the others' severity set to none in the compilation's options.</summary>
        public static IReadOnlyList<AnalyzerSet> SingleRules(ImmutableArray<DiagnosticAnalyzer> memRules)
        {
            var ids = memRules.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToList();
            return ids.Select(id => new AnalyzerSet($"MemRules, only {id} on", memRules, c => WithOnly(c, ids, id)))
                .Append(new AnalyzerSet("MemRules, all rules set to none", memRules, c => WithOnly(c, ids, null)))
                .ToList();
        }

        /// <summary>Every id of <paramref name="ids"/> but <paramref name="on"/> set to none (suppressed).</summary>
        public static Compilation WithOnly(Compilation compilation, IEnumerable<string> ids, string? on) =>
            compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
                compilation.Options.SpecificDiagnosticOptions.SetItems(ids.Where(id => id != on).Select(id => new KeyValuePair<string, ReportDiagnostic>(id, ReportDiagnostic.Suppress)))));

        private static bool LooksLikeResource(TypeSyntax type)
        {
            var name = type is QualifiedNameSyntax q ? q.Right.Identifier.ValueText : type is SimpleNameSyntax s ? s.Identifier.ValueText : string.Empty;
            return ResourceLikeNames.Any(n => name.EndsWith(n, StringComparison.Ordinal));
        }

        private static void CodeBlockPattern(AnalysisContext c) => c.RegisterCodeBlockStartAction<SyntaxKind>(b =>
        {
            b.RegisterSyntaxNodeAction(_ => { }, CreationKinds);
            b.RegisterCodeBlockEndAction(_ => { });
        });

        private static void CodeBlockWalk(AnalysisContext c) => c.RegisterCodeBlockAction(b =>
        {
            foreach (var node in b.CodeBlock.DescendantNodes())
            {
                if (node.IsKind(SyntaxKind.ObjectCreationExpression) && node.SpanStart < 0)
                {
                    return;
                }
            }
        });

        private static AnalyzerSet Set(string name, params Action<AnalysisContext>[] registers) =>
            new AnalyzerSet(name, registers.Select(r => (DiagnosticAnalyzer)new Probe(r)).ToImmutableArray());

#pragma warning disable RS1001 // instantiated by the benchmark, never loaded by a compiler
        private sealed class Probe : DiagnosticAnalyzer
        {
#pragma warning disable RS2008 // a benchmark probe, never shipped
            private static readonly DiagnosticDescriptor Never = new DiagnosticDescriptor("PROBE001", "never", "never", "Bench", DiagnosticSeverity.Warning, isEnabledByDefault: true);
#pragma warning restore RS2008

            private readonly Action<AnalysisContext> _register;

            public Probe(Action<AnalysisContext> register) => _register = register;

            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Never);

            public override void Initialize(AnalysisContext context)
            {
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.EnableConcurrentExecution();
                _register(context);
            }
        }
#pragma warning restore RS1001
    }
}
