using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>
    /// The common shape that needs no control flow graph: <c>var x = new R(); ...; x.Dispose();</c>, the
    /// release a later statement of the same block, and only straight-line code in between (expression
    /// statements, declarations, <c>if</c>s, blocks: no jump, loop, try, switch or throw) that merely uses
    /// <c>x</c>. Every normal path then reaches the release, and an exception can skip it exactly when an
    /// operation in between can throw: the answer <see cref="LocalResourceWalk"/> would give, without
    /// building the method's graph (for a generated method of 10,000 statements, most of the cost).
    /// Anything else returns null and goes to the graph.
    /// </summary>
    internal static class StraightLineRelease
    {
        /// <summary>
        /// The outcome when the resource has the straight-line shape, else null. Each operation visited
        /// costs one unit of <paramref name="budget"/>; past it, null (the caller's budget is spent too).
        /// </summary>
        public static LocalResourceOutcome? TryAnalyze(LocalResource resource, KnownSymbols known, MemRulesOptions options, ref long budget)
        {
            // A use that hands the resource on through a derived value is the graph's business.
            if (resource.HandedOnThroughDerived != null || !TryFindDeclaringStatement(resource, out var block, out int index) ||
                FindRelease(resource, block, known, options) is not { } release)
            {
                return null;
            }

            IOperation? thrower = null;
            var statements = block.Operations;
            for (int i = index + 1; i < statements.Length; i++)
            {
                var statement = statements[i];
                if (statement == release.Statement)
                {
                    var outcome = new LocalResourceOutcome();
                    if (thrower != null && !release.Call.IsImplicit && !InFinally(block))
                    {
                        outcome.UnprotectedReleases.Add(new UnprotectedRelease(release.Call, thrower));
                    }

                    return outcome;
                }

                if (!IsStraightLine(statement, resource.Local, known, options, ref thrower, ref budget))
                {
                    return null;
                }
            }

            return null;
        }

        /// <summary>The block and index of <c>var x = creation;</c>, a single declarator in a statement of a block.</summary>
        private static bool TryFindDeclaringStatement(LocalResource resource, out IBlockOperation block, out int index)
        {
            block = null!;
            index = -1;
            var current = resource.Acquisition.Parent;
            while (current is IConversionOperation or IParenthesizedOperation)
            {
                current = current.Parent;
            }

            if (current is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } ||
                !SymbolEqualityComparer.Default.Equals(declarator.Symbol, resource.Local) ||
                declarator.Parent is not IVariableDeclarationOperation { Declarators.Length: 1, Initializer: null } declaration ||
                declaration.Parent is not IVariableDeclarationGroupOperation { Declarations.Length: 1 } group ||
                group.Parent is not IBlockOperation parent)
            {
                return false;
            }

            block = parent;
            index = IndexOf(block.Operations, group);
            return index >= 0;
        }

        /// <summary>
        /// The first statement of <paramref name="block"/> after the acquisition that is a release of the
        /// resource itself, found from the resource's references rather than by scanning the block.
        /// </summary>
        private static (IOperation Statement, IOperation Call)? FindRelease(LocalResource resource, IBlockOperation block, KnownSymbols known, MemRulesOptions options)
        {
            int after = resource.Acquisition.Syntax.Span.End;
            foreach (var reference in resource.References)
            {
                if (reference.Syntax.SpanStart < after)
                {
                    continue;
                }

                var statement = StatementIn(block, reference);
                if (statement != null && ReleaseIn(statement, resource.Local, known, options) is { } call)
                {
                    return (statement, call);
                }
            }

            return null;
        }

        /// <summary>The statement of <paramref name="block"/> that holds <paramref name="operation"/>, if any.</summary>
        private static IOperation? StatementIn(IBlockOperation block, IOperation operation)
        {
            for (var current = operation; current.Parent != null; current = current.Parent)
            {
                if (current.Parent == block)
                {
                    return current;
                }
            }

            return null;
        }

        /// <summary>Statements are in source order: a binary search by position, not a scan of a long block.</summary>
        private static int IndexOf(System.Collections.Immutable.ImmutableArray<IOperation> statements, IOperation statement)
        {
            int low = 0, high = statements.Length - 1, start = statement.Syntax.SpanStart;
            while (low <= high)
            {
                int middle = low + ((high - low) / 2);
                int position = statements[middle].Syntax.SpanStart;
                if (position == start)
                {
                    return statements[middle] == statement ? middle : statements.IndexOf(statement);
                }

                if (position < start)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle - 1;
                }
            }

            return statements.IndexOf(statement);
        }

        /// <summary>
        /// The release call when <paramref name="statement"/> is <c>x.Dispose();</c> / <c>x.Close();</c> /
        /// <c>await x.DisposeAsync();</c> on the resource itself.
        /// </summary>
        private static IOperation? ReleaseIn(IOperation statement, ILocalSymbol local, KnownSymbols known, MemRulesOptions options)
        {
            return statement is IExpressionStatementOperation { Operation: var expression } &&
                   Operations.WithoutAwait(expression, out _) is IInvocationOperation invocation &&
                   Operations.StripConversions(invocation.Instance) is ILocalReferenceOperation reference &&
                   SymbolEqualityComparer.Default.Equals(reference.Local, local) &&
                   OwnershipTransfer.Classify(reference, known, options) == ResourceUse.Releases
                ? invocation
                : null;
        }

        /// <summary>
        /// True when every path through <paramref name="operation"/> falls through to the next statement and
        /// it only reads the resource; sets <paramref name="thrower"/> to the first operation in it that can throw.
        /// Lambda and local function bodies do not run here: they are not entered (a resource they dispose,
        /// store or return is handed to them and never gets here).
        /// </summary>
        private static bool IsStraightLine(IOperation operation, ILocalSymbol local, KnownSymbols known, MemRulesOptions options, ref IOperation? thrower, ref long budget)
        {
            if (--budget < 0)
            {
                return false;
            }

            switch (operation)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return true;

                // Jumps, loops, exception handling and anything the graph lowers into extra calls or branches.
                case IBranchOperation or IReturnOperation or IThrowOperation or ILabeledOperation or
                     ILoopOperation or ISwitchOperation or ISwitchExpressionOperation or ITryOperation or
                     IUsingOperation or ILockOperation or IInvalidOperation or { Kind: OperationKind.None }:
                    return false;

                case ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, local):
                    return !reference.IsDeclaration && IsPlainUse(reference, known, options);
            }

            foreach (var child in operation.ChildOperations)
            {
                if (!IsStraightLine(child, local, known, options, ref thrower, ref budget))
                {
                    return false;
                }
            }

            // Children are evaluated first: the first operation that can throw is the innermost, leftmost one.
            if (thrower == null && Operations.MayThrow(operation))
            {
                thrower = operation;
            }

            return true;
        }

        /// <summary>
        /// A member access, a by-value argument the callee only borrows, or a comparison. Copies
        /// (assignments, <c>?:</c>, <c>??</c>, <c>?.</c>, patterns) become aliases in the graph: not here.
        /// </summary>
        private static bool IsPlainUse(ILocalReferenceOperation reference, KnownSymbols known, MemRulesOptions options)
        {
            var parent = reference.Parent;
            while (parent is IConversionOperation or IParenthesizedOperation)
            {
                parent = parent.Parent;
            }

            bool plainContext = parent switch
            {
                IInvocationOperation or IMemberReferenceOperation => true,
                IArgumentOperation argument => argument.Parameter?.RefKind is RefKind.None or RefKind.In,
                IBinaryOperation => true,
                _ => false,
            };
            return plainContext && OwnershipTransfer.Classify(reference, known, options) == ResourceUse.Keeps;
        }

        private static bool InFinally(IOperation operation)
        {
            for (var current = operation; current.Parent != null; current = current.Parent)
            {
                switch (current.Parent)
                {
                    case ITryOperation @try when @try.Finally == current:
                        return true;
                    case IAnonymousFunctionOperation or ILocalFunctionOperation:
                        return false;
                }
            }

            return false;
        }
    }
}
