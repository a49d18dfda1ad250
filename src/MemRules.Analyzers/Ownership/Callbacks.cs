using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>When a lambda or local function outlives the function that makes it.</summary>
    internal static class Callbacks
    {
        /// <summary>
        /// True when the callback (a lambda, or any delegate made from a local function) is returned, stored
        /// outside a plain call's arguments, subscribed to an event, or kept in a local: it may run after the
        /// function has ended. Passed straight to a call (<c>Flush(ex => done.Set())</c>), it is assumed to run
        /// while the caller waits.
        /// </summary>
        public static bool Escapes(IOperation callback, IOperation root)
        {
            if (callback is ILocalFunctionOperation localFunction)
            {
                foreach (var operation in root.Descendants())
                {
                    if (operation is IMethodReferenceOperation reference &&
                        SymbolEqualityComparer.Default.Equals(reference.Method, localFunction.Symbol) && DelegateEscapes(reference))
                    {
                        return true;
                    }
                }

                return false;
            }

            return DelegateEscapes(callback);
        }

        private static bool DelegateEscapes(IOperation value)
        {
            var current = value;
            var parent = value.Parent;
            while (parent is IConversionOperation or IParenthesizedOperation or IDelegateCreationOperation)
            {
                current = parent;
                parent = parent.Parent;
            }

            return parent switch
            {
                IArgumentOperation => false,
                IInvocationOperation invocation => invocation.Instance != current, // Invoke() on it runs it now
                IExpressionStatementOperation => false,
                _ => true, // returned, assigned, subscribed, initialized into a local or a collection
            };
        }
    }
}
