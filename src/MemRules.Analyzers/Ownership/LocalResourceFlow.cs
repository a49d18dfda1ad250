using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>How a local resource fares on the normal paths of its method.</summary>
    internal enum LeakKind
    {
        None,
        NeverReleased,
        NotOnEveryPath,
    }

    /// <summary>The outcome of <see cref="LocalResourceFlow.Analyze"/> for one resource.</summary>
    internal sealed class LocalResourceOutcome
    {
        public LeakKind Leak { get; set; }

        /// <summary>For <see cref="LeakKind.NotOnEveryPath"/>: which path leaks, in words.</summary>
        public string Reason { get; set; } = string.Empty;

        /// <summary>
        /// Explicit release calls, outside any finally, reached after an operation that can throw: an
        /// exception skips them. Only filled when there is no normal-path leak.
        /// </summary>
        public List<IOperation> UnprotectedReleases { get; } = new List<IOperation>();
    }

    /// <summary>
    /// Follows a local resource through its method's <see cref="ControlFlowGraph"/>: from the acquisition,
    /// every normal path must release it (Dispose / DisposeAsync / Close, <c>using</c>, a finally that does)
    /// or hand it on (<see cref="OwnershipTransfer"/>). Copies into other locals and flow captures stand for
    /// the same resource; the branch on which it is null (<c>x?.Dispose()</c>, <c>if (x != null)</c>,
    /// <c>x is IDisposable d</c>) needs no release. Exceptional paths are not followed for MEM001; MEM003
    /// asks which explicit releases an exception could skip.
    /// </summary>
    internal sealed class LocalResourceFlow
    {
        /// <summary>
        /// Operations that the resources of one method may visit in all, on the straight-line path and in
        /// the graph: 100 graph walks in a method of 2,000 operations, far beyond hand-written code (a few
        /// resources, a few hundred operations). Without it, a generated method of 10,000 statements whose
        /// 2,000 resources all needed the graph took 38 s.
        /// </summary>
        private const long MaxOperationVisitsPerRoot = 200_000;

        private readonly ControlFlowGraph _graph;
        private readonly List<IOperation>[] _operations;
        private readonly int _operationCount;

        public LocalResourceFlow(ControlFlowGraph graph)
        {
            _graph = graph;
            _operations = new List<IOperation>[graph.Blocks.Length];
            foreach (var block in graph.Blocks)
            {
                var list = new List<IOperation>();
                foreach (var operation in block.Operations)
                {
                    AddPostOrder(operation, list);
                }

                if (block.BranchValue != null)
                {
                    AddPostOrder(block.BranchValue, list);
                }

                _operations[block.Ordinal] = list;
                _operationCount += list.Count;
            }
        }

        /// <summary>
        /// Registers the analysis of local resources: operation actions on the few kinds that can create
        /// one flag the method (the driver walks the operations once for every analyzer), and only a flagged
        /// method is searched in full and followed through its graph, at the end of its block.
        /// </summary>
        public static void Register(
            Microsoft.CodeAnalysis.Diagnostics.CompilationStartAnalysisContext start, KnownSymbols known, MemRulesOptions.Cache cache,
            System.Action<Microsoft.CodeAnalysis.Diagnostics.OperationBlockAnalysisContext, LocalResource, LocalResourceOutcome> onOutcome,
            System.Action<Microsoft.CodeAnalysis.Diagnostics.OperationBlockAnalysisContext, IOperation>? onDiscarded)
        {
            start.RegisterOperationBlockStartAction(blockStart =>
            {
                var options = cache.For(blockStart.OperationBlocks[0].Syntax.SyntaxTree);
                bool found = false;
                blockStart.RegisterOperationAction(
                    c => found = found || LocalResources.IsCandidate(c.Operation, known, options),
                    OperationKind.VariableDeclarator, OperationKind.SimpleAssignment, OperationKind.ExpressionStatement);
                blockStart.RegisterOperationBlockEndAction(end =>
                {
                    if (found)
                    {
                        AnalyzeBlocks(end, known, options, (resource, outcome) => onOutcome(end, resource, outcome),
                            onDiscarded == null ? null : discarded => onDiscarded(end, discarded));
                    }
                });
            });
        }

        /// <summary>
        /// Finds the local resources of each operation block and follows each through its function's
        /// graph; graphs are built only for functions that hold a candidate. Discarded creations are passed
        /// to <paramref name="onDiscarded"/> when it is given.
        /// </summary>
        private static void AnalyzeBlocks(
            Microsoft.CodeAnalysis.Diagnostics.OperationBlockAnalysisContext context, KnownSymbols known, MemRulesOptions options,
            System.Action<LocalResource, LocalResourceOutcome> onOutcome, System.Action<IOperation>? onDiscarded)
        {
            List<IOperation>? seen = null;
            foreach (var block in context.OperationBlocks)
            {
                // A method's blocks hang under one IMethodBodyOperation: analyze that root once.
                var root = Root(block);
                if (seen != null && seen.Contains(root))
                {
                    continue;
                }

                (seen ??= new List<IOperation>()).Add(root);

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
                    continue;
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

                if (needGraph == null || budget < 0)
                {
                    continue;
                }

                ControlFlowGraph rootGraph;
                try
                {
                    rootGraph = context.GetControlFlowGraph(block);
                }
                catch (System.ArgumentException)
                {
                    // Not a root a graph can be built for (an attribute, a broken member).
                    continue;
                }

                var flows = new Dictionary<IOperation, LocalResourceFlow?>();
                LocalResourceFlow? rootFlow = null;
                foreach (var resource in needGraph)
                {
                    LocalResourceFlow? flow;
                    if (resource.Function == null)
                    {
                        flow = rootFlow ??= new LocalResourceFlow(rootGraph);
                    }
                    else if (!flows.TryGetValue(resource.Function, out flow))
                    {
                        var graph = GraphOf(rootGraph, resource.Function, context.CancellationToken);
                        flow = graph == null ? null : new LocalResourceFlow(graph);
                        flows.Add(resource.Function, flow);
                    }

                    if (flow != null)
                    {
                        // Each resource walks its function's operations once: in a giant generated method
                        // with thousands of resources that is quadratic.
                        budget -= flow._operationCount;
                        if (budget < 0)
                        {
                            break;
                        }

                        onOutcome(resource, flow.Analyze(resource, known, options));
                    }
                }
            }
        }

        /// <summary>The graph of <paramref name="function"/> (a lambda or local function inside <paramref name="root"/>'s graph), or of the root itself.</summary>
        public static ControlFlowGraph? GraphOf(ControlFlowGraph rootGraph, IOperation? function, System.Threading.CancellationToken cancellationToken)
        {
            if (function == null)
            {
                return rootGraph;
            }

            // Outermost first: each nested graph comes from its parent's.
            var chain = new List<IOperation>();
            for (var current = function; current != null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    chain.Add(current);
                }
            }

            var graph = rootGraph;
            for (int i = chain.Count - 1; i >= 0 && graph != null; i--)
            {
                switch (chain[i])
                {
                    case ILocalFunctionOperation localFunction:
                        graph = Contains(graph.LocalFunctions, localFunction.Symbol)
                            ? graph.GetLocalFunctionControlFlowGraph(localFunction.Symbol, cancellationToken)
                            : null;
                        break;
                    case IAnonymousFunctionOperation lambda:
                        var flow = FindLambda(graph, lambda.Symbol);
                        graph = flow == null ? null : graph.GetAnonymousFunctionControlFlowGraph(flow, cancellationToken);
                        break;
                }
            }

            return graph;
        }

        private static bool Contains(System.Collections.Immutable.ImmutableArray<IMethodSymbol> functions, IMethodSymbol symbol)
        {
            foreach (var f in functions)
            {
                if (SymbolEqualityComparer.Default.Equals(f, symbol))
                {
                    return true;
                }
            }

            return false;
        }

        private static IFlowAnonymousFunctionOperation? FindLambda(ControlFlowGraph graph, IMethodSymbol symbol)
        {
            foreach (var block in graph.Blocks)
            {
                foreach (var operation in block.Operations)
                {
                    foreach (var node in operation.DescendantsAndSelf())
                    {
                        if (node is IFlowAnonymousFunctionOperation flow && SymbolEqualityComparer.Default.Equals(flow.Symbol, symbol))
                        {
                            return flow;
                        }
                    }
                }

                if (block.BranchValue != null)
                {
                    foreach (var node in block.BranchValue.DescendantsAndSelf())
                    {
                        if (node is IFlowAnonymousFunctionOperation flow && SymbolEqualityComparer.Default.Equals(flow.Symbol, symbol))
                        {
                            return flow;
                        }
                    }
                }
            }

            return null;
        }

        private static void AddPostOrder(IOperation operation, List<IOperation> list)
        {
            foreach (var child in operation.ChildOperations)
            {
                AddPostOrder(child, list);
            }

            list.Add(operation);
        }

        private enum EventKind
        {
            Acquire,
            Reassign,
            Release,
            HandOn,
            MayThrow,
        }

        private readonly struct Event
        {
            public Event(EventKind kind, IOperation operation)
            {
                Kind = kind;
                Operation = operation;
            }

            public EventKind Kind { get; }

            public IOperation Operation { get; }
        }

        public LocalResourceOutcome Analyze(LocalResource resource, KnownSymbols known, MemRulesOptions options)
        {
            var outcome = new LocalResourceOutcome();
            var aliases = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default) { resource.Local };
            var captures = new HashSet<CaptureId>();
            FindAliases(aliases, captures);

            var events = new List<Event>?[_operations.Length];
            var releasingFinally = new HashSet<ControlFlowRegion>();
            var releasingCatchTry = new HashSet<ControlFlowRegion>();
            bool anyRelease = false;
            bool handedOnUnderConditionalAccess = false;
            int startBlock = -1, startIndex = -1;
            var acquisitionSyntax = resource.Acquisition.Syntax;
            var releasePositions = new List<int>();

            for (int b = 0; b < _operations.Length; b++)
            {
                List<Event>? list = null;
                foreach (var operation in _operations[b])
                {
                    EventKind? kind = null;
                    IOperation subject = operation;
                    switch (operation)
                    {
                        case ILocalReferenceOperation local when !local.IsDeclaration && aliases.Contains(local.Local):
                        case IFlowCaptureReferenceOperation capture when captures.Contains(capture.Id):
                            switch (OwnershipTransfer.Classify(operation, known, options))
                            {
                                case ResourceUse.Releases:
                                    kind = EventKind.Release;
                                    subject = ReleaseCall(operation);
                                    break;
                                case ResourceUse.HandsOn:
                                    kind = EventKind.HandOn;
                                    handedOnUnderConditionalAccess |= IsUnderConditionalAccess(operation.Syntax);
                                    break;
                            }

                            break;

                        case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                            when SymbolEqualityComparer.Default.Equals(target.Local, resource.Local):
                            var value = Operations.StripConversions(assignment.Value);
                            if (value?.Syntax == acquisitionSyntax)
                            {
                                kind = EventKind.Acquire;
                            }
                            else if (!IsAlias(value, aliases, captures))
                            {
                                kind = EventKind.Reassign;
                            }

                            break;

                        case var other when Operations.MayThrow(other):
                            kind = EventKind.MayThrow;
                            break;
                    }

                    if (kind == null)
                    {
                        continue;
                    }

                    list ??= new List<Event>();
                    if (kind == EventKind.Acquire && startBlock < 0)
                    {
                        startBlock = b;
                        startIndex = list.Count;
                    }

                    if (kind is EventKind.Release or EventKind.HandOn)
                    {
                        anyRelease = true;
                        releasePositions.Add(subject.Syntax.SpanStart);
                        for (var region = _graph.Blocks[b].EnclosingRegion; region != null; region = region.EnclosingRegion)
                        {
                            if (region.Kind == ControlFlowRegionKind.Finally)
                            {
                                releasingFinally.Add(region);
                            }
                            else if (region.Kind is ControlFlowRegionKind.Catch or ControlFlowRegionKind.FilterAndHandler &&
                                     region.EnclosingRegion is { Kind: ControlFlowRegionKind.TryAndCatch } tryAndCatch &&
                                     tryAndCatch.NestedRegions.Length > 0)
                            {
                                // An exception in the try reaches a catch that releases: that error path is covered.
                                releasingCatchTry.Add(tryAndCatch.NestedRegions[0]);
                            }
                        }
                    }

                    list.Add(new Event(kind.Value, subject));
                }

                events[b] = list;
            }

            if (startBlock < 0)
            {
                // The graph lowered the acquisition out of recognition: say nothing.
                return outcome;
            }

            string? flowReason = null;
            bool exitLeak = false;
            var candidates = new List<IOperation>();
            var visited = new HashSet<(int, bool)>();
            var work = new Stack<(int Block, int Index, bool MayThrow)>();
            work.Push((startBlock, startIndex + 1, false));
            while (work.Count > 0)
            {
                var (b, index, mayThrow) = work.Pop();
                var list = events[b];
                bool ended = false;
                for (int i = index; list != null && i < list.Count && !ended; i++)
                {
                    var e = list[i];
                    switch (e.Kind)
                    {
                        case EventKind.Acquire:
                            flowReason ??= "the next loop iteration creates a new one while the previous one is still held";
                            ended = true;
                            break;
                        case EventKind.Reassign:
                            flowReason ??= "the local is reassigned while it still holds the resource";
                            ended = true;
                            break;
                        case EventKind.Release:
                            if (mayThrow && !e.Operation.IsImplicit && !InFinally(_graph.Blocks[b]))
                            {
                                candidates.Add(e.Operation);
                            }

                            ended = true;
                            break;
                        case EventKind.HandOn:
                            ended = true;
                            break;
                        case EventKind.MayThrow:
                            mayThrow |= !InRegion(_graph.Blocks[b], releasingCatchTry);
                            break;
                    }
                }

                if (ended)
                {
                    continue;
                }

                var block = _graph.Blocks[b];
                if (block.Kind == BasicBlockKind.Exit)
                {
                    exitLeak = true;
                    continue;
                }

                var nullWhen = block.BranchValue == null ? null : NullWhen(block.BranchValue, aliases, captures);
                if (block.ConditionalSuccessor != null)
                {
                    // The successor taken when the condition is `nullWhen` sees no resource: nothing to release there.
                    bool conditionalIsNullSide = nullWhen != null && nullWhen.Value == (block.ConditionKind == ControlFlowConditionKind.WhenTrue);
                    bool fallThroughIsNullSide = nullWhen != null && !conditionalIsNullSide;
                    if (!conditionalIsNullSide)
                    {
                        Follow(block.ConditionalSuccessor, mayThrow);
                    }

                    if (!fallThroughIsNullSide && block.FallThroughSuccessor != null)
                    {
                        Follow(block.FallThroughSuccessor, mayThrow);
                    }
                }
                else if (block.FallThroughSuccessor != null)
                {
                    Follow(block.FallThroughSuccessor, mayThrow);
                }
            }

            void Follow(ControlFlowBranch branch, bool mayThrow)
            {
                foreach (var region in branch.FinallyRegions)
                {
                    if (releasingFinally.Contains(region))
                    {
                        return;
                    }
                }

                if (branch.Semantics is ControlFlowBranchSemantics.Throw or ControlFlowBranchSemantics.Rethrow or
                    ControlFlowBranchSemantics.StructuredExceptionHandling or ControlFlowBranchSemantics.ProgramTermination or
                    ControlFlowBranchSemantics.Error)
                {
                    return;
                }

                var destination = branch.Destination;
                if (destination == null)
                {
                    return;
                }

                if (visited.Add((destination.Ordinal, mayThrow)))
                {
                    work.Push((destination.Ordinal, 0, mayThrow));
                }
            }

            if (!anyRelease)
            {
                outcome.Leak = LeakKind.NeverReleased;
            }
            else if (flowReason != null || exitLeak)
            {
                // `parent?.Add(view)` hands the resource on only when `parent` is not null: the other
                // branch is a leak in theory, and in practice code where the receiver is never null.
                if (!handedOnUnderConditionalAccess)
                {
                    outcome.Leak = LeakKind.NotOnEveryPath;
                    outcome.Reason = flowReason ?? ExitReason(resource, releasePositions);
                }
            }
            else
            {
                outcome.UnprotectedReleases.AddRange(candidates);
            }

            return outcome;
        }

        /// <summary>True when <paramref name="syntax"/> is evaluated only if a <c>?.</c> receiver is not null.</summary>
        private static bool IsUnderConditionalAccess(SyntaxNode syntax)
        {
            for (var node = syntax.Parent; node != null && node is not StatementSyntax; node = node.Parent)
            {
                if (node is ConditionalAccessExpressionSyntax conditional && conditional.WhenNotNull.Span.Contains(syntax.Span))
                {
                    return true;
                }
            }

            return false;
        }

        private void FindAliases(HashSet<ILocalSymbol> aliases, HashSet<CaptureId> captures)
        {
            bool changed = true;
            for (int round = 0; changed && round < 8; round++)
            {
                changed = false;
                foreach (var list in _operations)
                {
                    foreach (var operation in list)
                    {
                        switch (operation)
                        {
                            case IFlowCaptureOperation capture when IsAlias(capture.Value, aliases, captures):
                                changed |= captures.Add(capture.Id);
                                break;
                            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                                when target.Local.RefKind == RefKind.None && IsAlias(assignment.Value, aliases, captures):
                                changed |= aliases.Add(target.Local);
                                break;
                            case IIsPatternOperation pattern when IsAlias(pattern.Value, aliases, captures):
                                var declared = pattern.Pattern switch
                                {
                                    IDeclarationPatternOperation declaration => declaration.DeclaredSymbol,
                                    IRecursivePatternOperation recursive => recursive.DeclaredSymbol,
                                    _ => null,
                                };
                                if (declared is ILocalSymbol local)
                                {
                                    changed |= aliases.Add(local);
                                }

                                break;
                        }
                    }
                }
            }
        }

        private static bool IsAlias(IOperation? value, HashSet<ILocalSymbol> aliases, HashSet<CaptureId> captures)
        {
            switch (Operations.StripConversions(value))
            {
                case ILocalReferenceOperation local:
                    return aliases.Contains(local.Local);
                case IFlowCaptureReferenceOperation capture:
                    return captures.Contains(capture.Id);
                case IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure:
                    return IsAlias(configure.Instance, aliases, captures);
                default:
                    return false;
            }
        }

        /// <summary>The value of the condition when the resource is null, if the condition tests it.</summary>
        private static bool? NullWhen(IOperation condition, HashSet<ILocalSymbol> aliases, HashSet<CaptureId> captures)
        {
            switch (Operations.StripConversions(condition))
            {
                case IIsNullOperation isNull when IsAlias(isNull.Operand, aliases, captures):
                    return true;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary
                    when (IsAlias(binary.LeftOperand, aliases, captures) && IsNull(binary.RightOperand)) ||
                         (IsAlias(binary.RightOperand, aliases, captures) && IsNull(binary.LeftOperand)):
                    return binary.OperatorKind == BinaryOperatorKind.Equals;
                case IIsPatternOperation pattern when IsAlias(pattern.Value, aliases, captures):
                    return PatternMatchesNull(pattern.Pattern);
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    var inner = NullWhen(not.Operand, aliases, captures);
                    return inner == null ? null : !inner.Value;
                default:
                    return null;
            }
        }

        private static bool PatternMatchesNull(IPatternOperation pattern) => pattern switch
        {
            IConstantPatternOperation constant => IsNull(constant.Value),
            INegatedPatternOperation negated => !PatternMatchesNull(negated.Pattern),
            _ => false,
        };

        private static bool IsNull(IOperation operation) =>
            Operations.StripConversions(operation) is { ConstantValue: { HasValue: true, Value: null } };

        private static bool InRegion(BasicBlock block, HashSet<ControlFlowRegion> regions)
        {
            if (regions.Count == 0)
            {
                return false;
            }

            for (var region = block.EnclosingRegion; region != null; region = region.EnclosingRegion)
            {
                if (regions.Contains(region))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool InFinally(BasicBlock block)
        {
            for (var region = block.EnclosingRegion; region != null; region = region.EnclosingRegion)
            {
                if (region.Kind == ControlFlowRegionKind.Finally)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The release call that a reference is the receiver of.</summary>
        private static IOperation ReleaseCall(IOperation reference)
        {
            var current = reference.Parent;
            while (current is IConversionOperation or IParenthesizedOperation)
            {
                current = current.Parent;
            }

            return current ?? reference;
        }

        /// <summary>Why a path reaches the end of the method holding the resource, from the code between acquisition and the last release.</summary>
        private static string ExitReason(LocalResource resource, List<int> releasePositions)
        {
            int start = resource.Acquisition.Syntax.Span.End;
            int last = start;
            foreach (var position in releasePositions)
            {
                last = System.Math.Max(last, position);
            }

            var body = resource.Function?.Syntax ?? Root(resource.Acquisition).Syntax;
            bool sawBreak = false, sawContinue = false;
            foreach (var node in body.DescendantNodes(n => n == body || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                if (node.SpanStart <= start || node.SpanStart >= last)
                {
                    continue;
                }

                switch (node)
                {
                    case ReturnStatementSyntax:
                        return "an early return skips the disposal";
                    case BreakStatementSyntax when EnclosesAcquisition(node, resource):
                        sawBreak = true;
                        break;
                    case ContinueStatementSyntax when EnclosesAcquisition(node, resource):
                        sawContinue = true;
                        break;
                }
            }

            if (sawBreak)
            {
                return "a break skips the disposal";
            }

            return sawContinue
                ? "a continue skips the disposal"
                : "it is disposed or handed on only on some branches";
        }

        /// <summary>True when the loop or switch that a break/continue leaves contains the acquisition.</summary>
        private static bool EnclosesAcquisition(SyntaxNode jump, LocalResource resource)
        {
            for (var node = jump.Parent; node != null; node = node.Parent)
            {
                if (node is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or ForEachStatementSyntax or SwitchStatementSyntax)
                {
                    return node.Span.Contains(resource.Acquisition.Syntax.Span);
                }
            }

            return false;
        }

        private static IOperation Root(IOperation operation)
        {
            while (operation.Parent != null)
            {
                operation = operation.Parent;
            }

            return operation;
        }
    }
}
