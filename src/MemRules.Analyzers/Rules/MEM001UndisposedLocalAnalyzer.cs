using System.Collections.Immutable;
using MemRules.Analyzers.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MemRules.Analyzers.Rules
{
    /// <summary>
    /// MEM001: a disposable that a method creates into a local (or discards) is not released or handed
    /// on on every normal path. The path analysis is <see cref="LocalResourceFlow"/> over the method's
    /// control flow graph, built only for methods, lambdas and local functions that create a resource.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MEM001UndisposedLocalAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.MEM001NeverReleased, Descriptors.MEM001NotOnEveryPath);

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

                LocalResourceFlow.Register(
                    start, known, new MemRulesOptions.Cache(start.Options),
                    Report,
                    (block, discarded) => block.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.MEM001NeverReleased, discarded.Syntax.GetLocation(), discarded.Type!.Name)));
            });
        }

        private static void Report(OperationBlockAnalysisContext context, LocalResource resource, LocalResourceOutcome outcome)
        {
            switch (outcome.Leak)
            {
                case LeakKind.NeverReleased:
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.MEM001NeverReleased, resource.Acquisition.Syntax.GetLocation(), resource.Local.Name));
                    break;
                case LeakKind.NotOnEveryPath:
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.MEM001NotOnEveryPath, resource.Acquisition.Syntax.GetLocation(), resource.Local.Name, outcome.Reason));
                    break;
            }
        }
    }
}
