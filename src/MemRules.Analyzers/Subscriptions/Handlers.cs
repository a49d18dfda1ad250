using MemRules.Analyzers.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Subscriptions
{
    /// <summary>
    /// Whether what a subscription hands the publisher keeps this object alive: an instance method of the type
    /// on <c>this</c>, a lambda, anonymous method or local function that uses instance members — or, for a
    /// token subscription, <c>this</c> itself (an observer, a callback's state).
    /// </summary>
    internal static class Handlers
    {
        /// <summary>
        /// True when the handler keeps this object alive: an instance method of this type on <c>this</c>
        /// (<paramref name="handler"/> is it), or a lambda, anonymous method or local function that uses
        /// instance members (<paramref name="handler"/> is null).
        /// </summary>
        public static bool TryGetHandler(IOperation? handlerValue, out IMethodSymbol? handler)
        {
            handler = null;
            if (handlerValue is not IDelegateCreationOperation creation)
            {
                return false;
            }

            switch (creation.Target)
            {
                case IMethodReferenceOperation { Method.MethodKind: MethodKind.LocalFunction } localFunction:
                    handler = localFunction.Method.OriginalDefinition;
                    return !localFunction.Method.IsStatic && LocalFunctionUsesThisAndIsNotKept(creation, localFunction.Method);
                case IMethodReferenceOperation reference:
                    if (reference.Method.IsStatic || !TypeDisposal.IsThis(reference.Instance))
                    {
                        return false;
                    }

                    handler = reference.Method.OriginalDefinition;
                    return true;
                case IAnonymousFunctionOperation lambda:
                    return !lambda.Symbol.IsStatic && UsesThis(lambda.Body);
                default:
                    return false;
            }
        }

        /// <summary>Some argument of a token subscription keeps this object alive: a handler as above, or <c>this</c>.</summary>
        public static bool AnyKeepsThisAlive(IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                var value = Operations.StripConversions(argument.Value);
                if (TypeDisposal.IsThis(value) || TryGetHandler(value, out _))
                {
                    return true;
                }
            }

            return false;
        }

        public static bool UsesThis(IOperation body)
        {
            foreach (var operation in body.Descendants())
            {
                if (operation is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A local function handler keeps this alive when it uses instance members; when the method also
        /// keeps it elsewhere (passes or stores it), it can be unsubscribed later and is not reported.
        /// </summary>
        private static bool LocalFunctionUsesThisAndIsNotKept(IOperation use, IMethodSymbol localFunction)
        {
            bool usesThis = false;
            foreach (var operation in FunctionGraphs.Root(use).Descendants())
            {
                if (operation is ILocalFunctionOperation declared &&
                    SymbolEqualityComparer.Default.Equals(declared.Symbol, localFunction))
                {
                    usesThis = declared.Body != null && UsesThis(declared.Body);
                }
                else if (operation is IMethodReferenceOperation reference &&
                         SymbolEqualityComparer.Default.Equals(reference.Method, localFunction) &&
                         !(reference.Parent is IDelegateCreationOperation { Parent: IEventAssignmentOperation or IArgumentOperation { Parent: IInvocationOperation } } &&
                           IsSubscribing(reference.Parent.Parent!)))
                {
                    return false;
                }
            }

            return usesThis;
        }

        // The delegate goes straight into a `+=` or into a subscription call's arguments.
        private static bool IsSubscribing(IOperation operation) =>
            operation is IEventAssignmentOperation ||
            (operation is IArgumentOperation { Parent: IInvocationOperation invocation } && SubscriptionMethods.Match(invocation) != null);
    }
}
