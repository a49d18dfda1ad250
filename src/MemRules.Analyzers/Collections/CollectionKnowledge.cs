using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using MemRules.Analyzers.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Collections
{
    /// <summary>How a growable collection can be bounded; the MEM005 fix picks its eviction from it.</summary>
    internal enum CollectionKind
    {
        None = 0,
        List,
        Queue,
        ConcurrentQueue,
        LinkedList,
        Stack,
        ConcurrentStack,
        ConcurrentBag,
        Set,
        Dictionary,

        /// <summary>Microsoft.Extensions.Caching.Memory's MemoryCache or IMemoryCache (<see cref="MemoryCaches"/>): no fix.</summary>
        MemoryCache,
    }

    /// <summary>
    /// The growable in-memory collections of the BCL, and which of their methods grow or shrink them.
    /// Types are resolved once per compilation; a type missing from the references is simply not known.
    /// </summary>
    internal sealed class CollectionKnowledge
    {
        private static readonly ImmutableHashSet<string> GrowthMethods = ImmutableHashSet.Create(
            StringComparer.Ordinal,
            "Add", "AddRange", "Insert", "InsertRange", "TryAdd", "GetOrAdd", "AddOrUpdate",
            "Enqueue", "Push", "PushRange", "AddFirst", "AddLast", "AddBefore", "AddAfter", "UnionWith");

        // Methods that add many entries at once: one eviction before them does not bound the collection.
        private static readonly ImmutableHashSet<string> RangeGrowthMethods = ImmutableHashSet.Create(
            StringComparer.Ordinal,
            "AddRange", "InsertRange", "PushRange", "UnionWith");

        private static readonly ImmutableHashSet<string> ShrinkMethods = ImmutableHashSet.Create(
            StringComparer.Ordinal,
            "Remove", "RemoveAt", "RemoveRange", "RemoveAll", "RemoveWhere", "RemoveFirst", "RemoveLast",
            "Clear", "TryRemove", "Dequeue", "TryDequeue", "Pop", "TryPop", "PopRange", "TryPopRange",
            "TryTake", "ExceptWith", "IntersectWith");

        private readonly Dictionary<INamedTypeSymbol, CollectionKind> _kinds =
            new Dictionary<INamedTypeSymbol, CollectionKind>(SymbolEqualityComparer.Default);

        // Key types whose values the program itself bounds (reflection-style caches).
        private readonly List<INamedTypeSymbol> _smallKeyTypes = new List<INamedTypeSymbol>();

        private CollectionKnowledge(Compilation compilation)
        {
            Add(compilation, "System.Collections.Generic.List`1", CollectionKind.List);
            Add(compilation, "System.Collections.ArrayList", CollectionKind.List);
            Add(compilation, "System.Collections.Generic.Queue`1", CollectionKind.Queue);
            Add(compilation, "System.Collections.Concurrent.ConcurrentQueue`1", CollectionKind.ConcurrentQueue);
            Add(compilation, "System.Collections.Generic.LinkedList`1", CollectionKind.LinkedList);
            Add(compilation, "System.Collections.Generic.Stack`1", CollectionKind.Stack);
            Add(compilation, "System.Collections.Concurrent.ConcurrentStack`1", CollectionKind.ConcurrentStack);
            Add(compilation, "System.Collections.Concurrent.ConcurrentBag`1", CollectionKind.ConcurrentBag);
            Add(compilation, "System.Collections.Generic.HashSet`1", CollectionKind.Set);
            Add(compilation, "System.Collections.Generic.SortedSet`1", CollectionKind.Set);
            Add(compilation, "System.Collections.Generic.Dictionary`2", CollectionKind.Dictionary);
            Add(compilation, "System.Collections.Generic.SortedDictionary`2", CollectionKind.Dictionary);
            Add(compilation, "System.Collections.Generic.SortedList`2", CollectionKind.Dictionary);
            Add(compilation, "System.Collections.Concurrent.ConcurrentDictionary`2", CollectionKind.Dictionary);
            Add(compilation, "System.Collections.Hashtable", CollectionKind.Dictionary);

            foreach (var name in new[] { "System.Type", "System.Reflection.MemberInfo", "System.Reflection.ParameterInfo", "System.Reflection.Assembly", "System.Reflection.Module" })
            {
                if (compilation.GetTypeByMetadataName(name) is { } type)
                {
                    _smallKeyTypes.Add(type);
                }
            }
        }

        public static CollectionKnowledge Create(Compilation compilation) => new CollectionKnowledge(compilation);

        public bool IsEmpty => _kinds.Count == 0;

        /// <summary>Test classes, whose instance fields live for one test (shared with the ownership rules' notion).</summary>
        public TestCode Tests { get; } = new TestCode();

        /// <summary>The kind of a field's declared type, or None when it is not a known growable collection.</summary>
        public CollectionKind KindOf(ITypeSymbol? type) =>
            type is INamedTypeSymbol named && _kinds.TryGetValue(named.OriginalDefinition, out var kind) ? kind
            : MemoryCaches.IsCacheType(type) ? CollectionKind.MemoryCache
            : CollectionKind.None;

        public static bool IsGrowth(string methodName) => GrowthMethods.Contains(methodName);

        public static bool IsRangeGrowth(string methodName) => RangeGrowthMethods.Contains(methodName);

        public static bool IsShrink(string methodName) => ShrinkMethods.Contains(methodName);

        /// <summary>Growth (true), shrink (false) or neither (null) by a member's name, for a collection of <paramref name="kind"/>.</summary>
        public static bool? GrowsByName(string member, CollectionKind kind) =>
            kind == CollectionKind.MemoryCache
                ? MemoryCaches.IsFill(member) ? true : MemoryCaches.IsShrink(member) ? false : null
                : IsGrowth(member) ? true : IsShrink(member) ? false : null;

        /// <summary>True for dictionaries and sets keyed by types, reflection members, assemblies, enums, bool, char or 8/16-bit integers.</summary>
        public bool HasSmallKeyDomain(ITypeSymbol type, CollectionKind kind)
        {
            if ((kind != CollectionKind.Dictionary && kind != CollectionKind.Set) ||
                type is not INamedTypeSymbol { TypeArguments.Length: > 0 } named)
            {
                return false;
            }

            return IsSmallDomain(named.TypeArguments[0]);
        }

        /// <summary>
        /// True when a dictionary or set grows under a key whose static type has a small domain, although the
        /// collection's declared key type does not say so: <c>hashtable[value.GetType()] = ...</c>.
        /// </summary>
        public bool GrowsUnderSmallKey(IOperation growth, CollectionKind kind)
        {
            if (kind != CollectionKind.Dictionary && kind != CollectionKind.Set)
            {
                return false;
            }

            IArgumentOperation? key = growth switch
            {
                IInvocationOperation { Arguments.Length: > 0 } invocation => invocation.Arguments[0],
                IAssignmentOperation { Target: IPropertyReferenceOperation { Arguments.Length: > 0 } indexer } => indexer.Arguments[0],
                _ => null,
            };
            var keyType = MemRules.Analyzers.Ownership.Operations.StripConversions(key?.Value)?.Type;
            return keyType != null && IsSmallDomain(keyType);
        }

        /// <summary>A key type with few values by nature; a tuple whose every element is one, like (Type, Type).</summary>
        private bool IsSmallDomain(ITypeSymbol key)
        {
            if (key is INamedTypeSymbol { IsTupleType: true } tuple)
            {
                foreach (var element in tuple.TupleElements)
                {
                    if (!IsSmallDomain(element.Type))
                    {
                        return false;
                    }
                }

                return tuple.TupleElements.Length > 0;
            }

            switch (key.SpecialType)
            {
                case SpecialType.System_Boolean:
                case SpecialType.System_Char:
                case SpecialType.System_Byte:
                case SpecialType.System_SByte:
                case SpecialType.System_Int16:
                case SpecialType.System_UInt16:
                    return true; // at most 65,536 keys
            }

            if (key.TypeKind == TypeKind.Enum)
            {
                return true;
            }

            for (var current = key as INamedTypeSymbol; current != null; current = current.BaseType)
            {
                foreach (var small in _smallKeyTypes)
                {
                    if (SymbolEqualityComparer.Default.Equals(current, small))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// True when the collection holds children of a composite: its elements (a dictionary's values) share a
        /// source-declared base type with the type that holds the field, as a view holds its sub-views or a
        /// dialog its buttons. Such trees are bounded by the program that composes them, not by data.
        /// </summary>
        public static bool HoldsCompositeChildren(ITypeSymbol collectionType, CollectionKind kind, INamedTypeSymbol container)
        {
            if (collectionType is not INamedTypeSymbol { TypeArguments.Length: > 0 } named)
            {
                return false;
            }

            var element = named.TypeArguments[kind == CollectionKind.Dictionary && named.TypeArguments.Length > 1 ? 1 : 0];
            for (var containerBase = container; containerBase != null; containerBase = containerBase.BaseType)
            {
                if (containerBase.SpecialType != SpecialType.None || containerBase.DeclaringSyntaxReferences.IsEmpty)
                {
                    break; // object, or a framework base such as Component: too common to mean "same tree"
                }

                for (var elementBase = element as INamedTypeSymbol; elementBase != null; elementBase = elementBase.BaseType)
                {
                    if (SymbolEqualityComparer.Default.Equals(elementBase.OriginalDefinition, containerBase.OriginalDefinition))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private void Add(Compilation compilation, string metadataName, CollectionKind kind)
        {
            if (compilation.GetTypeByMetadataName(metadataName) is { } type)
            {
                _kinds[type] = kind;
            }
        }
    }
}
