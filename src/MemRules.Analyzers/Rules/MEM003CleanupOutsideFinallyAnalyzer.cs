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
    /// MEM003: a release that runs on every normal path but not in a finally, after something that can
    /// throw. For local disposables the paths come from <see cref="LocalResourceAnalysis"/>; for the paired
    /// acquire/release APIs from <see cref="PairedResources"/>, looked at only where a call has a release's name.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MEM003CleanupOutsideFinallyAnalyzer : DiagnosticAnalyzer
    {
        private static readonly ImmutableDictionary<string, string?> PairProperties =
            ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.MEM003.Kind, DiagnosticProperties.MEM003.Pair);

        private static readonly ImmutableDictionary<string, string?> LocalProperties =
            ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.MEM003.Kind, DiagnosticProperties.MEM003.Local);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.MEM003CleanupNotInFinally);

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

                LocalResourceAnalysis.Register(start, known, new MemRulesOptions.Cache(start.Options), (block, resource, outcome) =>
                {
                    foreach (var release in outcome.UnprotectedReleases)
                    {
                        block.ReportDiagnostic(Diagnostic.Create(
                            Descriptors.MEM003CleanupNotInFinally, CallSyntax(release.Syntax).GetLocation(), LocalProperties,
                            resource.Local.Name, Short(resource.Acquisition.Syntax)));
                    }
                }, onDiscarded: null);

                if (known.ArrayPool != null || known.SemaphoreSlim != null || known.Monitor != null ||
                    known.ReaderWriterLockSlim != null || known.Marshal != null || known.GCHandle != null)
                {
                    start.RegisterSyntaxNodeAction(c => AnalyzePair(c, known), SyntaxKind.InvocationExpression);
                }
            });
        }

        private static void AnalyzePair(SyntaxNodeAnalysisContext context, KnownSymbols known)
        {
            if (ResourceCandidates.InvokedName((InvocationExpressionSyntax)context.Node) is not { } name || !PairedResources.HasReleaseName(name) ||
                context.SemanticModel.GetOperation(context.Node, context.CancellationToken) is not IInvocationOperation invocation)
            {
                return;
            }

            var pair = PairedResources.FindPair(invocation, known);
            if (pair != null && PairedResources.CanThrowBetween(pair.Value))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.MEM003CleanupNotInFinally, invocation.Syntax.GetLocation(), PairProperties,
                    pair.Value.Resource.Syntax.ToString(), Short(pair.Value.Acquire.Syntax)));
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
