using System.Collections.Immutable;
using MemRules.Analyzers.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Rules
{
    /// <summary>
    /// MEM004: a try/finally whose finally only disposes a local is a using (see <see cref="TryFinallyDisposal"/>).
    /// Only a <c>try</c> without catches whose <c>finally</c> names <c>Dispose</c> or <c>DisposeAsync</c> is bound.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MEM004TryFinallyToUsingAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.MEM004UseUsing);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var known = KnownSymbols.TryCreate(start.Compilation, start.Options);
                if (known == null)
                {
                    return;
                }

                start.RegisterSemanticModelAction(c => Analyze(c, known));
            });
        }

        /// <summary>A try/finally without catches whose finally names Dispose, bound only then (<see cref="CodeBlocks"/>).</summary>
        private static void Analyze(SemanticModelAnalysisContext context, KnownSymbols known)
        {
            foreach (var (tryStatement, owner) in CodeBlocks.WithOwners(
                context, node => node is TryStatementSyntax { Finally: { } @finally, Catches.Count: 0 } && NamesDispose(@finally.Block)))
            {
                if (context.SemanticModel.GetOperation(tryStatement, context.CancellationToken) is not ITryOperation operation ||
                    TryFinallyDisposal.Find(operation, known) is not { } found)
                {
                    continue;
                }

                var syntax = found.DisposeCall.Syntax;
                while (syntax.Parent is ConditionalAccessExpressionSyntax conditional && conditional.WhenNotNull == syntax)
                {
                    syntax = conditional;
                }

                context.ReportDiagnostic(Findings.Of(Descriptors.MEM004UseUsing, syntax.GetLocation(), found.Local.Name, owner, null, null, found.Local.Name));
            }
        }

        private static bool NamesDispose(BlockSyntax block)
        {
            foreach (var token in block.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText is "Dispose" or "DisposeAsync")
                {
                    return true;
                }
            }

            return false;
        }
    }
}
