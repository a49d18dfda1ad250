using System.Collections.Immutable;
using MemRules.Analyzers.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Rules
{
    /// <summary>MEM004: a try/finally whose finally only disposes a local is a using (see <see cref="TryFinallyDisposal"/>).</summary>
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
                var known = KnownSymbols.TryCreate(start.Compilation);
                if (known == null)
                {
                    return;
                }

                start.RegisterOperationAction(c =>
                {
                    var found = TryFinallyDisposal.Find((ITryOperation)c.Operation, known);
                    if (found != null)
                    {
                        var syntax = found.DisposeCall.Syntax;
                        while (syntax.Parent is ConditionalAccessExpressionSyntax conditional && conditional.WhenNotNull == syntax)
                        {
                            syntax = conditional;
                        }

                        c.ReportDiagnostic(Diagnostic.Create(Descriptors.MEM004UseUsing, syntax.GetLocation(), found.Local.Name));
                    }
                }, OperationKind.Try);
            });
        }
    }
}
