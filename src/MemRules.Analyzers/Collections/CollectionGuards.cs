using MemRules.Analyzers.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Collections
{
    /// <summary>
    /// What the conditions around a use of a collection field say. A Count comparison bounds the collection
    /// only where it guards its size: it is the condition of a branch that grows, shrinks or resets it, or
    /// leaves (return, throw, break, continue) before it grows, or of a while loop that shrinks it or fills it
    /// up to the bound (<c>if (_items.Count &lt; Max) _items.Add(x)</c>, <c>while (_q.Count &gt; n) _q.Dequeue()</c>,
    /// <c>if (_items.Count &gt;= Max) return;</c> before the <c>Add</c>). A loop index, arithmetic, a Count
    /// returned, logged or compared for reading bound nothing. For dictionaries: whether a key is known
    /// present (<c>if (_map.ContainsKey(key)) _map[key] = v</c> overwrites, it does not grow) or absent (the
    /// write fills a cache on a miss) where the field is used.
    /// </summary>
    internal static class CollectionGuards
    {
        /// <summary>
        /// True when <paramref name="count"/> (<c>Count</c> or <c>Count()</c> of <paramref name="reference"/>)
        /// is compared with something other than 0 or 1 in a condition that guards the collection's size.
        /// </summary>
        public static bool IsSizeGuard(IOperation count, IFieldReferenceOperation reference, CollectionKind kind)
        {
            var comparison = ComparisonOf(count, out var limit);
            if (comparison == null)
            {
                return false;
            }

            var condition = ConditionAround(comparison);
            switch (condition.Parent)
            {
                case IConditionalOperation branch when branch.Condition == condition:
                    if (Affects(branch.WhenTrue, reference, kind, growthCounts: true) || Affects(branch.WhenFalse, reference, kind, growthCounts: true))
                    {
                        return true;
                    }

                    // `if (_seen.Count >= Max) return;` then `_seen.Add(x)`: the limit is a constant or a member,
                    // not a parameter or local (that is an index being checked: `if (index > _items.Count) throw`).
                    return IsLimit(limit) && (Leaves(branch.WhenTrue) || Leaves(branch.WhenFalse)) && GrowsElsewhereInFunction(branch, reference, kind);
                case IWhileLoopOperation loop when loop.Condition == condition:
                    return Affects(loop.Body, reference, kind, growthCounts: true);
                case IForLoopOperation loop when loop.Condition == condition:
                    return Affects(loop.Body, reference, kind, growthCounts: false); // `i < _items.Count` is a loop index
                default:
                    return false;
            }
        }

        /// <summary>
        /// Whether the key <paramref name="key"/> is known to be in <paramref name="reference"/>'s dictionary where
        /// <paramref name="use"/> runs: true inside <c>if (_map.ContainsKey(key))</c> or <c>TryGetValue</c>, false
        /// in their negation or after <c>if (_map.TryGetValue(key, out v)) return v;</c>; null when no condition says.
        /// </summary>
        public static bool? KeyKnownPresent(IOperation use, IFieldReferenceOperation reference, IOperation key)
        {
            var keyText = KeyText(key);
            IOperation node = use;
            for (var parent = use.Parent; parent != null; node = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IAnonymousFunctionOperation or ILocalFunctionOperation:
                        return null; // runs later, when the condition may no longer hold
                    case IConditionalOperation branch when node == branch.WhenTrue:
                        if (Lookup(branch.Condition, reference, keyText, conjuncts: true) is { } whenTrue)
                        {
                            return whenTrue;
                        }

                        break;
                    case IConditionalOperation branch when node == branch.WhenFalse:
                        if (Lookup(branch.Condition, reference, keyText, conjuncts: false) is { } whenFalse)
                        {
                            return !whenFalse;
                        }

                        break;
                    case IBlockOperation block:
                        foreach (var statement in block.Operations)
                        {
                            if (statement == node)
                            {
                                break;
                            }

                            // `if (_map.TryGetValue(key, out var v)) return v;` before the use: the key is absent after it.
                            if (statement is IConditionalOperation { WhenFalse: null } earlier && Leaves(earlier.WhenTrue) &&
                                Lookup(earlier.Condition, reference, keyText, conjuncts: false) is { } present)
                            {
                                return !present;
                            }
                        }

                        break;
                }
            }

            return null;
        }

        /// <summary>Return, throw, break, continue or goto in <paramref name="branch"/>, outside the lambdas it holds.</summary>
        public static bool Leaves(IOperation? branch)
        {
            if (branch == null)
            {
                return false;
            }

            foreach (var operation in branch.DescendantsAndSelf())
            {
                if (operation is IReturnOperation { Kind: OperationKind.Return or OperationKind.YieldBreak } or IThrowOperation or IBranchOperation &&
                    !IsInFunctionBelow(operation, branch))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The same field of the same object: both static, both on <c>this</c>, or on the same local, parameter or field.</summary>
        public static bool SameObject(IFieldReferenceOperation a, IFieldReferenceOperation b)
        {
            if (!SymbolEqualityComparer.Default.Equals(a.Field.OriginalDefinition, b.Field.OriginalDefinition))
            {
                return false;
            }

            var x = Operations.StripConversions(a.Instance);
            var y = Operations.StripConversions(b.Instance);
            if (x == null || y == null)
            {
                return x == null && y == null;
            }

            if (x is IInstanceReferenceOperation || y is IInstanceReferenceOperation)
            {
                return x is IInstanceReferenceOperation && y is IInstanceReferenceOperation;
            }

            var symbol = Operations.ReferencedSymbol(x);
            return symbol != null && SymbolEqualityComparer.Default.Equals(symbol, Operations.ReferencedSymbol(y));
        }

        private static IOperation? ComparisonOf(IOperation count, out IOperation? limit)
        {
            limit = null;
            switch (Operations.UserOf(count, out var current))
            {
                case IBinaryOperation binary when binary.OperatorKind is
                    BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual or
                    BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual or
                    BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals:
                    limit = binary.LeftOperand == current ? binary.RightOperand : binary.LeftOperand;
                    return IsZeroOrOne(limit) ? null : binary;
                case IIsPatternOperation { Pattern: IRelationalPatternOperation relational } isPattern:
                    limit = relational.Value;
                    return IsZeroOrOne(limit) ? null : isPattern;
                default:
                    return null; // returned, logged, stored, used in arithmetic: read, not compared
            }
        }

        // `Count == 0`, `Count > 0`, `Count >= 1`: emptiness checks, not bounds.
        private static bool IsZeroOrOne(IOperation value) =>
            value.ConstantValue.HasValue && value.ConstantValue.Value is int number && number is 0 or 1;

        /// <summary>The whole condition a comparison is part of, through <c>&amp;&amp;</c>, <c>||</c> and <c>!</c>.</summary>
        private static IOperation ConditionAround(IOperation comparison)
        {
            var condition = comparison;
            while (condition.Parent is IParenthesizedOperation or IConversionOperation or
                   IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } or
                   IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr })
            {
                condition = condition.Parent;
            }

            return condition;
        }

        /// <summary>A bound: a constant, a field or property, a call, or arithmetic of these.</summary>
        private static bool IsLimit(IOperation? limit)
        {
            limit = Operations.StripConversions(limit);
            return limit switch
            {
                null => false,
                _ when limit.ConstantValue.HasValue => true,
                IFieldReferenceOperation or IPropertyReferenceOperation or IInvocationOperation => true,
                IBinaryOperation binary => IsLimit(binary.LeftOperand) && IsLimit(binary.RightOperand),
                _ => false,
            };
        }

        /// <summary>Some use of the same field in <paramref name="body"/> shrinks or resets it (or grows it, when <paramref name="growthCounts"/>).</summary>
        private static bool Affects(IOperation? body, IFieldReferenceOperation reference, CollectionKind kind, bool growthCounts)
        {
            if (body == null)
            {
                return false;
            }

            foreach (var operation in body.DescendantsAndSelf())
            {
                if (operation is IFieldReferenceOperation other && SameObject(other, reference))
                {
                    var effect = CollectionUses.EffectOf(other, kind);
                    if (effect is CollectionUses.Effect.Shrink or CollectionUses.Effect.Reset || (growthCounts && effect == CollectionUses.Effect.Growth))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>The function around <paramref name="branch"/> grows the field outside the branch.</summary>
        private static bool GrowsElsewhereInFunction(IOperation branch, IFieldReferenceOperation reference, CollectionKind kind)
        {
            foreach (var operation in Operations.FunctionBody(branch).Descendants())
            {
                if (operation is IFieldReferenceOperation other && SameObject(other, reference) &&
                    !IsInside(other, branch) && CollectionUses.EffectOf(other, kind) == CollectionUses.Effect.Growth)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A lookup of <paramref name="keyText"/> in the same dictionary: true when the condition holds only if
        /// the key is present (<c>ContainsKey(key)</c>, <c>TryGetValue(key, out v)</c>, and with
        /// <paramref name="conjuncts"/> any <c>&amp;&amp;</c> of them), false when only if it is absent (<c>!ContainsKey(key)</c>).
        /// </summary>
        private static bool? Lookup(IOperation condition, IFieldReferenceOperation reference, string keyText, bool conjuncts)
        {
            switch (Operations.StripConversions(condition))
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    return Lookup(not.Operand, reference, keyText, conjuncts: false) is { } inner ? !inner : null;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } conjunction when conjuncts:
                    return Lookup(conjunction.LeftOperand, reference, keyText, conjuncts) ?? Lookup(conjunction.RightOperand, reference, keyText, conjuncts);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals when equals.RightOperand.ConstantValue is { HasValue: true, Value: false }:
                    return Lookup(equals.LeftOperand, reference, keyText, conjuncts: false) is { } negated ? !negated : null;
                case IInvocationOperation { TargetMethod.Name: "ContainsKey" or "TryGetValue", Arguments.Length: > 0 } lookup
                    when Operations.StripConversions(lookup.Instance) is IFieldReferenceOperation dictionary &&
                         SameObject(dictionary, reference) && KeyText(lookup.Arguments[0].Value) == keyText:
                    return true;
                default:
                    return null;
            }
        }

        private static string KeyText(IOperation key) => (Operations.StripConversions(key) ?? key).Syntax.ToString();

        private static bool IsInside(IOperation operation, IOperation ancestor)
        {
            for (var current = operation.Parent; current != null; current = current.Parent)
            {
                if (current == ancestor)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsInFunctionBelow(IOperation operation, IOperation top)
        {
            for (var current = operation.Parent; current != null && current != top; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
