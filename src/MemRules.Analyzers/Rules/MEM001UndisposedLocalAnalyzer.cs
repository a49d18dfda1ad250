using System.Collections.Immutable;
using MemRules.Analyzers.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MemRules.Analyzers.Rules
{
    /// <summary>
    /// MEM001: a disposable that a method creates into a local (or discards) is not released or handed
    /// on on every normal path. <see cref="LocalResourceAnalysis"/> finds the resources and follows them;
    /// this rule words and reports what it finds.
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

                LocalResourceAnalysis.Register(
                    start, known, new MemRulesOptions.Cache(start.Options),
                    Report,
                    (block, discarded) => block.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.MEM001NeverReleased, discarded.Syntax.GetLocation(), discarded.Type!.Name)));
            });
        }

        private static void Report(CodeBlockAnalysisContext context, LocalResource resource, LocalResourceOutcome outcome)
        {
            switch (outcome.Leak)
            {
                case LeakKind.NeverReleased:
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.MEM001NeverReleased, resource.Acquisition.Syntax.GetLocation(), resource.Local.Name));
                    break;
                case LeakKind.NotOnEveryPath:
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.MEM001NotOnEveryPath, resource.Acquisition.Syntax.GetLocation(), resource.Local.Name, Words(outcome.Reason)));
                    break;
            }
        }

        private static string Words(LeakReason reason) => reason switch
        {
            LeakReason.EarlyReturn => "an early return skips the disposal",
            LeakReason.Break => "a break skips the disposal",
            LeakReason.Continue => "a continue skips the disposal",
            LeakReason.NextIteration => "the next loop iteration creates a new one while the previous one is still held",
            LeakReason.Reassigned => "the local is reassigned while it still holds the resource",
            _ => "it is disposed or handed on only on some branches",
        };
    }
}
