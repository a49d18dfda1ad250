using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>Small operation-tree helpers every rule needs.</summary>
    internal static class Operations
    {
        /// <summary>Strips conversions and parentheses: <c>(IDisposable)(x)</c> is <c>x</c>.</summary>
        public static IOperation? StripConversions(IOperation? operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case IConversionOperation conversion:
                        operation = conversion.Operand;
                        continue;
                    case IParenthesizedOperation parenthesized:
                        operation = parenthesized.Operand;
                        continue;
                    default:
                        return operation;
                }
            }
        }

        /// <summary>The local, parameter, field or property that a reference operation names, if any.</summary>
        public static ISymbol? ReferencedSymbol(IOperation? operation)
        {
            switch (StripConversions(operation))
            {
                case ILocalReferenceOperation local:
                    return local.Local;
                case IParameterReferenceOperation parameter:
                    return parameter.Parameter;
                case IFieldReferenceOperation field:
                    return field.Field;
                case IPropertyReferenceOperation property:
                    return property.Property;
                default:
                    return null;
            }
        }

        /// <summary>
        /// The receiver of an instance call, seen through <c>?.</c>: for <c>x?.Dispose()</c> it is <c>x</c>.
        /// </summary>
        public static IOperation? GetReceiver(IInvocationOperation invocation)
        {
            var instance = invocation.Instance;
            if (instance is IConditionalAccessInstanceOperation)
            {
                for (var parent = invocation.Parent; parent != null; parent = parent.Parent)
                {
                    if (parent is IConditionalAccessOperation conditional)
                    {
                        return StripConversions(conditional.Operation);
                    }
                }

                return null;
            }

            return StripConversions(instance);
        }
    }
}
