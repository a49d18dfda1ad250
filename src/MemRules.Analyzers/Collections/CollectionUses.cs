using MemRules.Analyzers.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Collections
{
    /// <summary>
    /// How one use of a collection field affects its size: it grows it (<c>Add</c>, <c>cache[key] = v</c>),
    /// shrinks or bounds it (<c>Remove</c>, <c>Clear</c>, a Count comparison that guards its size, a swap),
    /// assigns it, or is neutral (reads, <c>foreach</c>, read-only views). Anything not understood counts as
    /// handing the collection out, which bounds it for the rule: precision first.
    /// </summary>
    internal static class CollectionUses
    {
        public enum Use
        {
            Neutral,
            Growth,
            Assigned,
            Bounded,
        }

        /// <summary>What a use does to the collection's size by itself, without looking at conditions: for the guards.</summary>
        public enum Effect
        {
            None,
            Growth,
            Shrink,
            Reset,
        }

        /// <summary>
        /// The operation a use of the field is the receiver of (<c>Add</c> in <c>_items.Add(x)</c>, also through
        /// <c>?.</c>), or null; <paramref name="current"/> is the reference with its conversions, <paramref name="parent"/> what holds that.
        /// </summary>
        public static IOperation? MemberOf(IFieldReferenceOperation reference, out IOperation current, out IOperation? parent)
        {
            current = reference;
            parent = reference.Parent;
            while (parent is IConversionOperation or IParenthesizedOperation)
            {
                current = parent;
                parent = parent.Parent;
            }

            return parent switch
            {
                IConditionalAccessOperation conditional when conditional.Operation == current => MemberOnConditionalInstance(conditional.WhenNotNull),
                _ when parent != null && InstanceOf(parent) == current => parent,
                _ => null,
            };
        }

        /// <summary>What one use of the field does to it. Unknown uses count as handing it out: precision first.</summary>
        public static Use Classify(IFieldReferenceOperation reference, CollectionKind kind, out IOperation? growth)
        {
            growth = null;
            var member = MemberOf(reference, out var current, out var parent);
            if (member != null)
            {
                return ClassifyMember(reference, member, kind, ref growth);
            }

            switch (parent)
            {
                case null:
                    return Use.Bounded;
                case IArgumentOperation argument:
                    return ClassifyArgument(reference, argument, member: argument.Parent, kind);
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

        /// <summary>The size effect of a use taken alone: a growth or shrink call, a dictionary write, a reassignment.</summary>
        public static Effect EffectOf(IFieldReferenceOperation reference, CollectionKind kind)
        {
            var member = MemberOf(reference, out var current, out var parent);
            switch (member)
            {
                case IInvocationOperation invocation:
                    return EffectOfName(invocation.TargetMethod.Name);
                case IMethodReferenceOperation method:
                    return EffectOfName(method.Method.Name);
                case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when kind == CollectionKind.Dictionary && IsWriteTarget(indexer):
                    return Effect.Growth;
                case null:
                    break;
                default:
                    return Effect.None;
            }

            switch (parent)
            {
                case ISimpleAssignmentOperation assignment when assignment.Target == current:
                    return Effect.Reset;
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out }:
                    return Effect.Reset;
                case IArgumentOperation { Parent: IInvocationOperation { TargetMethod.IsExtensionMethod: true } extension } argument
                    when extension.Arguments.Length > 0 && extension.Arguments[0] == argument && CollectionKnowledge.IsShrink(extension.TargetMethod.Name):
                    return Effect.Shrink;
                case ITupleOperation tuple when IsDeconstructionTarget(tuple):
                    return Effect.Reset;
                default:
                    return Effect.None;
            }
        }

        private static Effect EffectOfName(string name) =>
            CollectionKnowledge.IsShrink(name) ? Effect.Shrink : CollectionKnowledge.IsGrowth(name) ? Effect.Growth : Effect.None;

        /// <summary><c>cache[key] = value</c>, <c>cache[key] ??= value</c>: the indexer is what is written.</summary>
        public static bool IsWriteTarget(IPropertyReferenceOperation indexer) =>
            indexer.Parent is ISimpleAssignmentOperation or ICoalesceAssignmentOperation &&
            ((IAssignmentOperation)indexer.Parent).Target == indexer;

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

        private static Use ClassifyMember(IFieldReferenceOperation reference, IOperation member, CollectionKind kind, ref IOperation? growth)
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
                case IMethodReferenceOperation method:
                    if (CollectionKnowledge.IsShrink(method.Method.Name))
                    {
                        return Use.Bounded; // e.g. a reset callback: Action clear = _items.Clear;
                    }

                    if (CollectionKnowledge.IsGrowth(method.Method.Name))
                    {
                        growth = method;
                        return Use.Growth;
                    }

                    return Use.Neutral;
                case IPropertyReferenceOperation property when property.Property.IsIndexer:
                    if (kind == CollectionKind.Dictionary && IsWriteTarget(property) &&
                        !(property.Arguments.Length == 1 &&
                          CollectionGuards.KeyKnownPresent(property.Parent!, reference, property.Arguments[0].Value) == true))
                    {
                        growth = property.Parent; // cache[key] = value, cache[key] ??= value; not an overwrite under ContainsKey
                        return Use.Growth;
                    }

                    return Use.Neutral;
                case IPropertyReferenceOperation property when property.Property.Name == "Count":
                    return CollectionGuards.IsSizeGuard(property, reference, kind) ? Use.Bounded : Use.Neutral;
                default:
                    return Use.Neutral;
            }
        }

        private static Use ClassifyArgument(IFieldReferenceOperation reference, IArgumentOperation argument, IOperation? member, CollectionKind kind)
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
                    return invocation.Arguments.Length == 1 && CollectionGuards.IsSizeGuard(invocation, reference, kind) ? Use.Bounded : Use.Neutral;
                }

                // LINQ and the BCL's collection extensions read; someone else's extension may drain.
                return IsFrameworkExtension(invocation.TargetMethod) ? Use.Neutral : Use.Bounded;
            }

            // A BCL method that receives it only as a sequence copies or reads it (string.Join, new List<T>(items),
            // other.AddRange(items)). Anything else — a user type's constructor above all, as in a builder that
            // hands its registrations to the object it builds — takes the contents on: counted as handed out.
            return IsReadOnlyView(parameter.Type) && IsFramework(parameter.ContainingSymbol) ? Use.Neutral : Use.Bounded;
        }

        /// <summary>LINQ and the BCL's collection extensions: they read the collection.</summary>
        public static bool IsFrameworkExtension(IMethodSymbol method) =>
            method.ContainingNamespace?.ToDisplayString() is "System.Linq" or "System.Collections.Generic" or "System.Collections.Immutable";

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

        public static bool IsReadOnlyView(ITypeSymbol type)
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
