using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>
    /// Runs the local-resource analysis of MEM001 and MEM003: which code blocks are worth it, and how much
    /// work one may cost. The few node kinds that can create a resource flag a piece of code
    /// (<see cref="CodeBlocks"/>) when <see cref="ResourceCandidates"/> cannot rule them out; only a flagged piece gets an
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

        /// <summary>What a rule does with what the analysis finds in one code block.</summary>
        internal interface IReporter
        {
            /// <summary>What became of each local resource of the block, in the order they were analyzed.</summary>
            void OnOutcomes(BlockContext context, List<(LocalResource Resource, LocalResourceOutcome Outcome)> outcomes);

            /// <summary>A creation nothing keeps: dropped (<paramref name="inPlace"/> false) or used in place.</summary>
            void OnUnkept(BlockContext context, IOperation creation, bool inPlace);

            /// <summary>
            /// The rule reports only what a release call (<see cref="Cleanup.IsReleaseMethod"/>) or an explicit
            /// throw in the block decides: a block with neither is not bound for it (MEM003; MEM001 needs every block).
            /// </summary>
            bool NeedsReleaseOrThrow { get; }
        }

        /// <summary>One piece of code being reported on (<see cref="CodeBlocks"/>): the member it belongs to and where findings go.</summary>
        internal readonly struct BlockContext
        {
            private readonly SemanticModelAnalysisContext _context;

            public BlockContext(SemanticModelAnalysisContext context, ISymbol owningSymbol)
            {
                _context = context;
                OwningSymbol = owningSymbol;
            }

            public ISymbol OwningSymbol { get; }

            public SyntaxTree Tree => _context.SemanticModel.SyntaxTree;

            public void ReportDiagnostic(Diagnostic diagnostic) => _context.ReportDiagnostic(diagnostic);
        }

        /// <summary>
        /// A semantic-model action per tree: its syntax is read for the nodes that may create a resource (and, for
        /// MEM003, a release or a throw); only the pieces of code holding one are bound and analyzed.
        /// </summary>
        public static void Register(CompilationStartAnalysisContext start, KnownSymbols known, IReporter reporter)
        {
            var candidates = new ResourceCandidates(start.Compilation, known);
            bool needsReleaseOrThrow = reporter.NeedsReleaseOrThrow;
            start.RegisterSemanticModelAction(context =>
            {
                var model = context.SemanticModel;
                var options = known.Options.For(model.SyntaxTree);
                var cancellationToken = context.CancellationToken;
                bool IsCandidate(SyntaxNode node) =>
                    (node.IsKind(SyntaxKind.ObjectCreationExpression) || node.IsKind(SyntaxKind.ImplicitObjectCreationExpression) ||
                     node.IsKind(SyntaxKind.InvocationExpression)) &&
                    !SettledBySyntax(node) && candidates.MayCreate(node, options);
                // Only the nodes that matter are grouped: most calls of a tree are neither a candidate nor a release.
                var groups = CodeBlocks.Group(context, node => IsCandidate(node) || (needsReleaseOrThrow && IsReleaseOrThrow(node)));
                foreach (var (block, nodes) in groups)
                {
                    bool found = false;
                    bool releaseOrThrow = !needsReleaseOrThrow;
                    foreach (var node in nodes)
                    {
                        releaseOrThrow = releaseOrThrow || IsReleaseOrThrow(node);
                        found = found || IsCandidate(node);
                    }

                    if (found && releaseOrThrow && CodeBlocks.Owner(block, model, cancellationToken) is { } owner)
                    {
                        var blockContext = new BlockContext(context, owner);
                        foreach (var root in Roots(block, model, cancellationToken))
                        {
                            AnalyzeRoot(root, known, options, cancellationToken, blockContext, reporter);
                        }
                    }
                }
            });
        }

        /// <summary>
        /// A creation whose fate its syntax already says, with nothing for MEM001 or MEM003 to report: the resource of a
        /// <c>using</c> (declaration or statement, which disposes it on every path, exceptions included) or the value of a
        /// <c>return</c> or <c>yield return</c> of the member itself (handed to its caller; a local function or lambda
        /// hands it to code in the same block, which is analyzed). A block whose only candidates are these is not bound.
        /// Anything nested in them (<c>using var r = new StreamReader(new FileStream(p))</c>'s stream) is a node of its own.
        /// </summary>
        private static bool SettledBySyntax(SyntaxNode creation) => creation.Parent switch
        {
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: var holder } } } =>
                holder is UsingStatementSyntax || (holder is LocalDeclarationStatementSyntax local && !local.UsingKeyword.IsKind(SyntaxKind.None)),
            UsingStatementSyntax statement => statement.Expression == creation,
            ReturnStatementSyntax or YieldStatementSyntax { RawKind: (int)SyntaxKind.YieldReturnStatement } =>
                creation.FirstAncestorOrSelf<SyntaxNode>(n => n is LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or MemberDeclarationSyntax) is MemberDeclarationSyntax,
            _ => false,
        };

        private static bool IsReleaseOrThrow(SyntaxNode node) =>
            node.IsKind(SyntaxKind.ThrowStatement) || node.IsKind(SyntaxKind.ThrowExpression) ||
            (node is InvocationExpressionSyntax invocation && MayRelease(invocation));

        /// <summary>A call named like a release (<see cref="Cleanup.IsReleaseMethod"/>): <c>x.Dispose()</c>, <c>x?.Close()</c>, <c>Stop()</c>.</summary>
        private static bool MayRelease(InvocationExpressionSyntax invocation) =>
            invocation.ArgumentList.Arguments.Count == 0 &&
            ResourceCandidates.InvokedName(invocation) is { } name && Cleanup.HasReleaseName(name);

        /// <summary>The operation trees of a piece of code (<see cref="CodeBlocks.Around"/>): a body, or one initializer.</summary>
        private static IEnumerable<IOperation> Roots(SyntaxNode codeBlock, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            if (model.GetOperation(codeBlock, cancellationToken) is { } root)
            {
                yield return codeBlock is EqualsValueClauseSyntax ? root : FunctionGraphs.Root(root);
            }
        }

        /// <summary>Finds the resources of one root and analyzes each, straight-line where it can, else through its graph.</summary>
        private static void AnalyzeRoot(
            IOperation root, KnownSymbols known, MemRulesOptions options, System.Threading.CancellationToken cancellationToken,
            BlockContext context, IReporter reporter)
        {
            var found = LocalResources.Find(root, known, options);
            foreach (var discarded in found.Discarded ?? new List<IOperation>())
            {
                reporter.OnUnkept(context, discarded, inPlace: false);
            }

            foreach (var inPlace in found.InPlace ?? new List<IOperation>())
            {
                reporter.OnUnkept(context, inPlace, inPlace: true);
            }

            if (found.Locals != null)
            {
                var outcomes = new List<(LocalResource, LocalResourceOutcome)>(found.Locals.Count);
                AnalyzeLocals(root, found.Locals, known, options, cancellationToken, (resource, outcome) => outcomes.Add((resource, outcome)));
                reporter.OnOutcomes(context, outcomes);
            }
        }

        /// <summary>Each local resource, straight-line where it can, else through its function's graph.</summary>
        public static void AnalyzeLocals(
            IOperation root, List<LocalResource> resources, KnownSymbols known, MemRulesOptions options,
            System.Threading.CancellationToken cancellationToken, Action<LocalResource, LocalResourceOutcome> onOutcome)
        {
            // The graph only for resources the straight-line shape does not settle. One budget for both
            // paths: past it the remaining resources are not analyzed (a missed leak, never a false one).
            long budget = MaxOperationVisitsPerRoot;
            List<LocalResource>? needGraph = null;
            foreach (var resource in resources)
            {
                if (IsHandedToCallback(resource, known, options))
                {
                    continue;
                }

                DerivedValues.Mark(resource, root, known);

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

        /// <summary>
        /// A lambda or local function that captures the resource takes it over when it disposes, stores or
        /// returns it, or when the callback itself outlives the function (returned, stored, subscribed): the
        /// resource must live as long as it. One that only uses it (<c>Set()</c>, <c>Write</c>) and is only
        /// run or passed on leaves the owner responsible.
        /// </summary>
        private static bool IsHandedToCallback(LocalResource resource, KnownSymbols known, MemRulesOptions options)
        {
            foreach (var use in resource.CapturedUses)
            {
                if (OwnershipTransfer.Classify(use, known, options) != ResourceUse.Keeps ||
                    (CallbackOf(use, resource.Function) is { } callback && Callbacks.Escapes(callback, FunctionGraphs.Root(use))))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The outermost lambda or local function around <paramref name="use"/> inside <paramref name="function"/>.</summary>
        private static IOperation? CallbackOf(IOperation use, IOperation? function)
        {
            IOperation? callback = null;
            for (var current = use.Parent; current != null && current != function; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    callback = current;
                }
            }

            return callback;
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
