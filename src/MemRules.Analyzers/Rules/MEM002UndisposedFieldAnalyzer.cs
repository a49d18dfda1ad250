using System.Collections.Generic;
using System.Collections.Immutable;
using MemRules.Analyzers.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Rules
{
    /// <summary>
    /// MEM002: an instance field or auto-property that the type fills with a resource it creates is
    /// disposed by the type's disposal. Each type is analyzed once: a symbol-start action collects the
    /// assignments, uses and releases of its members as operations are visited, the symbol-end action
    /// decides.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MEM002UndisposedFieldAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: "NotDisposable", "NotDisposed" or "Replaced".</summary>
        public const string KindProperty = "Kind";

        /// <summary>Diagnostic property set when the member is disposable only asynchronously.</summary>
        public const string AsyncOnlyProperty = "AsyncOnly";

        /// <summary>Diagnostic property set when the member may be null at disposal (no initializer).</summary>
        public const string MaybeNullProperty = "MaybeNull";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            Descriptors.MEM002TypeNotDisposable, Descriptors.MEM002FieldNotDisposed, Descriptors.MEM002FieldReplaced);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var known = KnownSymbols.TryCreate(start.Compilation);
                if (known == null)
                {
                    return;
                }

                var cache = new MemRulesOptions.Cache(start.Options);
                start.RegisterSymbolStartAction(s => StartType(s, known, cache), SymbolKind.NamedType);
            });
        }

        private static void StartType(SymbolStartAnalysisContext context, KnownSymbols known, MemRulesOptions.Cache cache)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.IsStatic || type.Locations.Length == 0 ||
                !type.Locations[0].IsInSource || !HasCandidateMember(type, known))
            {
                return;
            }

            var state = new TypeState(type, known, cache.For(type.Locations[0].SourceTree!));
            context.RegisterOperationAction(state.Visit,
                OperationKind.SimpleAssignment, OperationKind.CoalesceAssignment, OperationKind.FieldInitializer,
                OperationKind.PropertyInitializer, OperationKind.Invocation, OperationKind.Using,
                OperationKind.VariableDeclarator, OperationKind.DeclarationPattern, OperationKind.RecursivePattern,
                OperationKind.Loop, OperationKind.FieldReference, OperationKind.PropertyReference,
                OperationKind.Binary, OperationKind.IsPattern);
            context.RegisterSymbolEndAction(state.Report);
        }

        /// <summary>Cheap pre-check so that types without a disposable instance member cost nothing more.</summary>
        private static bool HasCandidateMember(INamedTypeSymbol type, KnownSymbols known)
        {
            // With an unresolved base or interface we cannot know whether the type is disposable.
            if (type.BaseType is { TypeKind: TypeKind.Error })
            {
                return false;
            }

            foreach (var implemented in type.Interfaces)
            {
                if (implemented.TypeKind == TypeKind.Error)
                {
                    return false;
                }
            }

            foreach (var member in type.GetMembers())
            {
                if (member is IFieldSymbol { IsStatic: false, IsConst: false } field && known.IsDisposable(field.Type) && !field.Type.IsValueType)
                {
                    return true;
                }
            }

            return false;
        }

        // Kinds the host's Roslyn may know (4.9+) though the 4.8 API we compile against does not.
        private static readonly OperationKind? CollectionExpressionKind =
            System.Enum.TryParse("CollectionExpression", out OperationKind collection) ? collection : null;

        private static readonly OperationKind? SpreadKind =
            System.Enum.TryParse("Spread", out OperationKind spread) ? spread : null;

        private sealed class MemberFacts
        {
            public bool OwnedAssignment;
            public bool InitializedOrConstructed;
            public bool HasInitializer;
            public bool ForeignAssignment;
            public bool HandedOn;
        }

        private sealed class Replacement
        {
            public Replacement(ISymbol member, IMethodSymbol method, Location location)
            {
                Member = member;
                Method = method;
                Location = location;
            }

            public ISymbol Member { get; }
            public IMethodSymbol Method { get; }
            public Location Location { get; }
        }

        private sealed class TypeState
        {
            private readonly INamedTypeSymbol _type;
            private readonly KnownSymbols _known;
            private readonly MemRulesOptions _options;
            private readonly TypeDisposal _disposal;
            private readonly object _gate = new object();
            private readonly Dictionary<ISymbol, MemberFacts> _members = new Dictionary<ISymbol, MemberFacts>(SymbolEqualityComparer.Default);
            private readonly List<Replacement> _replacements = new List<Replacement>();
            private readonly HashSet<(IMethodSymbol, ISymbol)> _nullChecked = new HashSet<(IMethodSymbol, ISymbol)>();
            private readonly Dictionary<ISymbol, ISymbol> _exposedBy = new Dictionary<ISymbol, ISymbol>(SymbolEqualityComparer.Default);
            private readonly HashSet<ISymbol> _autoProperties = new HashSet<ISymbol>(SymbolEqualityComparer.Default);

            public TypeState(INamedTypeSymbol type, KnownSymbols known, MemRulesOptions options)
            {
                _type = type;
                _known = known;
                _options = options;
                _disposal = new TypeDisposal(type);
                foreach (var member in type.GetMembers())
                {
                    if (member is IFieldSymbol { AssociatedSymbol: IPropertySymbol property })
                    {
                        _autoProperties.Add(property);
                    }
                }
            }

            public void Visit(OperationAnalysisContext context)
            {
                var containing = context.ContainingSymbol;
                if (!SymbolEqualityComparer.Default.Equals(containing.ContainingType, _type))
                {
                    return;
                }

                var method = containing as IMethodSymbol;
                switch (context.Operation)
                {
                    case IFieldInitializerOperation initializer:
                        foreach (var field in initializer.InitializedFields)
                        {
                            RecordAssignment(field.AssociatedSymbol is IPropertySymbol p ? p : field, initializer.Value, null, inInitializerOrConstructor: true, isInitializer: true);
                        }

                        break;
                    case IPropertyInitializerOperation initializer:
                        foreach (var property in initializer.InitializedProperties)
                        {
                            RecordAssignment(property, initializer.Value, null, inInitializerOrConstructor: true, isInitializer: true);
                        }

                        break;
                    case ISimpleAssignmentOperation assignment:
                        {
                            _disposal.RecordLocalAssignment(assignment);
                            var member = _disposal.OwnMember(assignment.Target);
                            if (member != null)
                            {
                                RecordAssignment(member, assignment.Value, method, IsConstructor(method), isInitializer: false);
                                if (assignment.Parent is not IExpressionStatementOperation)
                                {
                                    // `Add(_f = new T())`, `[_f = new T()]`: the value is handed on as it is stored.
                                    lock (_gate)
                                    {
                                        Facts(member).HandedOn = true;
                                    }
                                }
                            }

                            break;
                        }

                    case ICoalesceAssignmentOperation coalesce:
                        {
                            // `_f ??= new T()` creates lazily: owned, never a replacement.
                            var member = _disposal.OwnMember(coalesce.Target);
                            if (member != null)
                            {
                                RecordAssignment(member, coalesce.Value, null, IsConstructor(method), isInitializer: false);
                            }

                            break;
                        }

                    case IInvocationOperation invocation when method != null:
                        _disposal.RecordInvocation(invocation, method);
                        break;
                    case IUsingOperation usingOperation when method != null:
                        _disposal.RecordUsing(usingOperation, method);
                        break;
                    case IVariableDeclaratorOperation declarator:
                        _disposal.RecordDeclarator(declarator);
                        break;
                    case IPatternOperation pattern:
                        _disposal.RecordPattern(pattern);
                        break;
                    case IForEachLoopOperation loop:
                        _disposal.RecordForEach(loop);
                        break;
                    case IFieldReferenceOperation or IPropertyReferenceOperation:
                        VisitReference(context.Operation, method);
                        break;
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary when method != null:
                        RecordNullCheck(binary.LeftOperand, method);
                        RecordNullCheck(binary.RightOperand, method);
                        break;
                    case IIsPatternOperation isPattern when method != null:
                        RecordNullCheck(isPattern.Value, method);
                        break;
                }
            }

            private static bool IsConstructor(IMethodSymbol? method) => method?.MethodKind == MethodKind.Constructor;

            private void RecordNullCheck(IOperation operand, IMethodSymbol method)
            {
                var member = _disposal.OwnMember(operand);
                if (member != null)
                {
                    lock (_gate)
                    {
                        _nullChecked.Add((method.OriginalDefinition, member));
                    }
                }
            }

            private void RecordAssignment(ISymbol member, IOperation value, IMethodSymbol? method, bool inInitializerOrConstructor, bool isInitializer)
            {
                value = Operations.StripConversions(value)!;
                bool owned = ResourceCreation.IsOwnedCreation(value, _known, _options, out _) && !WrapsInjectedResource(value);
                bool neutral = value is ILiteralOperation or IDefaultValueOperation || value.ConstantValue.HasValue;
                lock (_gate)
                {
                    var facts = Facts(member);
                    if (owned)
                    {
                        facts.OwnedAssignment = true;
                        facts.InitializedOrConstructed |= inInitializerOrConstructor;
                        facts.HasInitializer |= isInitializer;
                        if (method != null && method.MethodKind == MethodKind.Ordinary && !DisposeMethods.IsDisposeMethod(method))
                        {
                            _replacements.Add(new Replacement(member, method.OriginalDefinition, value.Syntax.GetLocation()));
                        }
                    }
                    else if (!neutral)
                    {
                        facts.ForeignAssignment = true;
                    }
                }
            }

            /// <summary>
            /// <c>new StreamReader(stream)</c> over a disposable parameter: disposing the wrapper would dispose
            /// what the caller owns, so the type does not own the wrapper outright.
            /// </summary>
            private bool WrapsInjectedResource(IOperation value)
            {
                if (value is IObjectCreationOperation creation)
                {
                    foreach (var argument in creation.Arguments)
                    {
                        if (Operations.StripConversions(argument.Value) is IParameterReferenceOperation parameter &&
                            _known.IsDisposable(parameter.Type))
                        {
                            return true;
                        }
                    }
                }

                return false;
            }

            private MemberFacts Facts(ISymbol member)
            {
                if (!_members.TryGetValue(member, out var facts))
                {
                    facts = new MemberFacts();
                    _members.Add(member, facts);
                }

                return facts;
            }

            /// <summary>A member whose value is returned from a method, stored elsewhere or passed out is handed on.</summary>
            private void VisitReference(IOperation reference, IMethodSymbol? method)
            {
                var member = _disposal.OwnMember(reference);
                if (member == null)
                {
                    return;
                }

                var parent = reference.Parent;
                while (parent is IConversionOperation)
                {
                    parent = parent.Parent;
                }

                if (parent is IReturnOperation && method is { MethodKind: MethodKind.PropertyGet, AssociatedSymbol: { } exposing })
                {
                    // `View? TitleView => _titleView;`: handing on TitleView hands on _titleView.
                    lock (_gate)
                    {
                        _exposedBy[exposing] = member;
                    }
                }

                bool handedOn = parent switch
                {
                    IReturnOperation => method != null && method.MethodKind != MethodKind.PropertyGet,
                    ISimpleAssignmentOperation assignment => assignment.Target != reference &&
                                                             assignment.Target is not ILocalReferenceOperation &&
                                                             _disposal.OwnMember(assignment.Target) == null,
                    IArgumentOperation argument => argument.ArgumentKind == ArgumentKind.Explicit && argument.Parameter?.RefKind == RefKind.Out
                        ? MarkForeign(member)
                        : argument.Parameter?.RefKind == RefKind.None && _options.ArgumentTransfersOwnership && !IsInDisposeMethod(method),
                    IArrayInitializerOperation or ITupleOperation => true,
                    // Collection expressions (`new StatusBar([_a, _b])`) have no operation interface in Roslyn 4.8.
                    { Kind: OperationKind.None } => true,
                    { } other => IsCollectionExpression(other),
                    _ => false,
                };

                if (handedOn)
                {
                    lock (_gate)
                    {
                        Facts(member).HandedOn = true;
                    }
                }
            }

            private bool MarkForeign(ISymbol member)
            {
                lock (_gate)
                {
                    Facts(member).ForeignAssignment = true;
                }

                return false;
            }

            private static bool IsCollectionExpression(IOperation operation) =>
                (CollectionExpressionKind is { } collection && operation.Kind == collection) ||
                (SpreadKind is { } spread && operation.Kind == spread);

            /// <summary>Passing a member to a call inside the type's disposal is a release, not a hand-on.</summary>
            private static bool IsInDisposeMethod(IMethodSymbol? method) =>
                method != null && DisposeMethods.IsDisposeMethod(method);

            public void Report(SymbolAnalysisContext context)
            {
                var declared = DisposeMethods.Declared(_type);
                var roots = new List<IMethodSymbol>(declared);
                foreach (var member in _type.GetMembers())
                {
                    // Overridden release hooks that a base class's Dispose calls (OnDispose, CloseCore, Release...).
                    if (member is IMethodSymbol { IsOverride: true } hook && IsReleaseHookName(hook.Name))
                    {
                        roots.Add(hook);
                    }
                }

                bool isDisposable = _known.IsDisposable(_type);
                var releasedByDispose = ThroughGetters(_disposal.ReleasedBy(roots, countArguments: true));
                HashSet<ISymbol>? releasedAnywhere = null;
                string disposeDisplay = DisplayOf(declared);

                List<KeyValuePair<ISymbol, MemberFacts>> owned;
                lock (_gate)
                {
                    foreach (var exposed in _exposedBy)
                    {
                        if (_members.TryGetValue(exposed.Key, out var property) && property.HandedOn)
                        {
                            Facts(exposed.Value).HandedOn = true;
                        }
                    }

                    owned = new List<KeyValuePair<ISymbol, MemberFacts>>();
                    foreach (var pair in _members)
                    {
                        if (pair.Value.OwnedAssignment && !pair.Value.ForeignAssignment && !pair.Value.HandedOn && IsCandidate(pair.Key))
                        {
                            owned.Add(pair);
                        }
                    }
                }

                foreach (var pair in owned)
                {
                    var member = pair.Key;
                    if (member.Locations.Length == 0 || !member.Locations[0].IsInSource)
                    {
                        continue;
                    }

                    var properties = Properties(member, pair.Value, isDisposable ? "NotDisposed" : "NotDisposable");
                    if (!isDisposable)
                    {
                        releasedAnywhere ??= ThroughGetters(_disposal.ReleasedAnywhere());
                        if (!releasedAnywhere.Contains(member))
                        {
                            context.ReportDiagnostic(Diagnostic.Create(
                                Descriptors.MEM002TypeNotDisposable, member.Locations[0], properties, _type.Name, member.Name));
                        }
                    }
                    else if (!releasedByDispose.Contains(member) && !(releasedAnywhere ??= ThroughGetters(_disposal.ReleasedAnywhere())).Contains(member))
                    {
                        context.ReportDiagnostic(Diagnostic.Create(
                            Descriptors.MEM002FieldNotDisposed, member.Locations[0], properties, _type.Name, member.Name, disposeDisplay));
                    }

                    if (pair.Value.InitializedOrConstructed)
                    {
                        ReportReplacements(context, member, pair.Value);
                    }
                }
            }

            private void ReportReplacements(SymbolAnalysisContext context, ISymbol member, MemberFacts facts)
            {
                List<Replacement> replacements;
                lock (_gate)
                {
                    replacements = _replacements.FindAll(r => SymbolEqualityComparer.Default.Equals(r.Member, member) &&
                                                              !_nullChecked.Contains((r.Method, member)));
                }

                foreach (var replacement in replacements)
                {
                    if (!ThroughGetters(_disposal.ReleasedBy(new[] { replacement.Method }, countArguments: true)).Contains(member))
                    {
                        context.ReportDiagnostic(Diagnostic.Create(
                            Descriptors.MEM002FieldReplaced, replacement.Location, Properties(member, facts, "Replaced"), member.Name));
                    }
                }
            }

            /// <summary><c>App?.Dispose()</c> where <c>App => _app</c> releases <c>_app</c>.</summary>
            private HashSet<ISymbol> ThroughGetters(HashSet<ISymbol> released)
            {
                lock (_gate)
                {
                    foreach (var exposed in _exposedBy)
                    {
                        if (released.Contains(exposed.Key))
                        {
                            released.Add(exposed.Value);
                        }
                    }
                }

                return released;
            }

            private bool IsCandidate(ISymbol member)
            {
                var memberType = member switch
                {
                    IFieldSymbol field => field.Type,
                    IPropertySymbol property => property.Type,
                    _ => null,
                };
                return memberType != null && !memberType.IsValueType && !member.IsStatic &&
                       (member is IFieldSymbol || _autoProperties.Contains(member)) &&
                       ResourceCreation.IsOwnedResourceType(memberType, _known, _options, out _);
            }

            private ImmutableDictionary<string, string?> Properties(ISymbol member, MemberFacts facts, string kind)
            {
                var builder = ImmutableDictionary.CreateBuilder<string, string?>();
                builder.Add(KindProperty, kind);
                var memberType = member is IFieldSymbol f ? f.Type : ((IPropertySymbol)member).Type;
                if (_known.IsOnlyAsyncDisposable(memberType))
                {
                    builder.Add(AsyncOnlyProperty, "true");
                }

                if (!facts.HasInitializer)
                {
                    builder.Add(MaybeNullProperty, "true");
                }

                return builder.ToImmutable();
            }

            private static bool IsReleaseHookName(string name) =>
                name.IndexOf("Dispose", System.StringComparison.Ordinal) >= 0 ||
                name.IndexOf("Close", System.StringComparison.Ordinal) >= 0 ||
                name.IndexOf("Release", System.StringComparison.Ordinal) >= 0 ||
                name.IndexOf("Shutdown", System.StringComparison.Ordinal) >= 0 ||
                name.IndexOf("Stop", System.StringComparison.Ordinal) >= 0;

            private static string DisplayOf(ImmutableArray<IMethodSymbol> declared)
            {
                if (declared.IsEmpty)
                {
                    return "inherited Dispose()";
                }

                var parts = new List<string>(declared.Length);
                foreach (var method in declared)
                {
                    var display = DisposeMethods.Display(method);
                    if (!parts.Contains(display))
                    {
                        parts.Add(display);
                    }
                }

                return string.Join(" / ", parts);
            }
        }
    }
}
