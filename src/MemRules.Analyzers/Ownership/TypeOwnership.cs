using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>Where the values a type stores in one of its fields or auto-properties come from.</summary>
    [Flags]
    internal enum MemberOrigin
    {
        None = 0,

        /// <summary>A resource the type creates (<see cref="ResourceCreation"/>).</summary>
        Created = 1,

        /// <summary>A resource the type creates over something it was given (<c>new StreamReader(input)</c>).</summary>
        CreatedOverInjected = 2,

        /// <summary>A parameter, a static member, or a member of an object the type was given.</summary>
        Injected = 4,

        /// <summary>Anything else: a call's result, a local, another object's member.</summary>
        Other = 8,
    }

    /// <summary>What one field or auto-property of a type holds and where its value goes.</summary>
    internal sealed class MemberFacts
    {
        public MemberOrigin Origins { get; set; }

        /// <summary>Some creation is in an initializer or a constructor.</summary>
        public bool CreatedInInitializerOrConstructor { get; set; }

        public bool HasInitializer { get; set; }

        /// <summary>The first value the type creates into it: what it holds.</summary>
        public IOperation? Creation { get; set; }

        /// <summary>Its value is returned, stored elsewhere, passed on or put in an array, tuple or collection.</summary>
        public bool HandedOn { get; set; }

        /// <summary>Only the type's own creations, never anything else, and nothing hands it on: the type owns it.</summary>
        public bool IsOwned => Origins == MemberOrigin.Created && !HandedOn;

        /// <summary>Only ever what the type was given: it may live longer than the type.</summary>
        public bool IsOnlyInjected => Origins == MemberOrigin.Injected;
    }

    /// <summary>An assignment of a new resource to a member in an ordinary method: the old value may be dropped.</summary>
    internal sealed class Replacement
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

    /// <summary>
    /// What a type's members own — created here or injected, handed out, released in which method or
    /// release hook — from one walk over the type's own code (<see cref="MemberBodies"/>). MEM002 asks which
    /// created resources its disposal misses; MEM006 asks which publishers were only ever injected.
    /// </summary>
    internal sealed class TypeOwnership
    {
        private readonly INamedTypeSymbol _type;
        private readonly KnownSymbols _known;
        private readonly MemRulesOptions _options;
        private readonly Dictionary<ISymbol, MemberFacts> _members = new Dictionary<ISymbol, MemberFacts>(SymbolEqualityComparer.Default);
        private readonly List<Replacement> _replacements = new List<Replacement>();
        private readonly HashSet<(IMethodSymbol, ISymbol)> _nullChecked = new HashSet<(IMethodSymbol, ISymbol)>();
        private readonly Dictionary<ISymbol, ISymbol> _exposedBy = new Dictionary<ISymbol, ISymbol>(SymbolEqualityComparer.Default);
        private readonly List<(ISymbol Wrapper, ISymbol Inner)> _wrapsMember = new List<(ISymbol, ISymbol)>();

        private TypeOwnership(INamedTypeSymbol type, KnownSymbols known, MemRulesOptions options)
        {
            _type = type;
            _known = known;
            _options = options;
            Disposal = new TypeDisposal(type);
        }

        /// <summary>What each method of the type releases.</summary>
        public TypeDisposal Disposal { get; }

        public IReadOnlyDictionary<ISymbol, MemberFacts> Members => _members;

        /// <summary>
        /// Walks the code of the type's members that reach <paramref name="names"/> (<see cref="MentioningMembers"/>)
        /// once: the facts of the members so named are whole, other members' facts are not collected. A narrower
        /// <paramref name="selection"/> gives partial facts (<see cref="MentioningMembers.StoringOrReleasing"/>).
        /// <paramref name="alsoVisit"/> sees every operation walked too, with the member that contains it, so that
        /// a rule collects its own facts in the same walk.
        /// </summary>
        public static TypeOwnership Collect(
            INamedTypeSymbol type, KnownSymbols known, MemRulesOptions options, IEnumerable<string> names, CancellationToken cancellationToken,
            Action<IOperation, ISymbol>? alsoVisit = null, MentioningMembers? selection = null)
        {
            var ownership = new TypeOwnership(type, known, options);
            // Without a rule's own visitor only ownership facts are collected, which no plain receiver use changes.
            selection ??= MentioningMembers.Of(type, names, includeNested: false, cancellationToken, onlyOwnershipUses: alsoVisit == null);
            foreach (var body in MemberBodies.Of(type, known.Compilation, cancellationToken, selection))
            {
                foreach (var operation in body.Root.DescendantsAndSelf())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    ownership.Visit(operation, body.Member);
                    alsoVisit?.Invoke(operation, body.Member);
                }
            }

            ownership.PropagateExposure();
            ownership.ResolveWrappersOverMembers();
            return ownership;
        }

        /// <summary>The field or auto-property of this type that <paramref name="operation"/> names on <c>this</c>.</summary>
        public ISymbol? OwnMember(IOperation? operation) => TypeDisposal.OwnMemberOf(operation, _type);

        /// <summary>Replacements of a member that the replacing method neither null-checks nor releases first.</summary>
        public IEnumerable<Replacement> UncheckedReplacements(ISymbol member)
        {
            foreach (var replacement in _replacements)
            {
                if (SymbolEqualityComparer.Default.Equals(replacement.Member, member) &&
                    !_nullChecked.Contains((replacement.Method, member)) &&
                    !ThroughGetters(Disposal.ReleasedBy(new[] { replacement.Method }, countArguments: true)).Contains(member))
                {
                    yield return replacement;
                }
            }
        }

        /// <summary><c>App?.Dispose()</c> where <c>App => _app</c> releases <c>_app</c>.</summary>
        public HashSet<ISymbol> ThroughGetters(HashSet<ISymbol> released)
        {
            foreach (var exposed in _exposedBy)
            {
                if (released.Contains(exposed.Key))
                {
                    released.Add(exposed.Value);
                }
            }

            return released;
        }

        private void Visit(IOperation operation, ISymbol containing)
        {
            var method = containing as IMethodSymbol;
            switch (operation)
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
                    VisitAssignment(assignment, method);
                    break;
                case ICoalesceAssignmentOperation coalesce when OwnMember(coalesce.Target) is { } lazy:
                    // `_f ??= new T()` creates lazily: owned, never a replacement.
                    RecordAssignment(lazy, coalesce.Value, null, IsConstructor(method), isInitializer: false);
                    break;
                case IInvocationOperation invocation when method != null:
                    Disposal.RecordInvocation(invocation, method);
                    break;
                case IUsingOperation usingOperation when method != null:
                    Disposal.RecordUsing(usingOperation, method);
                    break;
                case IVariableDeclaratorOperation declarator:
                    Disposal.RecordDeclarator(declarator);
                    break;
                case IPatternOperation pattern:
                    Disposal.RecordPattern(pattern);
                    break;
                case IForEachLoopOperation loop:
                    Disposal.RecordForEach(loop);
                    break;
                case IFieldReferenceOperation or IPropertyReferenceOperation:
                    VisitReference(operation, method);
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

        private void VisitAssignment(ISimpleAssignmentOperation assignment, IMethodSymbol? method)
        {
            Disposal.RecordLocalAssignment(assignment);
            if (OwnMember(assignment.Target) is not { } member)
            {
                return;
            }

            RecordAssignment(member, assignment.Value, method, IsConstructor(method), isInitializer: false);
            if (assignment.Parent is not IExpressionStatementOperation)
            {
                // `Add(_f = new T())`, `[_f = new T()]`: the value is handed on as it is stored.
                Facts(member).HandedOn = true;
            }
        }

        private static bool IsConstructor(IMethodSymbol? method) => method?.MethodKind == MethodKind.Constructor;

        private void RecordNullCheck(IOperation operand, IMethodSymbol method)
        {
            if (OwnMember(operand) is { } member)
            {
                _nullChecked.Add((method.OriginalDefinition, member));
            }
        }

        private void RecordAssignment(ISymbol member, IOperation value, IMethodSymbol? method, bool inInitializerOrConstructor, bool isInitializer)
        {
            value = Operations.StripConversions(value)!;
            var origin = OriginOf(value, member);
            if (origin == MemberOrigin.None)
            {
                return;
            }

            var facts = Facts(member);
            facts.Origins |= origin;
            if (origin != MemberOrigin.Created)
            {
                return;
            }

            facts.Creation ??= value;
            facts.CreatedInInitializerOrConstructor |= inInitializerOrConstructor;
            facts.HasInitializer |= isInitializer;
            if (method != null && method.MethodKind == MethodKind.Ordinary && !DisposeMethods.IsDisposeMethod(method))
            {
                _replacements.Add(new Replacement(member, method.OriginalDefinition, value.Syntax.GetLocation()));
            }
        }

        /// <summary>One notion of "injected" for every rule: what a value stored in a member is.</summary>
        private MemberOrigin OriginOf(IOperation value, ISymbol member)
        {
            if (value is ILiteralOperation or IDefaultValueOperation || value.ConstantValue.HasValue)
            {
                return MemberOrigin.None;
            }

            if (ResourceCreation.IsOwnedCreation(value, _known, _options, out _))
            {
                return WrapsInjectedResource(value, member) ? MemberOrigin.CreatedOverInjected : MemberOrigin.Created;
            }

            return IsInjected(value) ? MemberOrigin.Injected : MemberOrigin.Other;
        }

        /// <summary>A parameter, a static member, or a member of an object the type did not create.</summary>
        public static bool IsInjected(IOperation value)
        {
            switch (value)
            {
                case IParameterReferenceOperation:
                    return true;
                case IFieldReferenceOperation { Field.IsStatic: true }:
                case IPropertyReferenceOperation { Property.IsStatic: true }:
                    return true;
                case IMemberReferenceOperation member:
                    var instance = Operations.StripConversions(member.Instance);
                    return instance is IParameterReferenceOperation ||
                           (instance is IMemberReferenceOperation && IsInjected(instance));
                default:
                    return false;
            }
        }

        /// <summary>
        /// <c>new HttpClient(handler)</c> over a disposable the type was given: disposing the wrapper would
        /// dispose what the caller owns, so the type does not own the wrapper outright. A wrapper told to leave
        /// its inner resource open (<c>leaveOpen: true</c>, <c>disposeHandler: false</c>) is owned. A wrapper
        /// over one of the type's own members is settled once the walk knows where that member's values come from.
        /// </summary>
        private bool WrapsInjectedResource(IOperation value, ISymbol wrapper)
        {
            if (value is not IObjectCreationOperation creation)
            {
                return false;
            }

            foreach (var argument in creation.Arguments)
            {
                var inner = Operations.StripConversions(argument.Value);
                if (inner == null || !_known.IsDisposable(inner.Type) || !FrameworkOwnership.WrapperTakes(creation, argument))
                {
                    continue;
                }

                if (OwnMember(inner) is { } member)
                {
                    _wrapsMember.Add((wrapper, member));
                }
                else if (IsInjected(inner))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>_handler = handler; _client = new HttpClient(_handler);</c>: the client wraps what the type was given.</summary>
        private void ResolveWrappersOverMembers()
        {
            foreach (var (wrapper, inner) in _wrapsMember)
            {
                if (_members.TryGetValue(inner, out var innerFacts) && innerFacts.IsOnlyInjected &&
                    _members.TryGetValue(wrapper, out var wrapperFacts) && (wrapperFacts.Origins & MemberOrigin.Created) != 0)
                {
                    wrapperFacts.Origins = (wrapperFacts.Origins & ~MemberOrigin.Created) | MemberOrigin.CreatedOverInjected;
                }
            }
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
            if (OwnMember(reference) is not { } member)
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
                _exposedBy[exposing] = member;
            }

            if (IsHandOn(reference, parent, member, method))
            {
                Facts(member).HandedOn = true;
            }
        }

        private bool IsHandOn(IOperation reference, IOperation? parent, ISymbol member, IMethodSymbol? method) => parent switch
        {
            IReturnOperation => method != null && method.MethodKind != MethodKind.PropertyGet,
            ISimpleAssignmentOperation assignment => assignment.Target != reference &&
                                                     assignment.Target is not ILocalReferenceOperation &&
                                                     OwnMember(assignment.Target) == null,
            IArgumentOperation argument => argument.ArgumentKind == ArgumentKind.Explicit && argument.Parameter?.RefKind == RefKind.Out
                ? MarkOther(member)
                : argument.Parameter?.RefKind == RefKind.None && _options.ArgumentTransfersOwnership && !(method != null && DisposeMethods.IsDisposeMethod(method)),
            IArrayInitializerOperation or ITupleOperation => true,
            // Collection expressions (`new StatusBar([_a, _b])`) have no operation interface in Roslyn 4.8.
            { Kind: OperationKind.None } => true,
            { } other => Operations.IsCollectionExpression(other),
            _ => false,
        };

        /// <summary>An <c>out</c> argument stores something the type did not create.</summary>
        private bool MarkOther(ISymbol member)
        {
            Facts(member).Origins |= MemberOrigin.Other;
            return false;
        }

        /// <summary>A getter that is itself handed on hands on the member it returns.</summary>
        private void PropagateExposure()
        {
            foreach (var exposed in _exposedBy)
            {
                if (_members.TryGetValue(exposed.Key, out var property) && property.HandedOn)
                {
                    Facts(exposed.Value).HandedOn = true;
                }
            }
        }
    }
}
