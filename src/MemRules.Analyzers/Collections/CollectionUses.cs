using System.Collections.Generic;
using MemRules.Analyzers.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Collections
{
    /// <summary>
    /// How one use of a collection field affects its size: it grows it (<c>Add</c>, <c>cache[key] = v</c>),
    /// shrinks or bounds it (<c>Remove</c>, <c>Clear</c>, a size comparison, a swap), assigns it, or is
    /// neutral (reads, <c>foreach</c>, read-only views). Anything not understood counts as handing the
    /// collection out, which bounds it for the rule: precision first.
    /// </summary>
    internal static class CollectionUses
    {

        public static bool IsInNestedFunction(IOperation operation)
        {
            for (var parent = operation.Parent; parent != null; parent = parent.Parent)
            {
                if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return true;
                }
            }

            return false;
        }

        public enum Use
        {
            Neutral,
            Growth,
            Assigned,
            Bounded,
        }

        /// <summary>What one use of the field does to it. Unknown uses count as handing it out: precision first.</summary>
        public static Use Classify(IFieldReferenceOperation reference, CollectionKind kind, out IOperation? growth)
        {
            growth = null;
            IOperation current = reference;
            var parent = reference.Parent;
            while (parent is IConversionOperation or IParenthesizedOperation)
            {
                current = parent;
                parent = parent.Parent;
            }

            var member = parent switch
            {
                IConditionalAccessOperation conditional when conditional.Operation == current => MemberOnConditionalInstance(conditional.WhenNotNull),
                _ when parent != null && InstanceOf(parent) == current => parent,
                _ => null,
            };

            if (member != null)
            {
                return ClassifyMember(member, kind, ref growth);
            }

            switch (parent)
            {
                case null:
                    return Use.Bounded;
                case IArgumentOperation argument:
                    return ClassifyArgument(argument, member: argument.Parent, ref growth);
                case ISimpleAssignmentOperation assignment when assignment.Target == current:
                    // A collection that came from elsewhere (a parameter, another object) is shared, not owned.
                    return IsFresh(assignment.Value) ? Use.Assigned : Use.Bounded;
                case ICoalesceAssignmentOperation coalesce when coalesce.Target == current:
                    return Use.Neutral; // lazy initialization
                case IForEachLoopOperation loop when loop.Collection == current:
                case ILockOperation:
                case IBinaryOperation:
                case IIsPatternOperation:
                case IIsTypeOperation:
                case INameOfOperation:
                case IInterpolationOperation:
                    return Use.Neutral;
                case IReturnOperation when current is IConversionOperation { Type: { } view } && IsReadOnlyView(view):
                    return Use.Neutral; // IReadOnlyList<T> History => _history: callers can read, not drain
                case ITupleOperation tuple when IsDeconstructionTarget(tuple):
                    return Use.Assigned; // (_a, _b) = (_b, _a): a swap
                default:
                    return Use.Bounded; // returned, stored elsewhere, captured by an initializer: handed out
            }
        }

        /// <summary>A new collection: <c>new()</c>, <c>[]</c>, <c>null</c>, or a LINQ copy such as <c>ToList()</c>.</summary>
        public static bool IsFresh(IOperation value)
        {
            value = Operations.StripConversions(value)!;
            switch (value)
            {
                case IObjectCreationOperation:
                case IDefaultValueOperation:
                case ILiteralOperation:
                    return true;
                case IInvocationOperation invocation:
                    return invocation.TargetMethod.Name.StartsWith("To", System.StringComparison.Ordinal) &&
                           invocation.TargetMethod.ContainingNamespace?.ToDisplayString() == "System.Linq";
                default:
                    return value.Syntax.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.CollectionExpression);
            }
        }

        private static Use ClassifyMember(IOperation member, CollectionKind kind, ref IOperation? growth)
        {
            switch (member)
            {
                case IInvocationOperation invocation:
                    var name = invocation.TargetMethod.Name;
                    if (CollectionKnowledge.IsShrink(name))
                    {
                        return Use.Bounded;
                    }

                    if (CollectionKnowledge.IsGrowth(name))
                    {
                        growth = invocation;
                        return Use.Growth;
                    }

                    return Use.Neutral;
                case IMethodReferenceOperation reference:
                    if (CollectionKnowledge.IsShrink(reference.Method.Name))
                    {
                        return Use.Bounded; // e.g. a reset callback: Action clear = _items.Clear;
                    }

                    if (CollectionKnowledge.IsGrowth(reference.Method.Name))
                    {
                        growth = reference;
                        return Use.Growth;
                    }

                    return Use.Neutral;
                case IPropertyReferenceOperation property when property.Property.IsIndexer:
                    if (kind == CollectionKind.Dictionary &&
                        property.Parent is ISimpleAssignmentOperation or ICoalesceAssignmentOperation &&
                        ((IAssignmentOperation)property.Parent).Target == property)
                    {
                        growth = property.Parent; // cache[key] = value, cache[key] ??= value
                        return Use.Growth;
                    }

                    return Use.Neutral;
                case IPropertyReferenceOperation property when property.Property.Name == "Count":
                    return IsSizeComparison(property) ? Use.Bounded : Use.Neutral;
                default:
                    return Use.Neutral;
            }
        }

        private static Use ClassifyArgument(IArgumentOperation argument, IOperation? member, ref IOperation? growth)
        {
            var parameter = argument.Parameter;
            if (parameter == null || parameter.RefKind is RefKind.Ref or RefKind.Out)
            {
                return Use.Bounded; // Interlocked.Exchange(ref _items, new ...): a swap
            }

            if (member is IInvocationOperation { TargetMethod.IsExtensionMethod: true } invocation &&
                invocation.Arguments.Length > 0 && invocation.Arguments[0] == argument)
            {
                var name = invocation.TargetMethod.Name;
                if (CollectionKnowledge.IsShrink(name))
                {
                    return Use.Bounded; // CollectionExtensions.Remove(dictionary, key, out value)
                }

                if (name is "Count" or "LongCount")
                {
                    return IsSizeComparison(invocation) ? Use.Bounded : Use.Neutral;
                }

                // LINQ and the BCL's collection extensions read; someone else's extension may drain.
                var ns = invocation.TargetMethod.ContainingNamespace?.ToDisplayString();
                return ns is "System.Linq" or "System.Collections.Generic" or "System.Collections.Immutable" ? Use.Neutral : Use.Bounded;
            }

            // A BCL method that receives it only as a sequence copies or reads it (string.Join, new List<T>(items),
            // other.AddRange(items)). Anything else — a user type's constructor above all, as in a builder that
            // hands its registrations to the object it builds — takes the contents on: counted as handed out.
            return IsReadOnlyView(parameter.Type) && IsFramework(parameter.ContainingSymbol) ? Use.Neutral : Use.Bounded;
        }

        private static bool IsFramework(ISymbol? method)
        {
            if (method?.ContainingType is not { TypeKind: not TypeKind.Delegate } type)
            {
                return false; // a delegate runs anyone's code
            }

            var ns = type.ContainingNamespace;
            while (ns is { ContainingNamespace.IsGlobalNamespace: false })
            {
                ns = ns.ContainingNamespace;
            }

            return ns?.Name == "System";
        }

        private static bool IsReadOnlyView(ITypeSymbol type)
        {
            if (type is not INamedTypeSymbol { TypeKind: TypeKind.Interface } named)
            {
                return false;
            }

            var ns = named.ContainingNamespace?.ToDisplayString();
            return (ns == "System.Collections.Generic" &&
                    named.Name is "IEnumerable" or "IReadOnlyCollection" or "IReadOnlyList" or "IReadOnlyDictionary" or "IReadOnlySet") ||
                   (ns == "System.Collections" && named.Name == "IEnumerable");
        }

        /// <summary><c>Count &gt;= max</c>, <c>Count &lt; limit</c>: a comparison with anything but 0 or 1 (emptiness checks) is a bound.</summary>
        private static bool IsSizeComparison(IOperation count)
        {
            IOperation current = count;
            var parent = count.Parent;
            while (parent is IConversionOperation or IParenthesizedOperation ||
                   (parent is IConditionalAccessOperation conditional && conditional.WhenNotNull == current))
            {
                current = parent;
                parent = parent.Parent;
            }

            switch (parent)
            {
                case IBinaryOperation binary when binary.OperatorKind is
                    BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual or
                    BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual or
                    BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals:
                    var other = binary.LeftOperand == current ? binary.RightOperand : binary.LeftOperand;
                    return !(other.ConstantValue.HasValue && other.ConstantValue.Value is int value && value is 0 or 1);
                case IIsPatternOperation { Pattern: IRelationalPatternOperation relational }:
                    return !(relational.Value.ConstantValue.HasValue && relational.Value.ConstantValue.Value is int v && v is 0 or 1);
                default:
                    return false;
            }
        }

        private static bool IsDeconstructionTarget(ITupleOperation tuple)
        {
            IOperation current = tuple;
            while (current.Parent is ITupleOperation outer)
            {
                current = outer;
            }

            return current.Parent is IDeconstructionAssignmentOperation deconstruction && deconstruction.Target == current;
        }

        private static IOperation? InstanceOf(IOperation operation) => operation switch
        {
            IInvocationOperation invocation => invocation.Instance,
            IPropertyReferenceOperation property => property.Instance,
            IFieldReferenceOperation field => field.Instance,
            IMethodReferenceOperation method => method.Instance,
            IEventReferenceOperation @event => @event.Instance,
            _ => null,
        };

        /// <summary>In <c>_items?.Add(x)</c>, the <c>Add</c> call whose instance is the conditional receiver.</summary>
        private static IOperation? MemberOnConditionalInstance(IOperation whenNotNull)
        {
            var operation = whenNotNull;
            while (operation is IConditionalAccessOperation inner)
            {
                operation = inner.Operation;
            }

            while (operation != null)
            {
                var instance = InstanceOf(operation);
                if (instance is IConditionalAccessInstanceOperation)
                {
                    return operation;
                }

                operation = instance;
            }

            return null;
        }
    }
}
