using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Collections
{
    /// <summary>A use of a collection field, or a call to a private method, and where it is.</summary>
    internal sealed class Site
    {
        public Site(Location? location, ISymbol member, bool inNestedFunction, string name)
        {
            Location = location;
            Member = member;
            InNestedFunction = inNestedFunction;
            Name = name;
        }

        public Location? Location { get; }

        /// <summary>The method, accessor or field initializer the use is in.</summary>
        public ISymbol Member { get; }

        /// <summary>In a lambda or local function: it runs later, so it is never initialization.</summary>
        public bool InNestedFunction { get; }

        /// <summary>For growth: the growing call's name (<c>Add</c>, "indexer assignment").</summary>
        public string Name { get; }
    }

    /// <summary>What the uses of one collection field say about its size.</summary>
    internal sealed class CollectionField
    {
        public CollectionField(IFieldSymbol field, CollectionKind kind)
        {
            Field = field;
            Kind = kind;
        }

        public IFieldSymbol Field { get; }

        public CollectionKind Kind { get; }

        /// <summary>Something shrinks, resets, swaps, hands out or size-checks it.</summary>
        public bool Bounded { get; set; }

        public List<Site> Growth { get; } = new List<Site>();

        public List<Site> Assignments { get; } = new List<Site>();
    }

    /// <summary>
    /// The collection fields of one type under judgement and the calls to the type's private methods, fed
    /// operation by operation; then which fields only grow outside initialization. Initialization is a
    /// constructor, a static constructor, an initializer, an <c>init</c> accessor, or a private method that
    /// only those call.
    /// </summary>
    internal sealed class CollectionFieldsOfType
    {
        private readonly INamedTypeSymbol _type;
        private readonly CollectionKnowledge _knowledge;
        private readonly Dictionary<IMethodSymbol, List<Site>> _calls = new Dictionary<IMethodSymbol, List<Site>>(SymbolEqualityComparer.Default);

        public CollectionFieldsOfType(INamedTypeSymbol type, CollectionKnowledge knowledge)
        {
            _type = type;
            _knowledge = knowledge;
        }

        public Dictionary<IFieldSymbol, CollectionField> Fields { get; } = new Dictionary<IFieldSymbol, CollectionField>(SymbolEqualityComparer.Default);

        /// <summary>Records what <paramref name="operation"/>, in <paramref name="member"/>, does to a judged field or which private method it calls.</summary>
        public void Visit(IOperation operation, ISymbol member)
        {
            switch (operation)
            {
                case IFieldReferenceOperation reference when Fields.TryGetValue(reference.Field.OriginalDefinition, out var field):
                    RecordUse(field, reference, member);
                    break;
                case IInvocationOperation invocation:
                    RecordCall(invocation.TargetMethod, member, isCall: true, operation);
                    break;
                case IMethodReferenceOperation methodReference:
                    RecordCall(methodReference.Method, member, isCall: false, operation);
                    break;
                case IFieldInitializerOperation initializer when !CollectionUses.IsFresh(initializer.Value):
                    // `private readonly List<T> _items = shared.Items;` shares someone else's collection.
                    foreach (var initialized in initializer.InitializedFields)
                    {
                        if (Fields.TryGetValue(initialized.OriginalDefinition, out var shared))
                        {
                            shared.Bounded = true;
                        }
                    }

                    break;
            }
        }

        public void RecordUse(CollectionField field, IFieldReferenceOperation reference, ISymbol member)
        {
            var use = CollectionUses.Classify(reference, field.Kind, out var growth);
            if (use == CollectionUses.Use.Growth && _knowledge.GrowsUnderSmallKey(growth!, field.Kind))
            {
                use = CollectionUses.Use.Neutral; // cache[obj.GetType()] = ... on a Hashtable: bounded like a Type-keyed dictionary
            }

            bool inFunction = CollectionUses.IsInNestedFunction(reference);
            switch (use)
            {
                case CollectionUses.Use.Bounded:
                    field.Bounded = true;
                    break;
                case CollectionUses.Use.Assigned:
                    field.Assignments.Add(new Site(null, member, inFunction, string.Empty));
                    break;
                case CollectionUses.Use.Growth:
                    field.Growth.Add(new Site(growth!.Syntax.GetLocation(), member, inFunction, GrowthName(growth)));
                    break;
            }
        }

        /// <summary>Calls between the type's private methods: a method only called while constructing counts as initialization.</summary>
        private void RecordCall(IMethodSymbol target, ISymbol member, bool isCall, IOperation operation)
        {
            target = target.OriginalDefinition;
            if (target.DeclaredAccessibility != Accessibility.Private || target.MethodKind != MethodKind.Ordinary ||
                !SymbolEqualityComparer.Default.Equals(target.ContainingType, _type))
            {
                return;
            }

            if (!_calls.TryGetValue(target, out var sites))
            {
                _calls[target] = sites = new List<Site>();
            }

            sites.Add(new Site(null, member, !isCall || CollectionUses.IsInNestedFunction(operation), string.Empty));
        }

        /// <summary>
        /// The first growth site outside initialization and all such sites in source order, when nothing
        /// bounds the field and every reassignment is initialization; null otherwise.
        /// </summary>
        public (Site First, List<Location> Locations)? Unbounded(CollectionField field, HashSet<IMethodSymbol> initOnly)
        {
            if (field.Bounded || field.Field.Locations.Length == 0)
            {
                return null;
            }

            foreach (var assignment in field.Assignments)
            {
                if (!IsInitialization(assignment, field.Field, initOnly))
                {
                    return null; // swapped or reset outside initialization
                }
            }

            Site? first = null;
            var locations = new List<Location>();
            foreach (var growth in field.Growth)
            {
                if (IsInitialization(growth, field.Field, initOnly))
                {
                    continue;
                }

                locations.Add(growth.Location!);
                if (first == null || Precedes(growth.Location!, first.Location!))
                {
                    first = growth;
                }
            }

            if (first == null)
            {
                return null;
            }

            locations.Sort((a, b) => Precedes(a, b) ? -1 : Precedes(b, a) ? 1 : 0);
            return (first, locations);
        }

        private static bool Precedes(Location a, Location b)
        {
            var byPath = string.CompareOrdinal(a.SourceTree?.FilePath, b.SourceTree?.FilePath);
            return byPath < 0 || (byPath == 0 && a.SourceSpan.Start < b.SourceSpan.Start);
        }

        private static string GrowthName(IOperation growth) => growth switch
        {
            IInvocationOperation invocation => invocation.TargetMethod.Name,
            IMethodReferenceOperation reference => reference.Method.Name,
            _ => "indexer assignment",
        };

        private static bool IsInitialization(Site site, IFieldSymbol field, HashSet<IMethodSymbol> initOnly)
        {
            if (site.InNestedFunction)
            {
                return false; // a lambda made in a constructor runs later (an event handler, a callback)
            }

            switch (site.Member)
            {
                case IFieldSymbol or IPropertySymbol:
                    return SymbolEqualityComparer.Default.Equals(site.Member.ContainingType, field.ContainingType);
                case IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } constructor:
                    return SymbolEqualityComparer.Default.Equals(constructor.ContainingType, field.ContainingType);
                case IMethodSymbol { IsInitOnly: true } init:
                    return SymbolEqualityComparer.Default.Equals(init.ContainingType, field.ContainingType); // init accessors run in object initializers
                case IMethodSymbol method:
                    return initOnly.Contains(method.OriginalDefinition);
                default:
                    return false;
            }
        }

        /// <summary>Private methods every call of which comes from a constructor, an initializer or another such method.</summary>
        public HashSet<IMethodSymbol> InitOnlyMethods()
        {
            var result = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            bool changed = true;
            while (changed)
            {
                changed = false;
                foreach (var pair in _calls)
                {
                    if (!result.Contains(pair.Key) && AllFromInitialization(pair.Value, result))
                    {
                        result.Add(pair.Key);
                        changed = true;
                    }
                }
            }

            return result;
        }

        private bool AllFromInitialization(List<Site> sites, HashSet<IMethodSymbol> initOnly)
        {
            foreach (var site in sites)
            {
                if (site.InNestedFunction ||
                    !(site.Member is IFieldSymbol or IPropertySymbol or IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } ||
                      (site.Member is IMethodSymbol caller && initOnly.Contains(caller.OriginalDefinition))) ||
                    !SymbolEqualityComparer.Default.Equals(site.Member.ContainingType, _type))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
