using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>How a local resource fares on the normal paths of its function.</summary>
    internal enum LeakKind
    {
        None,
        NeverReleased,
        NotOnEveryPath,
    }

    /// <summary>For <see cref="LeakKind.NotOnEveryPath"/>: which path leaks. The rule that reports it words it.</summary>
    internal enum LeakReason
    {
        None,
        EarlyReturn,
        Break,
        Continue,
        SomeBranches,
        NextIteration,
        Reassigned,
    }

    /// <summary>An explicit release outside any finally, and an operation before it on the way that can throw.</summary>
    internal readonly struct UnprotectedRelease
    {
        public UnprotectedRelease(IOperation release, IOperation thrower)
        {
            Release = release;
            Thrower = thrower;
        }

        public IOperation Release { get; }

        public IOperation Thrower { get; }
    }

    /// <summary>The outcome of a walk (or of <see cref="StraightLineRelease"/>) for one resource.</summary>
    internal sealed class LocalResourceOutcome
    {
        public LeakKind Leak { get; set; }

        public LeakReason Reason { get; set; }

        /// <summary>
        /// Explicit release calls, outside any finally, reached after an operation that can throw: an
        /// exception skips them. Only filled when there is no normal-path leak.
        /// </summary>
        public List<UnprotectedRelease> UnprotectedReleases { get; } = new List<UnprotectedRelease>();

        /// <summary>
        /// Explicit release calls in a finally whose try starts after an operation that can throw, reached
        /// from the creation: an exception there, before the try, skips them. Only filled when there is no normal-path leak.
        /// </summary>
        public List<UnprotectedRelease> LateTryReleases { get; } = new List<UnprotectedRelease>();

        /// <summary>
        /// Explicit <c>throw</c>s of the function reached while it holds the resource, that no catch of the
        /// function can stop and no finally releases the resource for. Only filled when there is no normal-path leak.
        /// </summary>
        public List<IOperation> ThrowLeaks { get; } = new List<IOperation>();
    }

    /// <summary>
    /// Follows a local resource through its function's <see cref="ControlFlowGraph"/>: from the acquisition,
    /// every normal path must release it (Dispose / DisposeAsync / Close, <c>using</c>, a finally that does)
    /// or hand it on (<see cref="OwnershipTransfer"/>). Copies into other locals and flow captures stand for
    /// the same resource; the branch on which it is null (<c>x?.Dispose()</c>, <c>if (x != null)</c>,
    /// <c>x is IDisposable d</c>) needs no release. Exceptional paths are not followed for MEM001; MEM003
    /// asks which explicit releases an exception could skip.
    /// </summary>
    internal sealed class LocalResourceWalk
    {
        private readonly ControlFlowGraph _graph;
        private readonly List<IOperation>[] _operations;

        public LocalResourceWalk(ControlFlowGraph graph)
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
                OperationCount += list.Count;
            }
        }

        /// <summary>Operations in the graph: what one walk costs the per-function budget.</summary>
        public int OperationCount { get; }

        public LocalResourceOutcome Analyze(LocalResource resource, KnownSymbols known, MemRulesOptions options)
        {
            var aliases = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default) { resource.Local };
            var captures = new HashSet<CaptureId>();
            FindAliases(aliases, captures);
            var events = CollectEvents(resource, known, options, aliases, captures);
            var outcome = new LocalResourceOutcome();
            if (events.StartBlock < 0)
            {
                // The graph lowered the acquisition out of recognition: say nothing.
                return outcome;
            }

            var paths = Walk(events, aliases, captures);
            if (!events.AnyRelease || (!paths.ReachedRelease && paths.FlowReason == LeakReason.None))
            {
                // Nothing on any path from the creation releases or hands it on (a release elsewhere is of another value).
                outcome.Leak = LeakKind.NeverReleased;
            }
            else if (paths.FlowReason != LeakReason.None || paths.ExitLeak)
            {
                // `parent?.Add(view)` hands the resource on only when `parent` is not null: the other
                // branch is a leak in theory, and in practice code where the receiver is never null.
                if (!events.HandedOnUnderConditionalAccess)
                {
                    outcome.Leak = LeakKind.NotOnEveryPath;
                    outcome.Reason = paths.FlowReason != LeakReason.None ? paths.FlowReason : ExitReason(resource, events.ReleasePositions);
                }
            }
            else
            {
                outcome.UnprotectedReleases.AddRange(paths.UnprotectedReleases);
                outcome.LateTryReleases.AddRange(paths.LateTryReleases);
                outcome.ThrowLeaks.AddRange(paths.ThrowLeaks);
            }

            return outcome;
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

        /// <summary>What happens to the resource in each block, in evaluation order, and the regions that release it.</summary>
        private sealed class Events
        {
            public Events(int blocks) => ByBlock = new List<Event>?[blocks];

            public List<Event>?[] ByBlock { get; }

            public int StartBlock { get; set; } = -1;

            public int StartIndex { get; set; } = -1;

            public bool AnyRelease { get; set; }

            public bool HandedOnUnderConditionalAccess { get; set; }

            public List<int> ReleasePositions { get; } = new List<int>();

            public HashSet<ControlFlowRegion> ReleasingFinally { get; } = new HashSet<ControlFlowRegion>();

            /// <summary>Try regions whose catch releases: an exception there takes a covered path.</summary>
            public HashSet<ControlFlowRegion> ReleasingCatchTry { get; } = new HashSet<ControlFlowRegion>();
        }

        private Events CollectEvents(LocalResource resource, KnownSymbols known, MemRulesOptions options, HashSet<ILocalSymbol> aliases, HashSet<CaptureId> captures)
        {
            var events = new Events(_operations.Length);
            for (int b = 0; b < _operations.Length; b++)
            {
                List<Event>? list = null;
                foreach (var operation in _operations[b])
                {
                    var (kind, subject) = Classify(operation, resource, known, options, aliases, captures, events);
                    if (kind == null)
                    {
                        continue;
                    }

                    list ??= new List<Event>();
                    if (kind == EventKind.Acquire && events.StartBlock < 0)
                    {
                        events.StartBlock = b;
                        events.StartIndex = list.Count;
                    }

                    if (kind is EventKind.Release or EventKind.HandOn)
                    {
                        events.AnyRelease = true;
                        events.ReleasePositions.Add(subject.Syntax.SpanStart);
                        RecordReleasingRegions(_graph.Blocks[b], events);
                    }

                    list.Add(new Event(kind.Value, subject));
                }

                events.ByBlock[b] = list;
            }

            return events;
        }

        private static (EventKind? Kind, IOperation Subject) Classify(
            IOperation operation, LocalResource resource, KnownSymbols known, MemRulesOptions options,
            HashSet<ILocalSymbol> aliases, HashSet<CaptureId> captures, Events events)
        {
            switch (operation)
            {
                case ILocalReferenceOperation local when !local.IsDeclaration && aliases.Contains(local.Local):
                case IFlowCaptureReferenceOperation capture when captures.Contains(capture.Id):
                    if (resource.HandedOnThroughDerived?.Contains(operation.Syntax) == true)
                    {
                        return (EventKind.HandOn, operation);
                    }

                    switch (OwnershipTransfer.Classify(operation, known, options))
                    {
                        case ResourceUse.Releases:
                            return (EventKind.Release, ReleaseCall(operation));
                        case ResourceUse.HandsOn:
                            events.HandedOnUnderConditionalAccess |= IsUnderConditionalAccess(operation.Syntax);
                            return (EventKind.HandOn, operation);
                        default:
                            return (null, operation);
                    }

                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                    when SymbolEqualityComparer.Default.Equals(target.Local, resource.Local):
                    var value = Operations.StripConversions(assignment.Value);
                    if (value?.Syntax == resource.Acquisition.Syntax)
                    {
                        return (EventKind.Acquire, operation);
                    }

                    return (IsAlias(value, aliases, captures) ? null : EventKind.Reassign, operation);

                case var other when Operations.MayThrow(other):
                    return (EventKind.MayThrow, operation);

                default:
                    return (null, operation);
            }
        }

        private static void RecordReleasingRegions(BasicBlock block, Events events)
        {
            for (var region = block.EnclosingRegion; region != null; region = region.EnclosingRegion)
            {
                if (region.Kind == ControlFlowRegionKind.Finally)
                {
                    events.ReleasingFinally.Add(region);
                }
                else if (region.Kind is ControlFlowRegionKind.Catch or ControlFlowRegionKind.FilterAndHandler &&
                         region.EnclosingRegion is { Kind: ControlFlowRegionKind.TryAndCatch } tryAndCatch &&
                         tryAndCatch.NestedRegions.Length > 0)
                {
                    // An exception in the try reaches a catch that releases: that error path is covered.
                    events.ReleasingCatchTry.Add(tryAndCatch.NestedRegions[0]);
                }
            }
        }

        /// <summary>What the paths from the acquisition met: a leak on the way, the exit, releases, throws.</summary>
        private sealed class Paths
        {
            public LeakReason FlowReason { get; set; }

            public bool ExitLeak { get; set; }

            public bool ReachedRelease { get; set; }

            public List<UnprotectedRelease> UnprotectedReleases { get; } = new List<UnprotectedRelease>();

            public List<UnprotectedRelease> LateTryReleases { get; } = new List<UnprotectedRelease>();

            public List<IOperation> ThrowLeaks { get; } = new List<IOperation>();
        }

        private Paths Walk(Events events, HashSet<ILocalSymbol> aliases, HashSet<CaptureId> captures)
        {
            var paths = new Paths();
            var visited = new HashSet<(int, bool)>();
            var work = new Stack<(int Block, int Index, IOperation? Thrower)>();
            work.Push((events.StartBlock, events.StartIndex + 1, null));
            while (work.Count > 0)
            {
                var (b, index, thrower) = work.Pop();
                if (WalkBlockEvents(events, b, index, ref thrower, paths))
                {
                    continue;
                }

                var block = _graph.Blocks[b];
                if (block.Kind == BasicBlockKind.Exit)
                {
                    paths.ExitLeak = true;
                    continue;
                }

                if (block.FallThroughSuccessor?.Semantics == ControlFlowBranchSemantics.Throw && block.BranchValue != null &&
                    !MayBeCaughtOrReleased(block, events))
                {
                    paths.ThrowLeaks.Add(block.BranchValue);
                }

                var nullWhen = block.BranchValue == null ? null : NullWhen(block.BranchValue, aliases, captures);
                if (block.ConditionalSuccessor != null)
                {
                    // The successor taken when the condition is `nullWhen` sees no resource: nothing to release there.
                    bool conditionalIsNullSide = nullWhen != null && nullWhen.Value == (block.ConditionKind == ControlFlowConditionKind.WhenTrue);
                    bool fallThroughIsNullSide = nullWhen != null && !conditionalIsNullSide;
                    if (!conditionalIsNullSide)
                    {
                        Follow(block.ConditionalSuccessor, thrower, events, visited, work, paths);
                    }

                    if (!fallThroughIsNullSide && block.FallThroughSuccessor != null)
                    {
                        Follow(block.FallThroughSuccessor, thrower, events, visited, work, paths);
                    }
                }
                else if (block.FallThroughSuccessor != null)
                {
                    Follow(block.FallThroughSuccessor, thrower, events, visited, work, paths);
                }
            }

            return paths;
        }

        /// <summary>
        /// Goes through one block's events from <paramref name="index"/>; true when the path ends there.
        /// <paramref name="thrower"/> is the first operation on the path that can throw (and no catch covers).
        /// </summary>
        private bool WalkBlockEvents(Events events, int b, int index, ref IOperation? thrower, Paths paths)
        {
            var list = events.ByBlock[b];
            for (int i = index; list != null && i < list.Count; i++)
            {
                var e = list[i];
                switch (e.Kind)
                {
                    case EventKind.Acquire:
                        paths.FlowReason = paths.FlowReason == LeakReason.None ? LeakReason.NextIteration : paths.FlowReason;
                        return true;
                    case EventKind.Reassign:
                        paths.FlowReason = paths.FlowReason == LeakReason.None ? LeakReason.Reassigned : paths.FlowReason;
                        return true;
                    case EventKind.Release:
                        paths.ReachedRelease = true;
                        if (thrower != null && !e.Operation.IsImplicit && !InFinally(_graph.Blocks[b]))
                        {
                            paths.UnprotectedReleases.Add(new UnprotectedRelease(e.Operation, thrower));
                        }

                        return true;
                    case EventKind.HandOn:
                        paths.ReachedRelease = true;
                        return true;
                    case EventKind.MayThrow:
                        if (thrower == null && !InRegion(_graph.Blocks[b], events.ReleasingCatchTry))
                        {
                            thrower = e.Operation;
                        }

                        break;
                }
            }

            return false;
        }

        private static void Follow(ControlFlowBranch branch, IOperation? thrower, Events events, HashSet<(int, bool)> visited, Stack<(int, int, IOperation?)> work, Paths paths)
        {
            foreach (var region in branch.FinallyRegions)
            {
                if (events.ReleasingFinally.Contains(region))
                {
                    paths.ReachedRelease = true; // the path leaves through a finally that releases it (a using, a try/finally)
                    if (thrower != null && ExplicitReleaseIn(region, events) is { } release && TryStartsAfter(release.Syntax, thrower.Syntax))
                    {
                        paths.LateTryReleases.Add(new UnprotectedRelease(release, thrower));
                    }

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
            if (destination != null && visited.Add((destination.Ordinal, thrower != null)))
            {
                work.Push((destination.Ordinal, 0, thrower));
            }
        }

        /// <summary>
        /// True when a throw in <paramref name="block"/> may be caught in the function (a try with catches
        /// around it), or a finally around it releases the resource.
        /// </summary>
        private static bool MayBeCaughtOrReleased(BasicBlock block, Events events)
        {
            for (var region = block.EnclosingRegion; region != null; region = region.EnclosingRegion)
            {
                if (region.Kind == ControlFlowRegionKind.Try && region.EnclosingRegion is { } handled)
                {
                    if (handled.Kind == ControlFlowRegionKind.TryAndCatch ||
                        (handled.Kind == ControlFlowRegionKind.TryAndFinally && handled.NestedRegions.Length > 1 &&
                         events.ReleasingFinally.Contains(handled.NestedRegions[1])))
                    {
                        return true;
                    }
                }
                else if (region.Kind is ControlFlowRegionKind.Catch or ControlFlowRegionKind.Filter or ControlFlowRegionKind.FilterAndHandler or ControlFlowRegionKind.Finally)
                {
                    return true; // already on an exceptional path
                }
            }

            return false;
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
                        changed |= AddAlias(operation, aliases, captures);
                    }
                }
            }
        }

        private static bool AddAlias(IOperation operation, HashSet<ILocalSymbol> aliases, HashSet<CaptureId> captures)
        {
            switch (operation)
            {
                case IFlowCaptureOperation capture when IsAlias(capture.Value, aliases, captures):
                    return captures.Add(capture.Id);
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                    when target.Local.RefKind == RefKind.None && IsAlias(assignment.Value, aliases, captures):
                    return aliases.Add(target.Local);
                case IIsPatternOperation pattern when IsAlias(pattern.Value, aliases, captures):
                    var declared = pattern.Pattern switch
                    {
                        IDeclarationPatternOperation declaration => declaration.DeclaredSymbol,
                        IRecursivePatternOperation recursive => recursive.DeclaredSymbol,
                        _ => null,
                    };
                    return declared is ILocalSymbol local && aliases.Add(local);
                default:
                    return false;
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
                    // `x.ConfigureAwait(false)` on an IAsyncDisposable is an extension: x is its first argument.
                    return IsAlias(configure.Instance ?? (configure.Arguments.Length > 0 ? configure.Arguments[0].Value : null), aliases, captures);
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

        /// <summary>The release call written in a finally region (not a using's implicit one), if any.</summary>
        private static IOperation? ExplicitReleaseIn(ControlFlowRegion region, Events events)
        {
            for (int b = region.FirstBlockOrdinal; b <= region.LastBlockOrdinal; b++)
            {
                foreach (var e in events.ByBlock[b] ?? (IEnumerable<Event>)System.Array.Empty<Event>())
                {
                    if (e.Kind == EventKind.Release && !e.Operation.IsImplicit)
                    {
                        return e.Operation;
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// The release is in the finally of a try that starts after <paramref name="thrower"/>, and no try around the
        /// thrower can stop its exception or release the resource: it escapes before the finally is in force.
        /// </summary>
        private static bool TryStartsAfter(SyntaxNode release, SyntaxNode thrower)
        {
            var @try = release.FirstAncestorOrSelf<FinallyClauseSyntax>()?.Parent as TryStatementSyntax;
            if (@try == null || thrower.SpanStart >= @try.SpanStart || OpensTheReleased(thrower, release))
            {
                return false;
            }

            foreach (var ancestor in thrower.Ancestors())
            {
                // A catch may stop the exception, an outer finally may release the resource too: precision first.
                if (ancestor is TryStatementSyntax guarded && (guarded.Catches.Count > 0 || guarded.Finally != null) &&
                    guarded.Block.Span.Contains(thrower.Span))
                {
                    return false;
                }

                if (ancestor is MemberDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                {
                    break;
                }
            }

            return true;
        }

        /// <summary>
        /// <c>store.Open(...)</c> before the try of <c>store.Close()</c>: the call that acquires what the release frees
        /// (<c>Open*</c>, <c>Connect*</c>, <c>Start*</c>) holds nothing when it throws.
        /// </summary>
        private static bool OpensTheReleased(SyntaxNode thrower, SyntaxNode release) =>
            thrower is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax opened } open } &&
            (open.Name.Identifier.ValueText.StartsWith("Open", System.StringComparison.Ordinal) ||
             open.Name.Identifier.ValueText.StartsWith("Connect", System.StringComparison.Ordinal) ||
             open.Name.Identifier.ValueText.StartsWith("Start", System.StringComparison.Ordinal)) &&
            release.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault()?.Expression is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax released } &&
            released.Identifier.ValueText == opened.Identifier.ValueText;

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

        /// <summary>Why a path reaches the end of the function holding the resource, from the code between acquisition and the last release.</summary>
        private static LeakReason ExitReason(LocalResource resource, List<int> releasePositions)
        {
            int start = resource.Acquisition.Syntax.Span.End;
            int last = start;
            foreach (var position in releasePositions)
            {
                last = System.Math.Max(last, position);
            }

            var body = resource.Function?.Syntax ?? FunctionGraphs.Root(resource.Acquisition).Syntax;
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
                        return LeakReason.EarlyReturn;
                    case BreakStatementSyntax when EnclosesAcquisition(node, resource):
                        sawBreak = true;
                        break;
                    case ContinueStatementSyntax when EnclosesAcquisition(node, resource):
                        sawContinue = true;
                        break;
                }
            }

            return sawBreak ? LeakReason.Break : sawContinue ? LeakReason.Continue : LeakReason.SomeBranches;
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

        private static void AddPostOrder(IOperation operation, List<IOperation> list)
        {
            foreach (var child in operation.ChildOperations)
            {
                AddPostOrder(child, list);
            }

            list.Add(operation);
        }
    }
}
