using System.Collections.Generic;
using MemRules.Analyzers.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Collections
{
    /// <summary>A use of a collection field and where it is.</summary>
    internal sealed class Site
    {
        public Site(Location? location, ISymbol member, bool inNestedFunction, string name, bool onThis = true)
        {
            Location = location;
            Member = member;
            InNestedFunction = inNestedFunction;
            Name = name;
            OnThis = onThis;
        }

        public Location? Location { get; }

        /// <summary>The method, accessor or field initializer the use is in.</summary>
        public ISymbol Member { get; }

        /// <summary>In a lambda or local function: it runs later, so it is never initialization.</summary>
        public bool InNestedFunction { get; }

        /// <summary>For growth: the growing call's name (<c>Add</c>, "indexer assignment").</summary>
        public string Name { get; }

        /// <summary>The use is on this object (or a static field), not on the field of another instance.</summary>
        public bool OnThis { get; }
    }

    /// <summary>What the uses of one collection field say about its size, and whether evicting from it is safe.</summary>
    internal sealed class CollectionField
    {
        public CollectionField(IFieldSymbol field, CollectionKind kind)
        {
            Field = field;
            Kind = kind;
        }

        public IFieldSymbol Field { get; }

        public CollectionKind Kind { get; }

        /// <summary>Something shrinks, resets, swaps, hands out or size-guards it.</summary>
        public bool Bounded { get; set; }

        public List<Site> Growth { get; } = new List<Site>();

        public List<Site> Assignments { get; } = new List<Site>();

        /// <summary>The first reason found why an eviction could break the program, if any.</summary>
        public EvictionHazard EvictionHazard { get; private set; }

        /// <summary>Some growth is not a fill on a miss: a plain write (<c>_map[key] = v</c> outside a lookup's miss).</summary>
        public bool PlainGrowth { get; set; }

        /// <summary>Entries are read by key, with a fallback (<c>TryGetValue</c>, <c>ContainsKey</c>, a guarded indexer).</summary>
        public bool KeyedReads { get; set; }

        /// <summary>The type creates it (an initializer or an assignment of a new one): required of a MemoryCache.</summary>
        public bool Created { get; set; }

        public void Hazard(EvictionHazard hazard)
        {
            if (EvictionHazard == EvictionHazard.None)
            {
                EvictionHazard = hazard;
            }
        }
    }

    /// <summary>A field that only grows: the first growth call on this object, every growth call, and what eviction fits it.</summary>
    internal sealed class Unbounded
    {
        public Unbounded(Site first, List<Location> locations, string? eviction, EvictionHazard hazard)
        {
            First = first;
            Locations = locations;
            Eviction = eviction;
            Hazard = hazard;
        }

        public Site First { get; }

        public List<Location> Locations { get; }

        /// <summary><see cref="DiagnosticProperties.MEM005"/>'s Cache or Sequence when evicting is safe; null otherwise.</summary>
        public string? Eviction { get; }

        public EvictionHazard Hazard { get; }
    }

    /// <summary>
    /// The collection fields of one type under judgement, fed operation by operation; then which fields only
    /// grow outside initialization (<see cref="InitializationCalls"/>), and whether evicting from them is safe.
    /// </summary>
    internal sealed class CollectionFieldsOfType
    {
        private readonly INamedTypeSymbol _type;
        private readonly CollectionKnowledge _knowledge;
        private readonly InitializationCalls _initialization;

        // Which of the type's collection fields each member grows: two grown together are kept in step.
        private readonly Dictionary<ISymbol, HashSet<IFieldSymbol>> _grownIn = new Dictionary<ISymbol, HashSet<IFieldSymbol>>(SymbolEqualityComparer.Default);

        public CollectionFieldsOfType(INamedTypeSymbol type, CollectionKnowledge knowledge)
        {
            _type = type;
            _knowledge = knowledge;
            _initialization = new InitializationCalls(type);
        }

        public Dictionary<IFieldSymbol, CollectionField> Fields { get; } = new Dictionary<IFieldSymbol, CollectionField>(SymbolEqualityComparer.Default);

        /// <summary>Records what <paramref name="operation"/>, in <paramref name="member"/>, does to a judged field or which private method it calls.</summary>
        public void Visit(IOperation operation, ISymbol member)
        {
            switch (operation)
            {
                case IFieldReferenceOperation reference:
                    if (Fields.TryGetValue(reference.Field.OriginalDefinition, out var field))
                    {
                        RecordUse(field, reference, member);
                    }

                    RecordGrownTogether(reference, member);
                    break;
                case IInvocationOperation or IMethodReferenceOperation:
                    _initialization.Visit(operation, member);
                    break;
                case IFieldInitializerOperation initializer:
                    foreach (var initialized in initializer.InitializedFields)
                    {
                        if (Fields.TryGetValue(initialized.OriginalDefinition, out var initializedField))
                        {
                            RecordInitializer(initializedField, initializer.Value);
                        }
                    }

                    break;
            }
        }

        /// <summary>
        /// A field initializer: `= shared.Items` shares someone else's collection; `= new() { "system prompt" }`
        /// seeds it, and an eviction would drop the seed.
        /// </summary>
        public static void RecordInitializer(CollectionField field, IOperation value)
        {
            value = Operations.StripConversions(value)!;
            if (field.Kind == CollectionKind.MemoryCache)
            {
                field.Bounded |= !MemoryCaches.IsUnlimitedCreation(value); // a size limit, or a cache shared with others
                field.Created = true;
            }
            else if (!CollectionUses.IsFresh(value))
            {
                field.Bounded = true;
            }
            else if ((value is IObjectCreationOperation { Initializer.Initializers.Length: > 0 }) ||
                     (value.Syntax is CollectionExpressionSyntax { Elements.Count: > 0 }))
            {
                field.Hazard(EvictionHazard.Seeded);
            }
        }

        public void RecordUse(CollectionField field, IFieldReferenceOperation reference, ISymbol member)
        {
            if (IsOnObjectBeingBuilt(reference))
            {
                return; // `var copy = new C(); copy._items.Add(x)` in Clone(): filling a new object, not growing one
            }

            var use = field.Kind == CollectionKind.MemoryCache
                ? MemoryCaches.Classify(reference, out var growth)
                : CollectionUses.Classify(reference, field.Kind, out growth);
            if (use == CollectionUses.Use.Growth && _knowledge.GrowsUnderSmallKey(growth!, field.Kind))
            {
                use = CollectionUses.Use.Neutral; // cache[obj.GetType()] = ... on a Hashtable: bounded like a Type-keyed dictionary
            }

            bool inFunction = InitializationCalls.IsInNestedFunction(reference);
            switch (use)
            {
                case CollectionUses.Use.Bounded:
                    field.Bounded = true;
                    break;
                case CollectionUses.Use.Assigned:
                    field.Assignments.Add(new Site(null, member, inFunction, string.Empty));
                    field.Created = true;
                    break;
                case CollectionUses.Use.Growth:
                    field.Growth.Add(new Site(growth!.Syntax.GetLocation(), member, inFunction, GrowthName(growth), IsOnThis(reference)));
                    if (field.Kind != CollectionKind.MemoryCache)
                    {
                        EvictionSafety.OfGrowth(field, reference, growth);
                    }

                    break;
                default:
                    if (field.Kind != CollectionKind.MemoryCache)
                    {
                        EvictionSafety.OfRead(field, reference);
                    }

                    break;
            }
        }

        private void RecordGrownTogether(IFieldReferenceOperation reference, ISymbol member)
        {
            var kind = _knowledge.KindOf(reference.Field.Type);
            if (kind is CollectionKind.None or CollectionKind.MemoryCache || !IsOnThis(reference) || CollectionUses.EffectOf(reference, kind) != CollectionUses.Effect.Growth)
            {
                return;
            }

            if (!_grownIn.TryGetValue(member, out var grown))
            {
                _grownIn[member] = grown = new HashSet<IFieldSymbol>(SymbolEqualityComparer.Default);
            }

            grown.Add(reference.Field.OriginalDefinition);
        }

        private static bool IsOnThis(IFieldReferenceOperation reference) =>
            reference.Instance == null || Operations.StripConversions(reference.Instance) is IInstanceReferenceOperation;

        /// <summary>The field of a local that holds an object this method creates (<c>new C()</c>, <c>MemberwiseClone()</c>).</summary>
        private static bool IsOnObjectBeingBuilt(IFieldReferenceOperation reference)
        {
            if (Operations.StripConversions(reference.Instance) is not ILocalReferenceOperation local)
            {
                return false;
            }

            foreach (var declaration in local.Local.DeclaringSyntaxReferences)
            {
                if (declaration.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: var value })
                {
                    while (value is CastExpressionSyntax or ParenthesizedExpressionSyntax)
                    {
                        value = value is CastExpressionSyntax cast ? cast.Expression : ((ParenthesizedExpressionSyntax)value).Expression;
                    }

                    return value is BaseObjectCreationExpressionSyntax ||
                           (value is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "MemberwiseClone" } });
                }
            }

            return false;
        }

        /// <summary>
        /// The first growth site outside initialization (preferring one on this object) and all such sites in source
        /// order, when nothing bounds the field and every reassignment is initialization; null otherwise.
        /// </summary>
        public Unbounded? Unbounded(CollectionField field)
        {
            if (field.Bounded || field.Field.Locations.Length == 0 || (field.Kind == CollectionKind.MemoryCache && !field.Created))
            {
                return null; // a cache is judged only where the type creates it
            }

            foreach (var assignment in field.Assignments)
            {
                if (!_initialization.IsInitialization(assignment.Member, assignment.InNestedFunction))
                {
                    return null; // swapped or reset outside initialization
                }
            }

            Site? first = null;
            var locations = new List<Location>();
            bool seeded = false;
            foreach (var growth in field.Growth)
            {
                if (_initialization.IsInitialization(growth.Member, growth.InNestedFunction))
                {
                    seeded = true;
                    continue;
                }

                locations.Add(growth.Location!);
                if (first == null || (growth.OnThis && !first.OnThis) ||
                    (growth.OnThis == first.OnThis && Precedes(growth.Location!, first.Location!)))
                {
                    first = growth;
                }
            }

            if (first == null)
            {
                return null;
            }

            locations.Sort((a, b) => Precedes(a, b) ? -1 : Precedes(b, a) ? 1 : 0);
            var hazard = Hazard(field, seeded);
            var eviction = hazard != EvictionHazard.None ? null
                : field.Kind == CollectionKind.Dictionary && !field.PlainGrowth ? DiagnosticProperties.MEM005.CacheEviction
                : DiagnosticProperties.MEM005.SequenceEviction;
            return new Unbounded(first, locations, eviction, hazard);
        }

        private EvictionHazard Hazard(CollectionField field, bool seeded)
        {
            if (field.EvictionHazard != EvictionHazard.None)
            {
                return field.EvictionHazard;
            }

            if (field.KeyedReads && field.PlainGrowth)
            {
                return EvictionHazard.Registry; // read by key, written by the program rather than on a miss
            }

            if (seeded)
            {
                return EvictionHazard.Seeded;
            }

            var elements = EvictionSafety.OfElements(field.Field, field.Kind, _knowledge);
            if (elements != EvictionHazard.None)
            {
                return elements;
            }

            foreach (var growth in field.Growth)
            {
                if (!growth.OnThis)
                {
                    return EvictionHazard.OtherInstance;
                }

                if (_grownIn.TryGetValue(growth.Member, out var grown) && grown.Count > 1)
                {
                    return EvictionHazard.KeptInStep;
                }
            }

            return EvictionHazard.None;
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
    }
}
