using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>
    /// A <c>try</c>/<c>finally</c> (no catch) whose <c>finally</c> disposes a local declared just before the
    /// <c>try</c> — or declared null there and assigned by the try's first statement — that the try does not
    /// otherwise reassign and nothing after the try uses: exactly what a <c>using</c> does.
    /// </summary>
    internal sealed class TryFinallyDisposal
    {
        private TryFinallyDisposal(ILocalSymbol local, IOperation disposeStatement, IOperation disposeCall, bool isAsync, bool assignedInTry, bool isLastInFinally)
        {
            Local = local;
            DisposeStatement = disposeStatement;
            DisposeCall = disposeCall;
            IsAsync = isAsync;
            AssignedInTry = assignedInTry;
            IsLastInFinally = isLastInFinally;
        }

        public ILocalSymbol Local { get; }

        /// <summary>The finally's statement that disposes the local.</summary>
        public IOperation DisposeStatement { get; }

        /// <summary>The Dispose / DisposeAsync invocation (the diagnostic's location).</summary>
        public IOperation DisposeCall { get; }

        public bool IsAsync { get; }

        /// <summary>True for <c>T x = null; try { x = ...; ... }</c>.</summary>
        public bool AssignedInTry { get; }

        /// <summary>Whether the dispose runs after every other finally statement (a rewrite keeps the order then).</summary>
        public bool IsLastInFinally { get; }

        public static TryFinallyDisposal? Find(ITryOperation @try, KnownSymbols known)
        {
            if (@try.Finally == null || @try.Catches.Length > 0 || @try.Parent is not IBlockOperation block)
            {
                return null;
            }

            int index = block.Operations.IndexOf(@try);
            if (index < 1 ||
                block.Operations[index - 1] is not IVariableDeclarationGroupOperation { Declarations: { Length: 1 } declarations } group ||
                group.Parent is IUsingDeclarationOperation ||
                declarations[0].Declarators.Length != 1)
            {
                return null;
            }

            var declarator = declarations[0].Declarators[0];
            var local = declarator.Symbol;
            if (local.RefKind != RefKind.None || local.IsConst)
            {
                return null;
            }

            var initializer = declarator.Initializer?.Value ?? declarations[0].Initializer?.Value;
            bool assignedInTry = false;
            if (initializer == null || IsNullOrDefault(initializer))
            {
                if (@try.Body.Operations.Length == 0 ||
                    @try.Body.Operations[0] is not IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: ILocalReferenceOperation target, Value: var value } } ||
                    !SymbolEqualityComparer.Default.Equals(target.Local, local) || IsNullOrDefault(value))
                {
                    return null;
                }

                assignedInTry = true;
            }

            IOperation? disposeStatement = null, disposeCall = null;
            bool isAsync = false;
            var statements = @try.Finally.Operations;
            for (int i = 0; i < statements.Length; i++)
            {
                var call = DisposeIn(statements[i], local, out var async);
                if (call != null && disposeStatement == null)
                {
                    disposeStatement = statements[i];
                    disposeCall = call;
                    isAsync = async;
                }
                else if (References(statements[i], local))
                {
                    // The finally does more with the local than dispose it.
                    return null;
                }
            }

            if (disposeStatement == null || disposeCall == null ||
                !(isAsync ? known.IsAsyncDisposable(local.Type) : known.IsSyncDisposable(local.Type)))
            {
                return null;
            }

            // Not reassigned inside the try (beyond the first assignment), not used after the finally.
            for (int i = assignedInTry ? 1 : 0; i < @try.Body.Operations.Length; i++)
            {
                if (Writes(@try.Body.Operations[i], local))
                {
                    return null;
                }
            }

            for (int i = index + 1; i < block.Operations.Length; i++)
            {
                if (References(block.Operations[i], local))
                {
                    return null;
                }
            }

            return new TryFinallyDisposal(local, disposeStatement, disposeCall, isAsync, assignedInTry, disposeStatement == statements[statements.Length - 1]);
        }

        private static bool IsNullOrDefault(IOperation value) =>
            Operations.StripConversions(value) is { ConstantValue: { HasValue: true, Value: null } } or IDefaultValueOperation;

        /// <summary><c>x.Dispose();</c>, <c>x?.Dispose();</c>, <c>await x.DisposeAsync()[.ConfigureAwait(..)];</c>, or one of them under <c>if (x != null)</c>.</summary>
        private static IOperation? DisposeIn(IOperation statement, ILocalSymbol local, out bool isAsync)
        {
            isAsync = false;
            switch (statement)
            {
                case IConditionalOperation { WhenFalse: null, WhenTrue: var whenTrue, Condition: var condition } when IsNotNullCheck(condition, local):
                    if (whenTrue is IBlockOperation { Operations.Length: 1 } inner)
                    {
                        whenTrue = inner.Operations[0];
                    }

                    return whenTrue is IConditionalOperation ? null : DisposeIn(whenTrue, local, out isAsync);

                case IExpressionStatementOperation { Operation: var expression }:
                    if (expression is IConditionalAccessOperation { WhenNotNull: IInvocationOperation conditional } access &&
                        conditional.TargetMethod.Name == "Dispose" && conditional.Arguments.Length == 0 &&
                        Is(access.Operation, local))
                    {
                        return conditional;
                    }

                    expression = Operations.WithoutAwait(expression, out isAsync);
                    if (isAsync)
                    {
                        return expression is IInvocationOperation { TargetMethod.Name: "DisposeAsync", Arguments.Length: 0 } disposeAsync && Is(disposeAsync.Instance, local)
                            ? disposeAsync
                            : null;
                    }

                    return expression is IInvocationOperation { TargetMethod.Name: "Dispose", Arguments.Length: 0 } dispose && Is(dispose.Instance, local)
                        ? dispose
                        : null;

                default:
                    return null;
            }
        }

        private static bool IsNotNullCheck(IOperation condition, ILocalSymbol local) => condition switch
        {
            IBinaryOperation { OperatorKind: BinaryOperatorKind.NotEquals } binary =>
                (Is(binary.LeftOperand, local) && IsNullOrDefault(binary.RightOperand)) || (Is(binary.RightOperand, local) && IsNullOrDefault(binary.LeftOperand)),
            IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation constant } } pattern =>
                Is(pattern.Value, local) && IsNullOrDefault(constant.Value),
            _ => false,
        };

        private static bool Is(IOperation? operation, ILocalSymbol local) =>
            SymbolEqualityComparer.Default.Equals(Operations.ReferencedSymbol(operation), local);

        private static bool References(IOperation operation, ILocalSymbol local)
        {
            foreach (var node in operation.DescendantsAndSelf())
            {
                if (node is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Writes(IOperation operation, ILocalSymbol local)
        {
            foreach (var node in operation.DescendantsAndSelf())
            {
                if (node is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
                {
                    var parent = reference.Parent;
                    if ((parent is IAssignmentOperation assignment && assignment.Target == reference) ||
                        parent is IIncrementOrDecrementOperation ||
                        (parent is IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out }) ||
                        parent is ITupleOperation ||
                        reference.IsDeclaration)
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
