using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>Small operation-tree helpers every rule needs.</summary>
    internal static class Operations
    {
        // Kinds the host's Roslyn may know (4.9+) though the 4.8 API we compile against does not.
        private static readonly OperationKind? CollectionExpressionKind =
            System.Enum.TryParse("CollectionExpression", out OperationKind collection) ? collection : null;

        private static readonly OperationKind? SpreadKind =
            System.Enum.TryParse("Spread", out OperationKind spread) ? spread : null;

        /// <summary>A collection expression (<c>[a, b]</c>) or a spread in one, as a newer host's Roslyn reports them.</summary>
        public static bool IsCollectionExpression(IOperation operation) =>
            (CollectionExpressionKind is { } collection && operation.Kind == collection) ||
            (SpreadKind is { } spread && operation.Kind == spread);

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

        /// <summary>
        /// The operation that uses <paramref name="value"/>, seen through conversions, parentheses and a
        /// conditional access whose result it is (<c>x?.M()</c>); <paramref name="current"/> is the value with those.
        /// </summary>
        public static IOperation? UserOf(IOperation value, out IOperation current)
        {
            current = value;
            var parent = value.Parent;
            while (parent is IConversionOperation or IParenthesizedOperation ||
                   (parent is IConditionalAccessOperation conditional && conditional.WhenNotNull == current))
            {
                current = parent;
                parent = parent.Parent;
            }

            return parent;
        }

        /// <summary>The body <paramref name="operation"/> runs in: the member's, or the lambda's or local function's around it.</summary>
        public static IOperation FunctionBody(IOperation operation)
        {
            while (operation.Parent != null && operation.Parent is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
            {
                operation = operation.Parent;
            }

            return operation;
        }

        /// <summary>
        /// What is awaited: for <c>await x.M()</c> and <c>await x.M().ConfigureAwait(false)</c> it is <c>x.M()</c>
        /// (<paramref name="awaited"/> true); any other expression is returned as it is.
        /// </summary>
        public static IOperation WithoutAwait(IOperation expression, out bool awaited)
        {
            awaited = expression is IAwaitOperation;
            if (expression is IAwaitOperation await)
            {
                expression = StripConversions(await.Operation)!;
                if (expression is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured })
                {
                    expression = StripConversions(configured)!;
                }
            }

            return expression;
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
    
        /// <summary>
        /// Whether evaluating this one operation (not its children) can throw, for MEM003's "an exception
        /// skips the release": calls, creations, awaits and throws can; a few calls that never throw do not.
        /// </summary>
        public static bool MayThrow(IOperation operation)
        {
            switch (operation)
            {
                case IInvocationOperation invocation:
                    return !NeverThrows(invocation.TargetMethod);
                case IObjectCreationOperation:
                case IAwaitOperation:
                case IThrowOperation:
                case IDynamicInvocationOperation:
                case IDynamicObjectCreationOperation:
                    return true;
                default:
                    return false;
            }
        }

        // GC.KeepAlive and GC.SuppressFinalize do nothing that can fail.
        private static bool NeverThrows(IMethodSymbol method) =>
            method.IsStatic &&
            (method.Name == "KeepAlive" || method.Name == "SuppressFinalize") &&
            method.ContainingType is { Name: "GC", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
    }
}
