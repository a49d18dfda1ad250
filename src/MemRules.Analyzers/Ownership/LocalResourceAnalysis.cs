using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>
    /// Runs the local-resource analysis of MEM001 and MEM003: which code blocks are worth it, and how much
    /// work one may cost. Syntax-node actions on the few node kinds that can create a resource flag a code
    /// block when <see cref="ResourceCandidates"/> cannot rule them out; only a flagged block gets an
    /// operation tree and its resources (<see cref="LocalResources"/>), each settled by
    /// <see cref="StraightLineRelease"/> or walked through its function's graph (<see cref="LocalResourceWalk"/>).
    /// </summary>
    internal static class LocalResourceAnalysis
    {
        /// <summary>
        /// Operations that the resources of one member may visit in all, on the straight-line path and in
        /// the graph: 100 graph walks in a method of 2,000 operations, far beyond hand-written code (a few
        /// resources, a few hundred operations). Without it, a generated method of 10,000 statements whose
        /// 2,000 resources all needed the graph took 38 s.
        /// </summary>
        private const long MaxOperationVisitsPerRoot = 200_000;

        private static readonly SyntaxKind[] CreationKinds =
        {
            SyntaxKind.ObjectCreationExpression, SyntaxKind.ImplicitObjectCreationExpression, SyntaxKind.InvocationExpression,
        };

        public static void Register(
            CompilationStartAnalysisContext start, KnownSymbols known, MemRulesOptions.Cache cache,
            Action<CodeBlockAnalysisContext, LocalResource, LocalResourceOutcome> onOutcome,
            Action<CodeBlockAnalysisContext, IOperation>? onDiscarded)
        {
            var candidates = new ResourceCandidates(start.Compilation, known);
            start.RegisterCodeBlockStartAction<SyntaxKind>(blockStart =>
            {
                var options = cache.For(blockStart.CodeBlock.SyntaxTree);
                bool found = false;
                blockStart.RegisterSyntaxNodeAction(c => found = found || candidates.MayCreate(c.Node, options), CreationKinds);
                blockStart.RegisterCodeBlockEndAction(end =>
                {
                    if (found)
                    {
                        foreach (var root in Roots(end.CodeBlock, end.SemanticModel, end.CancellationToken))
                        {
                            AnalyzeRoot(root, known, options, end.CancellationToken,
                                (resource, outcome) => onOutcome(end, resource, outcome),
                                onDiscarded == null ? null : discarded => onDiscarded(end, discarded));
                        }
                    }
                });
            });
        }

        /// <summary>
        /// The operation trees of a code block: the member's body, or the initializers of a field or property
        /// declaration (whose declaration has no operation of its own).
        /// </summary>
        public static IEnumerable<IOperation> Roots(SyntaxNode codeBlock, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            if (codeBlock is BaseFieldDeclarationSyntax field)
            {
                foreach (var variable in field.Declaration.Variables)
                {
                    if (variable.Initializer != null && model.GetOperation(variable.Initializer, cancellationToken) is { } initializer)
                    {
                        yield return initializer;
                    }
                }

                yield break;
            }

            if (codeBlock is PropertyDeclarationSyntax { Initializer: { } propertyInitializer })
            {
                if (model.GetOperation(propertyInitializer, cancellationToken) is { } initializer)
                {
                    yield return initializer;
                }

                yield break;
            }

            if (model.GetOperation(codeBlock, cancellationToken) is { } root)
            {
                yield return FunctionGraphs.Root(root);
            }
        }

        /// <summary>Finds the resources of one root and analyzes each, straight-line where it can, else through its graph.</summary>
        public static void AnalyzeRoot(
            IOperation root, KnownSymbols known, MemRulesOptions options, System.Threading.CancellationToken cancellationToken,
            Action<LocalResource, LocalResourceOutcome> onOutcome, Action<IOperation>? onDiscarded)
        {
            List<LocalResource>? resources = null;
            List<IOperation>? discarded = null;
            LocalResources.Find(root, known, options, ref resources, ref discarded);
            if (discarded != null && onDiscarded != null)
            {
                foreach (var d in discarded)
                {
                    onDiscarded(d);
                }
            }

            if (resources == null)
            {
                return;
            }

            // The graph only for resources the straight-line shape does not settle. One budget for both
            // paths: past it the remaining resources are not analyzed (a missed leak, never a false one).
            long budget = MaxOperationVisitsPerRoot;
            List<LocalResource>? needGraph = null;
            foreach (var resource in resources)
            {
                if (resource.IsCaptured)
                {
                    continue;
                }

                var settled = StraightLineRelease.TryAnalyze(resource, known, options, ref budget);
                if (settled != null)
                {
                    onOutcome(resource, settled);
                }
                else
                {
                    (needGraph ??= new List<LocalResource>()).Add(resource);
                }
            }

            if (needGraph != null && budget >= 0 && FunctionGraphs.OfRoot(root, cancellationToken) is { } rootGraph)
            {
                WalkGraphs(rootGraph, needGraph, known, options, budget, cancellationToken, onOutcome);
            }
        }

        private static void WalkGraphs(
            ControlFlowGraph rootGraph, List<LocalResource> resources, KnownSymbols known, MemRulesOptions options, long budget,
            System.Threading.CancellationToken cancellationToken, Action<LocalResource, LocalResourceOutcome> onOutcome)
        {
            var walks = new Dictionary<IOperation, LocalResourceWalk?>();
            LocalResourceWalk? rootWalk = null;
            foreach (var resource in resources)
            {
                LocalResourceWalk? walk;
                if (resource.Function == null)
                {
                    walk = rootWalk ??= new LocalResourceWalk(rootGraph);
                }
                else if (!walks.TryGetValue(resource.Function, out walk))
                {
                    var graph = FunctionGraphs.Of(rootGraph, resource.Function, cancellationToken);
                    walk = graph == null ? null : new LocalResourceWalk(graph);
                    walks.Add(resource.Function, walk);
                }

                if (walk != null)
                {
                    // Each resource walks its function's operations once: in a giant generated method
                    // with thousands of resources that is quadratic.
                    budget -= walk.OperationCount;
                    if (budget < 0)
                    {
                        return;
                    }

                    onOutcome(resource, walk.Analyze(resource, known, options));
                }
            }
        }
    }
}
