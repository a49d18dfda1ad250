using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using MemRules.Analyzers.Collections;
using MemRules.Analyzers.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Rules
{
    /// <summary>
    /// MEM005: a collection field that code grows outside initialization, while nothing shrinks, bounds,
    /// replaces or hands it out. Each type is analyzed once (symbol start over the named type, covering all
    /// its partial parts, lambdas and local functions; its nested types route their uses of its private
    /// members to it). Private fields are reported when the type and its nested types have ended, internal
    /// fields (option include_internal) at the compilation's end, when every use has been seen.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MEM005UnboundedCollectionAnalyzer : DiagnosticAnalyzer
    {
        internal const string IncludeInternalKey = "include_internal";
        internal const string DefaultCapacityKey = "default_capacity";
        internal const int DefaultCapacity = 1000;

        /// <summary>Diagnostic property: the bound the fix writes into the new constant.</summary>
        internal const string CapacityProperty = "Capacity";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.MEM005UnboundedCollection, Descriptors.MEM005UnboundedInternalCollection);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var knowledge = CollectionKnowledge.Create(start.Compilation);
                if (knowledge.IsEmpty)
                {
                    return;
                }

                var compilation = new CompilationState(knowledge, new MemRulesOptions.Cache(start.Options));
                start.RegisterSymbolStartAction(s => StartType(s, compilation), SymbolKind.NamedType);
                start.RegisterCompilationEndAction(end => ReportInternal(end, compilation));
            });
        }

        private static void StartType(SymbolStartAnalysisContext context, CompilationState compilation)
        {
            var state = compilation.GetTypeState((INamedTypeSymbol)context.Symbol);
            context.RegisterOperationAction(c => OnFieldReference(c, state, compilation), OperationKind.FieldReference);
            context.RegisterOperationAction(c => OnCall(c, state, compilation), OperationKind.Invocation, OperationKind.MethodReference);
            context.RegisterOperationAction(c => OnFieldInitializer(c, state, compilation), OperationKind.FieldInitializer);
            context.RegisterSymbolEndAction(c => EndType(c, state, compilation));
        }

        /// <summary>
        /// The state of the type that declares a private member used here: this type or one that contains it.
        /// A nested type's operations are not seen by its container's start action, so they are routed here;
        /// the container's end waits for its nested types.
        /// </summary>
        private static TypeState? Owner(TypeState current, INamedTypeSymbol declaring, CompilationState compilation)
        {
            if (SymbolEqualityComparer.Default.Equals(declaring, current.Type))
            {
                return current;
            }

            for (var container = current.Type.ContainingType; container != null; container = container.ContainingType)
            {
                if (SymbolEqualityComparer.Default.Equals(declaring, container))
                {
                    return compilation.GetTypeState(container);
                }
            }

            return null;
        }

        private static void OnFieldReference(OperationAnalysisContext context, TypeState type, CompilationState compilation)
        {
            var reference = (IFieldReferenceOperation)context.Operation;
            var field = reference.Field.OriginalDefinition;
            FieldState? state = null;
            if (field.DeclaredAccessibility == Accessibility.Private)
            {
                if (Owner(type, field.ContainingType, compilation) is not { } owner || !owner.Fields.TryGetValue(field, out state))
                {
                    return;
                }
            }
            else if (field.DeclaredAccessibility is Accessibility.Internal or Accessibility.ProtectedAndInternal)
            {
                // Seen anywhere in the assembly; reported at the compilation's end.
                if (compilation.InternalState(field) is not { } internalState)
                {
                    return;
                }

                state = internalState;
            }
            else
            {
                return;
            }

            var use = Classify(reference, state.Kind, out var growth);
            if (use == Use.Growth && compilation.Knowledge.GrowsUnderSmallKey(growth!, state.Kind))
            {
                use = Use.Neutral; // cache[obj.GetType()] = ... on a Hashtable: bounded like a Type-keyed dictionary
            }

            if (use == Use.Neutral)
            {
                return;
            }

            var member = context.ContainingSymbol;
            var inFunction = IsInNestedFunction(reference);
            lock (state)
            {
                switch (use)
                {
                    case Use.Bounded:
                        state.Bounded = true;
                        break;
                    case Use.Assigned:
                        state.Assignments.Add(new Site(null, member, inFunction, string.Empty));
                        break;
                    case Use.Growth:
                        state.Growth.Add(new Site(growth!.Syntax.GetLocation(), member, inFunction, GrowthName(growth)));
                        break;
                }
            }
        }

        /// <summary>Records calls between the type's private methods: a method only called while constructing counts as initialization.</summary>
        private static void OnCall(OperationAnalysisContext context, TypeState type, CompilationState compilation)
        {
            IMethodSymbol target;
            bool isCall;
            switch (context.Operation)
            {
                case IInvocationOperation invocation:
                    target = invocation.TargetMethod;
                    isCall = true;
                    break;
                case IMethodReferenceOperation reference:
                    target = reference.Method;
                    isCall = false;
                    break;
                default:
                    return;
            }

            target = target.OriginalDefinition;
            if (target.DeclaredAccessibility != Accessibility.Private ||
                target.MethodKind != MethodKind.Ordinary ||
                Owner(type, target.ContainingType, compilation) is not { NeedsCallGraph: true } owner)
            {
                return;
            }

            var site = new Site(null, context.ContainingSymbol, !isCall || IsInNestedFunction(context.Operation), string.Empty);
            lock (owner.Calls)
            {
                if (!owner.Calls.TryGetValue(target, out var sites))
                {
                    sites = new List<Site>();
                    owner.Calls[target] = sites;
                }

                sites.Add(site);
            }
        }

        /// <summary>
        /// A type's fields are reported when the type and every type nested in it have ended: a nested
        /// type's methods may use the container's private fields, and only its own end waits for them.
        /// </summary>
        private static void EndType(SymbolAnalysisContext context, TypeState type, CompilationState compilation)
        {
            Finish(type, compilation, context.ReportDiagnostic);
            for (var container = type.Type.ContainingType; container != null; container = container.ContainingType)
            {
                Finish(compilation.GetTypeState(container), compilation, context.ReportDiagnostic);
            }
        }

        private static void Finish(TypeState type, CompilationState compilation, System.Action<Diagnostic> report)
        {
            if (System.Threading.Interlocked.Decrement(ref type.PendingEnds) != 0)
            {
                return;
            }

            var initOnly = InitOnlyMethods(type);
            compilation.InitOnlyMethods[type.Type] = initOnly;
            foreach (var state in type.Fields.Values)
            {
                Report(state, initOnly, Descriptors.MEM005UnboundedCollection, report, compilation);
            }
        }

        private static void ReportInternal(CompilationAnalysisContext context, CompilationState compilation)
        {
            foreach (var pair in compilation.InternalFields)
            {
                if (pair.Value is { } state)
                {
                    compilation.InitOnlyMethods.TryGetValue(state.Field.ContainingType, out var initOnly);
                    Report(state, initOnly, Descriptors.MEM005UnboundedInternalCollection, context.ReportDiagnostic, compilation);
                }
            }
        }

        private static void Report(
            FieldState state, HashSet<IMethodSymbol>? initOnly, DiagnosticDescriptor descriptor,
            System.Action<Diagnostic> report, CompilationState compilation)
        {
            if (state.Bounded || state.Field.Locations.Length == 0)
            {
                return;
            }

            foreach (var assignment in state.Assignments)
            {
                if (!IsInitialization(assignment, state.Field, initOnly))
                {
                    return; // swapped or reset outside initialization
                }
            }

            Site? first = null;
            var locations = new List<Location>();
            foreach (var growth in state.Growth)
            {
                if (IsInitialization(growth, state.Field, initOnly))
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
                return;
            }

            locations.Sort((a, b) => Precedes(a, b) ? -1 : Precedes(b, a) ? 1 : 0);
            var location = state.Field.Locations[0];
            var capacity = compilation.Options.For(location.SourceTree!)
                .GetInt(RuleIdentifiers.UnboundedCollection, DefaultCapacityKey, DefaultCapacity, 1, 100_000_000);
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(CapacityProperty, capacity.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Add(CollectionKnowledge.KindProperty, state.Kind.ToString());
            report(Diagnostic.Create(
                descriptor, location, locations, properties,
                state.Field.Name, first.Name, MemberName(first.Member)));
        }

        private static bool Precedes(Location a, Location b)
        {
            var byPath = string.CompareOrdinal(a.SourceTree?.FilePath, b.SourceTree?.FilePath);
            return byPath < 0 || (byPath == 0 && a.SourceSpan.Start < b.SourceSpan.Start);
        }

        private static string MemberName(ISymbol member) =>
            member is IMethodSymbol { AssociatedSymbol: { } associated } ? associated.Name :
            member is IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } ? member.ContainingType.Name :
            member.Name;

        private static string GrowthName(IOperation growth) => growth switch
        {
            IInvocationOperation invocation => invocation.TargetMethod.Name,
            IMethodReferenceOperation reference => reference.Method.Name,
            _ => "indexer assignment",
        };

        /// <summary>Constructors, static constructors and initializers of the field's type, and private methods only they call.</summary>
        private static bool IsInitialization(Site site, IFieldSymbol field, HashSet<IMethodSymbol>? initOnly)
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
                    return initOnly != null && initOnly.Contains(method.OriginalDefinition);
                default:
                    return false;
            }
        }

        /// <summary>Private methods every call of which comes from a constructor, an initializer or another such method.</summary>
        private static HashSet<IMethodSymbol> InitOnlyMethods(TypeState type)
        {
            var result = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            bool changed = true;
            while (changed)
            {
                changed = false;
                foreach (var pair in type.Calls)
                {
                    if (result.Contains(pair.Key))
                    {
                        continue;
                    }

                    bool all = true;
                    foreach (var site in pair.Value)
                    {
                        if (site.InNestedFunction ||
                            !(site.Member is IFieldSymbol or IPropertySymbol or IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } ||
                              (site.Member is IMethodSymbol caller && result.Contains(caller.OriginalDefinition))) ||
                            !SymbolEqualityComparer.Default.Equals(site.Member.ContainingType, type.Type))
                        {
                            all = false;
                            break;
                        }
                    }

                    if (all)
                    {
                        result.Add(pair.Key);
                        changed = true;
                    }
                }
            }

            return result;
        }

        private static bool IsInNestedFunction(IOperation operation)
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

        private enum Use
        {
            Neutral,
            Growth,
            Assigned,
            Bounded,
        }

        /// <summary>What one use of the field does to it. Unknown uses count as handing it out: precision first.</summary>
        private static Use Classify(IFieldReferenceOperation reference, CollectionKind kind, out IOperation? growth)
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
        private static bool IsFresh(IOperation value)
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

        /// <summary><c>private readonly List&lt;T&gt; _items = shared.Items;</c> shares someone else's collection.</summary>
        private static void OnFieldInitializer(OperationAnalysisContext context, TypeState type, CompilationState compilation)
        {
            var initializer = (IFieldInitializerOperation)context.Operation;
            if (IsFresh(initializer.Value))
            {
                return;
            }

            foreach (var field in initializer.InitializedFields)
            {
                var state = type.Fields.TryGetValue(field.OriginalDefinition, out var own) ? own
                    : field.DeclaredAccessibility is Accessibility.Internal or Accessibility.ProtectedAndInternal ? compilation.InternalState(field.OriginalDefinition)
                    : null;
                if (state != null)
                {
                    lock (state)
                    {
                        state.Bounded = true;
                    }
                }
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

        private sealed class Site
        {
            public Site(Location? location, ISymbol member, bool inNestedFunction, string name)
            {
                Location = location;
                Member = member;
                InNestedFunction = inNestedFunction;
                Name = name;
            }

            public Location? Location { get; }

            public ISymbol Member { get; }

            public bool InNestedFunction { get; }

            public string Name { get; }
        }

        private sealed class FieldState
        {
            public FieldState(IFieldSymbol field, CollectionKind kind)
            {
                Field = field;
                Kind = kind;
            }

            public IFieldSymbol Field { get; }

            public CollectionKind Kind { get; }

            public bool Bounded { get; set; }

            public List<Site> Growth { get; } = new List<Site>();

            public List<Site> Assignments { get; } = new List<Site>();
        }

        private sealed class TypeState
        {
            // This type's end and those of all its nested types.
            public int PendingEnds;

            public TypeState(INamedTypeSymbol type, CompilationState compilation)
            {
                Type = type;
                PendingEnds = 1 + CountNestedTypes(type);
                foreach (var member in type.GetMembers())
                {
                    if (member is IFieldSymbol { IsImplicitlyDeclared: false, IsConst: false } field &&
                        compilation.Knowledge.KindOf(field.Type) != CollectionKind.None)
                    {
                        if (field.DeclaredAccessibility != Accessibility.Private)
                        {
                            NeedsCallGraph = true; // an internal field may be a candidate (include_internal)
                        }
                        else if (compilation.CreateState(field) is { } fieldState)
                        {
                            Fields[field] = fieldState;
                            NeedsCallGraph = true;
                        }
                    }
                }
            }

            /// <summary>Whether calls between private methods matter: only with collection fields to judge.</summary>
            public bool NeedsCallGraph { get; }

            public INamedTypeSymbol Type { get; }

            private static int CountNestedTypes(INamedTypeSymbol type)
            {
                int count = 0;
                foreach (var nested in type.GetTypeMembers())
                {
                    // A type declared only in generated code gets no symbol start (and so no end) from us.
                    if (!nested.IsImplicitlyDeclared && !IsOnlyGenerated(nested))
                    {
                        count += 1 + CountNestedTypes(nested);
                    }
                }

                return count;
            }

            private static bool IsOnlyGenerated(INamedTypeSymbol type)
            {
                foreach (var reference in type.DeclaringSyntaxReferences)
                {
                    var path = reference.SyntaxTree.FilePath ?? string.Empty;
                    if (!path.EndsWith(".g.cs", System.StringComparison.OrdinalIgnoreCase) &&
                        !path.EndsWith(".generated.cs", System.StringComparison.OrdinalIgnoreCase) &&
                        !path.EndsWith(".designer.cs", System.StringComparison.OrdinalIgnoreCase))
                    {
                        return false;
                    }
                }

                return true;
            }

            // Filled on creation, read-only afterwards.
            public Dictionary<IFieldSymbol, FieldState> Fields { get; } = new Dictionary<IFieldSymbol, FieldState>(SymbolEqualityComparer.Default);

            public Dictionary<IMethodSymbol, List<Site>> Calls { get; } = new Dictionary<IMethodSymbol, List<Site>>(SymbolEqualityComparer.Default);
        }

        private sealed class CompilationState
        {
            public CompilationState(CollectionKnowledge knowledge, MemRulesOptions.Cache options)
            {
                Knowledge = knowledge;
                Options = options;
            }

            public CollectionKnowledge Knowledge { get; }

            public MemRulesOptions.Cache Options { get; }

            public ConcurrentDictionary<IFieldSymbol, FieldState?> InternalFields { get; } =
                new ConcurrentDictionary<IFieldSymbol, FieldState?>(SymbolEqualityComparer.Default);

            public ConcurrentDictionary<INamedTypeSymbol, HashSet<IMethodSymbol>> InitOnlyMethods { get; } =
                new ConcurrentDictionary<INamedTypeSymbol, HashSet<IMethodSymbol>>(SymbolEqualityComparer.Default);

            public ConcurrentDictionary<INamedTypeSymbol, TypeState> Types { get; } =
                new ConcurrentDictionary<INamedTypeSymbol, TypeState>(SymbolEqualityComparer.Default);

            public TypeState GetTypeState(INamedTypeSymbol type) => Types.GetOrAdd(type, t => new TypeState(t, this));

            public FieldState? CreateState(IFieldSymbol field)
            {
                var kind = Knowledge.KindOf(field.Type);
                return kind == CollectionKind.None || Knowledge.HasSmallKeyDomain(field.Type, kind) || field.Locations.Length == 0 || !field.Locations[0].IsInSource ||
                       CollectionKnowledge.HoldsCompositeChildren(field.Type, kind, field.ContainingType)
                    ? null
                    : new FieldState(field, kind);
            }

            public FieldState? InternalState(IFieldSymbol field) =>
                InternalFields.GetOrAdd(field, f =>
                    f.Locations.Length > 0 && f.Locations[0].SourceTree is { } tree &&
                    Options.For(tree).GetBool(RuleIdentifiers.UnboundedCollection, IncludeInternalKey, defaultValue: false)
                        ? CreateState(f)
                        : null);
        }
    }
}
