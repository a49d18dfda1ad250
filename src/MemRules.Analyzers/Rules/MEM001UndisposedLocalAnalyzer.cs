using System.Collections.Generic;
using System.Collections.Immutable;
using MemRules.Analyzers.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MemRules.Analyzers.Rules
{
    /// <summary>
    /// MEM001: a disposable that a function creates into a local, drops or uses in place is not released or
    /// handed on on every normal path. <see cref="LocalResourceAnalysis"/> finds the resources and follows
    /// them; this rule words and reports what it finds, with what each resource holds.
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
                var known = KnownSymbols.TryCreate(start.Compilation, start.Options);
                if (known != null)
                {
                    LocalResourceAnalysis.Register(start, known, new Reporter(known));
                }
            });
        }

        private static readonly ImmutableDictionary<string, string?> InPlaceProperties =
            ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.MEM001.InPlace, DiagnosticProperties.True);

        private sealed class Reporter : LocalResourceAnalysis.IReporter
        {
            private readonly KnownSymbols _known;

            public Reporter(KnownSymbols known) => _known = known;

            public void OnOutcomes(LocalResourceAnalysis.BlockContext context, List<(LocalResource Resource, LocalResourceOutcome Outcome)> outcomes)
            {
                foreach (var (resource, outcome) in outcomes)
                {
                    if (outcome.Leak != LeakKind.None)
                    {
                        Report(context, resource, outcome);
                    }
                }
            }

            private void Report(LocalResourceAnalysis.BlockContext context, LocalResource resource, LocalResourceOutcome outcome)
            {
                var kind = _known.Kinds.OfCreation(resource.Acquisition);
                var options = _known.Options.For(context.Tree);
                var location = resource.Acquisition.Syntax.GetLocation();
                context.ReportDiagnostic(outcome.Leak == LeakKind.NeverReleased
                    ? Findings.OfResource(Descriptors.MEM001NeverReleased, location, kind, _known, options, resource.Local.Name, context.OwningSymbol, null,
                        resource.Local.Name, kind.InMessage)
                    : Findings.OfResource(Descriptors.MEM001NotOnEveryPath, location, kind, _known, options, resource.Local.Name, context.OwningSymbol, null,
                        resource.Local.Name, kind.InMessage, Words(outcome.Reason)));
            }

            public void OnUnkept(LocalResourceAnalysis.BlockContext context, IOperation creation, bool inPlace)
            {
                var kind = _known.Kinds.OfCreation(creation);
                var name = creation.Type!.Name;
                context.ReportDiagnostic(Findings.OfResource(
                    Descriptors.MEM001NeverReleased, creation.Syntax.GetLocation(), kind, _known, _known.Options.For(context.Tree),
                    name, context.OwningSymbol, inPlace ? InPlaceProperties : null, name, kind.InMessage));
            }

            public bool NeedsReleaseOrThrow => false;
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
