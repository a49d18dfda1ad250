using System.Linq;
using MemRules.Analyzers.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Collections
{
    /// <summary>Why evicting entries could break the program that uses a collection: the MEM005 fix is offered only without one.</summary>
    internal enum EvictionHazard
    {
        None = 0,

        /// <summary>Entries are read later by key without a fallback, and not filled on a miss: a registry.</summary>
        Registry,

        /// <summary>Entries are searched for by value or predicate, or a growth call's answer (is it new?) is used.</summary>
        Lookup,

        /// <summary>Positions are kept: the Count is stored as an entry's index.</summary>
        IndexStored,

        /// <summary>The method that grows it also grows another collection of the type: they are kept in step.</summary>
        KeptInStep,

        /// <summary>Its elements or values are disposable: clearing drops them without disposing.</summary>
        DisposableElements,

        /// <summary>Its values are collections that accumulate: a multimap, not a cache.</summary>
        AccumulatingValues,

        /// <summary>Initialization fills it: an eviction would drop what the program put there first.</summary>
        Seeded,

        /// <summary>Code grows the field of another instance (a clone, a merge): no eviction of this one bounds it.</summary>
        OtherInstance,

        /// <summary>The type holding it is a collection itself (it is enumerable): what it holds is what its users put in it.</summary>
        BackingStore,

        /// <summary>A use the analysis does not know (a method group, an unknown method).</summary>
        Unknown,
    }

    /// <summary>
    /// Whether MEM005's eviction (drop the oldest, or clear when full) can break the program: it is safe for a
    /// cache filled on a miss whose reads are all lookups with a fallback (<c>TryGetValue</c>, <c>ContainsKey</c>,
    /// <c>GetOrAdd</c>, <c>??=</c>, an indexer read under <c>ContainsKey</c>), and for a history, log or queue read
    /// only in order (<c>foreach</c>, <c>Count</c>, <c>ToArray</c>, LINQ over the whole, index reads). Each use of the
    /// field is judged here as it is classified; the type-level hazards (elements, kept in step) at the end.
    /// </summary>
    internal static class EvictionSafety
    {
        /// <summary>Records what a growth use says: filled on a miss, or a plain write; a growth whose answer is used is a lookup.</summary>
        public static void OfGrowth(CollectionField field, IFieldReferenceOperation reference, IOperation growth)
        {
            bool fillOnMiss = false;
            switch (growth)
            {
                case IInvocationOperation invocation:
                    var name = invocation.TargetMethod.Name;
                    if (name == "GetOrAdd")
                    {
                        fillOnMiss = true;
                    }
                    else
                    {
                        if (!invocation.TargetMethod.ReturnsVoid && name != "AddOrUpdate" && !IsStatement(invocation))
                        {
                            field.Hazard(EvictionHazard.Lookup); // `if (_seen.Add(x))`, `return _ids.TryAdd(id)`, `var node = _list.AddLast(x)`
                        }

                        fillOnMiss = field.Kind == CollectionKind.Dictionary && name is "Add" or "TryAdd" && invocation.Arguments.Length > 0 &&
                                     CollectionGuards.KeyKnownPresent(invocation, reference, invocation.Arguments[0].Value) == false;
                    }

                    break;
                case ICoalesceAssignmentOperation:
                    fillOnMiss = true; // _cache[key] ??= Compute(key)
                    break;
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Arguments.Length: 1 } indexer }:
                    fillOnMiss = CollectionGuards.KeyKnownPresent(growth, reference, indexer.Arguments[0].Value) == false;
                    break;
                default:
                    field.Hazard(EvictionHazard.Unknown); // a method group: Action<T> add = _items.Add
                    break;
            }

            if (!fillOnMiss)
            {
                field.PlainGrowth = true;
            }
        }

        /// <summary>Records what a use that neither grows nor bounds the field reads.</summary>
        public static void OfRead(CollectionField field, IFieldReferenceOperation reference)
        {
            var member = CollectionUses.MemberOf(reference, out _, out var parent);
            switch (member)
            {
                case IInvocationOperation invocation:
                    OfCall(field, invocation.TargetMethod.Name, extraArguments: invocation.Arguments.Length > 0);
                    return;
                case IMethodReferenceOperation:
                    field.Hazard(EvictionHazard.Unknown);
                    return;
                case IPropertyReferenceOperation { Property.IsIndexer: true } indexer:
                    if (field.Kind == CollectionKind.Dictionary && !CollectionUses.IsWriteTarget(indexer))
                    {
                        // `_map[key]` throws once the entry is evicted, unless a ContainsKey just said it is there.
                        if (indexer.Arguments.Length == 1 && CollectionGuards.KeyKnownPresent(indexer, reference, indexer.Arguments[0].Value) == true)
                        {
                            field.KeyedReads = true;
                        }
                        else
                        {
                            field.Hazard(EvictionHazard.Registry);
                        }
                    }

                    return; // index reads of a list, and overwrites, are reads in order
                case IPropertyReferenceOperation { Property.Name: "Count" } count:
                    if (IsStored(count))
                    {
                        field.Hazard(EvictionHazard.IndexStored); // `var id = _entries.Count; _entries.Add(e);`
                    }

                    return;
                case IPropertyReferenceOperation { Property.Name: "Keys" or "Values" } view
                    when view.Parent is IInvocationOperation call && call.Instance == view && IsSearch(call.TargetMethod.Name):
                    field.Hazard(EvictionHazard.Lookup); // _map.Values.Contains(x)
                    return;
                case null:
                    break;
                default:
                    return;
            }

            if (parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.IsExtensionMethod: true } extension } argument &&
                extension.Arguments.Length > 0 && extension.Arguments[0] == argument)
            {
                var name = extension.TargetMethod.Name;
                if (name == "GetValueOrDefault")
                {
                    field.KeyedReads = true; // a lookup with a fallback
                }
                else if (name is "Count" or "LongCount" && extension.Arguments.Length == 1 && IsStored(extension))
                {
                    field.Hazard(EvictionHazard.IndexStored);
                }
                else if (extension.Arguments.Length > 1 && IsLinqSearch(name))
                {
                    field.Hazard(EvictionHazard.Lookup); // FirstOrDefault(predicate), Any(predicate), Contains(x)
                }
            }
        }

        private static void OfCall(CollectionField field, string name, bool extraArguments)
        {
            switch (name)
            {
                case "ToArray" or "ToList" or "CopyTo" or "GetEnumerator" or "ForEach" or "Peek" or "TryPeek" or "AsReadOnly" or
                     "GetRange" or "TrimExcess" or "EnsureCapacity" or "ToString" or "GetType" or "GetHashCode" or "Equals":
                    return; // read in order, or not about the entries
                case "TryGetValue" or "ContainsKey" when field.Kind == CollectionKind.Dictionary:
                    field.KeyedReads = true;
                    return;
                default:
                    field.Hazard(IsSearch(name) || extraArguments ? EvictionHazard.Lookup : EvictionHazard.Unknown);
                    return;
            }
        }

        private static bool IsSearch(string name) =>
            name is "Contains" or "ContainsValue" or "ContainsKey" or "IndexOf" or "LastIndexOf" or "Find" or "FindAll" or "FindIndex" or
                "FindLast" or "FindLastIndex" or "Exists" or "TrueForAll" or "BinarySearch" or "TryGetValue" or "Overlaps" or
                "IsSubsetOf" or "IsSupersetOf" or "IsProperSubsetOf" or "IsProperSupersetOf" or "SetEquals";

        // LINQ calls that pick entries by a predicate or a value, rather than going over the whole sequence.
        private static bool IsLinqSearch(string name) =>
            name is "First" or "FirstOrDefault" or "Single" or "SingleOrDefault" or "Last" or "LastOrDefault" or "Any" or "All" or
                "Contains" or "ElementAt" or "ElementAtOrDefault" or "TryGetValue" or "TryGetNonEnumeratedCount" or "SequenceEqual";

        /// <summary>The Count (or arithmetic on it) is kept: a local's initializer, an assigned value, an argument of a growth call.</summary>
        private static bool IsStored(IOperation count)
        {
            IOperation current = count;
            var parent = count.Parent;
            while (parent is IConversionOperation or IParenthesizedOperation or
                   IBinaryOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract } ||
                   (parent is IConditionalAccessOperation conditional && conditional.WhenNotNull == current))
            {
                current = parent;
                parent = parent.Parent;
            }

            return parent switch
            {
                IVariableInitializerOperation => true,
                ISimpleAssignmentOperation assignment => assignment.Value == current,
                IArgumentOperation { Parent: IInvocationOperation call } => CollectionKnowledge.IsGrowth(call.TargetMethod.Name),
                _ => false,
            };
        }

        private static bool IsStatement(IOperation operation) =>
            Operations.UserOf(operation, out _) is IExpressionStatementOperation or ISimpleAssignmentOperation { Target: IDiscardOperation };

        /// <summary>
        /// The hazards that come from the field's declared type (disposable elements, collections as values) and
        /// from the type that holds it: the backing list of an enumerable type (an attribute collection, a
        /// header list) holds its users' data, and dropping the oldest would lose it silently.
        /// </summary>
        public static EvictionHazard OfElements(IFieldSymbol field, CollectionKind kind, CollectionKnowledge knowledge)
        {
            if (!field.IsStatic && field.ContainingType is { } holder &&
                (holder.SpecialType == SpecialType.System_Collections_IEnumerable ||
                 holder.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable)))
            {
                return EvictionHazard.BackingStore;
            }

            if (field.Type is not INamedTypeSymbol { TypeArguments.Length: > 0 } named)
            {
                return EvictionHazard.None;
            }

            var element = named.TypeArguments[kind == CollectionKind.Dictionary && named.TypeArguments.Length > 1 ? 1 : 0];
            if (IsDisposable(element) || (kind == CollectionKind.Dictionary && IsDisposable(named.TypeArguments[0])))
            {
                return EvictionHazard.DisposableElements;
            }

            return kind == CollectionKind.Dictionary && (knowledge.KindOf(element) != CollectionKind.None || element is IArrayTypeSymbol)
                ? EvictionHazard.AccumulatingValues
                : EvictionHazard.None;
        }

        private static bool IsDisposable(ITypeSymbol type)
        {
            if (IsDisposableInterface(type))
            {
                return true;
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (IsDisposableInterface(implemented))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsDisposableInterface(ITypeSymbol type) =>
            type is INamedTypeSymbol { Name: "IDisposable" or "IAsyncDisposable", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
    }
}
