using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using MemRules.Analyzers.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Rules
{
    /// <summary>
    /// MEM003: cleanup that an exception can skip. For local disposables (<see cref="LocalResourceAnalysis"/>):
    /// a release that runs on every normal path but not in a finally, after something that can throw; and a
    /// resource still held when an explicit <c>throw</c> of the function runs. For the paired acquire/release
    /// APIs (<see cref="PairedResources"/>, looked at only where a call has a release's name): a release after
    /// an operation that can throw.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MEM003CleanupOutsideFinallyAnalyzer : DiagnosticAnalyzer
    {
        private static readonly ImmutableDictionary<string, string?> PairProperties =
            ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.MEM003.Kind, DiagnosticProperties.MEM003.Pair);

        private static readonly ImmutableDictionary<string, string?> LocalProperties =
            ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.MEM003.Kind, DiagnosticProperties.MEM003.Local);

        private static readonly ImmutableDictionary<string, string?> ThrowProperties =
            ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.MEM003.Kind, DiagnosticProperties.MEM003.Throw);

        private static readonly ImmutableDictionary<string, string?> LateTryProperties =
            ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.MEM003.Kind, DiagnosticProperties.MEM003.LateTry);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.MEM003CleanupNotInFinally, Descriptors.MEM003ThrowLeaks, Descriptors.MEM003TryStartsLate);

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

                LocalResourceAnalysis.Register(start, known, new Reporter(known));
                if (known.ArrayPool != null || known.SemaphoreSlim != null || known.Monitor != null ||
                    known.ReaderWriterLockSlim != null || known.Marshal != null || known.GCHandle != null)
                {
                    start.RegisterSemanticModelAction(c => AnalyzePairs(c, known));
                }
            });
        }

        private sealed class Reporter : LocalResourceAnalysis.IReporter
        {
            private readonly KnownSymbols _known;

            public Reporter(KnownSymbols known) => _known = known;

            public void OnOutcomes(LocalResourceAnalysis.BlockContext context, List<(LocalResource Resource, LocalResourceOutcome Outcome)> outcomes)
            {
                var options = _known.Options.For(context.Tree);

                // Two creations into one local (`content = persistent ? new A() : new B()` in branches) share their
                // release: one finding there, saying the stronger of what they hold.
                var releases = new Dictionary<SyntaxNode, (string Name, HeldResource Kind, IOperation Thrower)>();
                var order = new List<SyntaxNode>();
                foreach (var (resource, outcome) in outcomes)
                {
                    if (outcome.Leak != LeakKind.None ||
                        (outcome.ThrowLeaks.Count == 0 && outcome.UnprotectedReleases.Count == 0 && outcome.LateTryReleases.Count == 0))
                    {
                        continue;
                    }

                    var kind = _known.Kinds.OfCreation(resource.Acquisition);
                    var name = resource.Local.Name;
                    if (outcome.ThrowLeaks.Count > 0)
                    {
                        ReportThrowLeak(context, resource, outcome, kind, options);
                        continue;
                    }

                    if (outcome.UnprotectedReleases.Count == 0)
                    {
                        ReportLateTry(context, resource, outcome, kind, options);
                        continue;
                    }

                    foreach (var release in outcome.UnprotectedReleases)
                    {
                        var call = CallSyntax(release.Release.Syntax);
                        if (releases.TryGetValue(call, out var seen))
                        {
                            releases[call] = (seen.Name, HeldResource.Max(seen.Kind, kind), seen.Thrower);
                        }
                        else
                        {
                            releases.Add(call, (name, kind, release.Thrower));
                            order.Add(call);
                        }
                    }
                }

                foreach (var call in order)
                {
                    var (name, kind, thrower) = releases[call];
                    context.ReportDiagnostic(Findings.OfResource(
                        Descriptors.MEM003CleanupNotInFinally, call.GetLocation(), kind, _known, options, name, context.OwningSymbol,
                        LocalProperties, name, kind.InMessage, Short(thrower.Syntax)));
                }
            }

            /// <summary>A finally that starts too late: one finding, on the first such release (no fix: what to move into the try is the author's call).</summary>
            private void ReportLateTry(LocalResourceAnalysis.BlockContext context, LocalResource resource, LocalResourceOutcome outcome, HeldResource kind, MemRulesOptions options)
            {
                var release = outcome.LateTryReleases[0];
                context.ReportDiagnostic(Findings.OfResource(
                    Descriptors.MEM003TryStartsLate, CallSyntax(release.Release.Syntax).GetLocation(), kind, _known, options, resource.Local.Name,
                    context.OwningSymbol, LateTryProperties, resource.Local.Name, kind.InMessage, Short(release.Thrower.Syntax)));
            }

            /// <summary>The explicit throw is the path that leaks; the fix that covers it covers the releases after it too.</summary>
            private void ReportThrowLeak(LocalResourceAnalysis.BlockContext context, LocalResource resource, LocalResourceOutcome outcome, HeldResource kind, MemRulesOptions options)
            {
                var name = resource.Local.Name;
                var line = ThrowSyntax(outcome.ThrowLeaks[0].Syntax).GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                var spans = string.Join(";", outcome.ThrowLeaks.Select(t => ThrowSyntax(t.Syntax).Span).Distinct()
                    .Select(span => span.Start.ToString(CultureInfo.InvariantCulture) + ":" + span.Length.ToString(CultureInfo.InvariantCulture)));
                context.ReportDiagnostic(Findings.OfResource(
                    Descriptors.MEM003ThrowLeaks, resource.Acquisition.Syntax.GetLocation(), kind, _known, options, name, context.OwningSymbol,
                    ThrowProperties.Add(DiagnosticProperties.MEM003.Throws, spans), name, kind.InMessage, line));
            }

            public void OnUnkept(LocalResourceAnalysis.BlockContext context, IOperation creation, bool inPlace)
            {
            }

            public bool NeedsReleaseOrThrow => true;
        }

        /// <summary>Releases named like a pair's (<c>Return</c>, <c>Release</c>, <c>Exit</c>, <c>Free</c>...), bound only where the name says so.</summary>
        private static void AnalyzePairs(SemanticModelAnalysisContext context, KnownSymbols known)
        {
            var model = context.SemanticModel;
            foreach (var (call, owner) in CodeBlocks.WithOwners(
                context, node => node is InvocationExpressionSyntax invoked && ResourceCandidates.InvokedName(invoked) is { } name && PairedResources.HasReleaseName(name)))
            {
                if (model.GetOperation(call, context.CancellationToken) is not IInvocationOperation invocation)
                {
                    continue;
                }

                var pair = PairedResources.FindPair(invocation, known);
                if (pair != null && PairedResources.CanThrowBetween(pair.Value) is { } thrower)
                {
                    var kind = PairedResources.KindOf(pair.Value);
                    var resource = pair.Value.Resource.Syntax.ToString();
                    context.ReportDiagnostic(Findings.OfResource(
                        Descriptors.MEM003CleanupNotInFinally, invocation.Syntax.GetLocation(), kind, known, known.Options.For(model.SyntaxTree),
                        resource, owner, PairProperties, resource, kind.InMessage, Short(thrower.Syntax)));
                }
            }
        }

        /// <summary>The whole call: <c>x?.Dispose()</c> rather than its <c>.Dispose()</c> part.</summary>
        private static SyntaxNode CallSyntax(SyntaxNode node)
        {
            while (node.Parent is ConditionalAccessExpressionSyntax conditional && conditional.WhenNotNull == node)
            {
                node = conditional;
            }

            return node;
        }

        /// <summary>The <c>throw</c> statement or expression that throws the exception <paramref name="thrown"/>.</summary>
        private static SyntaxNode ThrowSyntax(SyntaxNode thrown)
        {
            for (var node = thrown; node != null; node = node.Parent)
            {
                if (node is ThrowStatementSyntax or ThrowExpressionSyntax)
                {
                    return node;
                }
            }

            return thrown;
        }

        /// <summary>A short form of an expression for the message.</summary>
        private static string Short(SyntaxNode node)
        {
            var text = System.Text.RegularExpressions.Regex.Replace(node.ToString(), @"\s+", " ");
            if (text.Length <= 48)
            {
                return text;
            }

            int paren = text.IndexOf('(');
            return paren > 0 && paren <= 44 ? text.Substring(0, paren) + "(...)" : text.Substring(0, 45) + "...";
        }
    }
}
