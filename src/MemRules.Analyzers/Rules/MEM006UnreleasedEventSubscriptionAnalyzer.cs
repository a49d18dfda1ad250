using System.Collections.Generic;
using System.Collections.Immutable;
using MemRules.Analyzers.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Rules
{
    /// <summary>
    /// MEM006: <c>publisher.Event += handler</c> where the handler keeps this object alive, the publisher may
    /// outlive it, and the type never removes that handler from that event. Each type is analyzed once:
    /// subscriptions, unsubscriptions and the origins of its fields are collected as operations are
    /// visited; the symbol-end action decides.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MEM006UnreleasedEventSubscriptionAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: "Method" (a method group of this type) or "Lambda".</summary>
        public const string HandlerProperty = "Handler";

        /// <summary>Diagnostic property: where the publisher comes from — "Static", "StaticMember", "Field", "CtorParameter", "Parameter", "Member".</summary>
        public const string PublisherProperty = "Publisher";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            Descriptors.MEM006NeverUnsubscribed, Descriptors.MEM006LambdaSubscription);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterSymbolStartAction(StartType, SymbolKind.NamedType);
        }

        private static void StartType(SymbolStartAnalysisContext context)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.IsStatic)
            {
                return;
            }

            var state = new TypeState(type);
            context.RegisterOperationAction(state.Visit,
                OperationKind.EventAssignment, OperationKind.SimpleAssignment, OperationKind.FieldInitializer, OperationKind.PropertyInitializer);
            context.RegisterSymbolEndAction(state.Report);
        }

        private enum Origin
        {
            /// <summary>Not (yet) known to come from anywhere: never reported.</summary>
            None = 0,

            /// <summary>Assigned from a parameter, a static member or a member of another object.</summary>
            Injected = 1,

            /// <summary>Assigned something the type created, or anything else: the type may own it.</summary>
            Owned = 2,
        }

        private sealed class Subscription
        {
            public Subscription(IEventSymbol @event, IMethodSymbol? handler, ISymbol? publisherMember, string publisherKind, Location location, string display)
            {
                Event = @event;
                Handler = handler;
                PublisherMember = publisherMember;
                PublisherKind = publisherKind;
                Location = location;
                Display = display;
            }

            public IEventSymbol Event { get; }

            /// <summary>The handler method; null for a lambda, anonymous method or capturing local function.</summary>
            public IMethodSymbol? Handler { get; }

            /// <summary>The field or auto-property of this type the publisher hangs from; its origin decides.</summary>
            public ISymbol? PublisherMember { get; }

            public string PublisherKind { get; }

            public Location Location { get; }

            public string Display { get; }
        }

        private sealed class TypeState
        {
            private readonly INamedTypeSymbol _type;
            private readonly object _gate = new object();
            private readonly List<Subscription> _subscriptions = new List<Subscription>();
            private readonly HashSet<(IEventSymbol, IMethodSymbol)> _unsubscribed = new HashSet<(IEventSymbol, IMethodSymbol)>();
            private readonly HashSet<IEventSymbol> _unsubscribedThroughDelegate = new HashSet<IEventSymbol>(SymbolEqualityComparer.Default);
            private readonly Dictionary<ISymbol, Origin> _origins = new Dictionary<ISymbol, Origin>(SymbolEqualityComparer.Default);

            public TypeState(INamedTypeSymbol type) => _type = type;

            public void Visit(OperationAnalysisContext context)
            {
                if (!SymbolEqualityComparer.Default.Equals(context.ContainingSymbol.ContainingType, _type))
                {
                    return;
                }

                switch (context.Operation)
                {
                    case IEventAssignmentOperation eventAssignment:
                        VisitEventAssignment(eventAssignment, context.ContainingSymbol);
                        break;
                    case ISimpleAssignmentOperation assignment:
                        RecordOrigin(TypeDisposal.OwnMemberOf(assignment.Target, _type), assignment.Value);
                        break;
                    case IFieldInitializerOperation initializer:
                        foreach (var field in initializer.InitializedFields)
                        {
                            RecordOrigin(field.AssociatedSymbol ?? field, initializer.Value);
                        }

                        break;
                    case IPropertyInitializerOperation initializer:
                        foreach (var property in initializer.InitializedProperties)
                        {
                            RecordOrigin(property, initializer.Value);
                        }

                        break;
                }
            }

            private void RecordOrigin(ISymbol? member, IOperation value)
            {
                if (member == null)
                {
                    return;
                }

                value = Operations.StripConversions(value)!;
                if (value is ILiteralOperation or IDefaultValueOperation)
                {
                    return;
                }

                var origin = IsInjected(value) ? Origin.Injected : Origin.Owned;
                lock (_gate)
                {
                    _origins.TryGetValue(member, out var known);
                    _origins[member] = known | origin;
                }
            }

            /// <summary>A parameter, a static member, or a member of an object the type did not create.</summary>
            private bool IsInjected(IOperation value)
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

            private void VisitEventAssignment(IEventAssignmentOperation assignment, ISymbol containing)
            {
                if (assignment.EventReference is not IEventReferenceOperation eventReference)
                {
                    return;
                }

                var @event = eventReference.Event.OriginalDefinition;
                var handlerValue = Operations.StripConversions(assignment.HandlerValue);
                if (!assignment.Adds)
                {
                    lock (_gate)
                    {
                        if (handlerValue is IDelegateCreationOperation { Target: IMethodReferenceOperation removed })
                        {
                            _unsubscribed.Add((@event, removed.Method.OriginalDefinition));
                        }
                        else
                        {
                            // `target.Disposing -= registration.Disposing`: a stored delegate may be any handler.
                            _unsubscribedThroughDelegate.Add(@event);
                        }
                    }

                    return;
                }

                // Static code captures nothing instance-bound; an event of this type (or a base) is the type's own business.
                if (containing.IsStatic || KnownSymbols.InheritsFrom(_type, @event.ContainingType.OriginalDefinition))
                {
                    return;
                }

                if (!TryGetHandler(handlerValue, out var handler))
                {
                    return;
                }

                string? kind;
                ISymbol? publisherMember = null;
                if (@event.IsStatic)
                {
                    kind = "Static";
                }
                else
                {
                    kind = ClassifyPublisher(eventReference.Instance, containing, out publisherMember);
                }

                if (kind == null)
                {
                    return;
                }

                var subscription = new Subscription(@event, handler, publisherMember, kind, assignment.Syntax.GetLocation(), eventReference.Syntax.ToString());
                lock (_gate)
                {
                    _subscriptions.Add(subscription);
                }
            }

            /// <summary>
            /// True when the handler keeps this object alive: an instance method of this type on <c>this</c>
            /// (<paramref name="handler"/> is it), or a lambda, anonymous method or local function that uses
            /// instance members (<paramref name="handler"/> is null).
            /// </summary>
            private bool TryGetHandler(IOperation? handlerValue, out IMethodSymbol? handler)
            {
                handler = null;
                if (handlerValue is not IDelegateCreationOperation creation)
                {
                    return false;
                }

                switch (creation.Target)
                {
                    case IMethodReferenceOperation { Method.MethodKind: MethodKind.LocalFunction } localFunction:
                        handler = localFunction.Method.OriginalDefinition;
                        return !localFunction.Method.IsStatic && LocalFunctionUsesThisAndIsNotKept(creation, localFunction.Method);
                    case IMethodReferenceOperation reference:
                        if (reference.Method.IsStatic || !TypeDisposal.IsThis(reference.Instance))
                        {
                            return false;
                        }

                        handler = reference.Method.OriginalDefinition;
                        return true;
                    case IAnonymousFunctionOperation lambda:
                        return !lambda.Symbol.IsStatic && UsesThis(lambda.Body);
                    default:
                        return false;
                }
            }

            private static bool UsesThis(IOperation body)
            {
                foreach (var operation in body.Descendants())
                {
                    if (operation is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance })
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>
            /// A local function handler keeps this alive when it uses instance members; when the method also
            /// keeps it elsewhere (passes or stores it), it can be unsubscribed later and is not reported.
            /// </summary>
            private static bool LocalFunctionUsesThisAndIsNotKept(IOperation use, IMethodSymbol localFunction)
            {
                var root = use;
                while (root.Parent != null)
                {
                    root = root.Parent;
                }

                bool usesThis = false;
                foreach (var operation in root.Descendants())
                {
                    if (operation is ILocalFunctionOperation declared &&
                        SymbolEqualityComparer.Default.Equals(declared.Symbol, localFunction))
                    {
                        usesThis = declared.Body != null && UsesThis(declared.Body);
                    }
                    else if (operation is IMethodReferenceOperation reference &&
                             SymbolEqualityComparer.Default.Equals(reference.Method, localFunction) &&
                             !(reference.Parent is IDelegateCreationOperation { Parent: IEventAssignmentOperation }))
                    {
                        return false;
                    }
                }

                return usesThis;
            }

            /// <summary>Where the publisher comes from; null when it does not outlive this object as far as we can tell.</summary>
            private string? ClassifyPublisher(IOperation? instance, ISymbol containing, out ISymbol? publisherMember)
            {
                publisherMember = null;
                instance = Operations.StripConversions(instance);
                switch (instance)
                {
                    case IParameterReferenceOperation parameter:
                        // A private method's (or a lambda's) parameter is fed by the type's own code, often with
                        // a child it created: not known to outlive it.
                        if (!SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, containing) ||
                            containing.DeclaredAccessibility == Accessibility.Private)
                        {
                            return null;
                        }

                        return containing is IMethodSymbol { MethodKind: MethodKind.Constructor } ? "CtorParameter" : "Parameter";
                    case IFieldReferenceOperation { Field.IsStatic: true } staticField:
                        return SymbolEqualityComparer.Default.Equals(staticField.Field.ContainingType, _type) ? "Static" : "StaticMember";
                    case IPropertyReferenceOperation { Property.IsStatic: true }:
                        return "StaticMember";
                    case IMemberReferenceOperation member:
                        var own = TypeDisposal.OwnMemberOf(member, _type);
                        if (own != null)
                        {
                            publisherMember = own;
                            return "Field";
                        }

                        // A member of another object: what that object hangs from decides.
                        var root = ClassifyPublisher(member.Instance, containing, out publisherMember);
                        return root == null ? null : root == "Field" ? "Field" : "Member";
                    default:
                        // this/base, locals (created here or fetched), invocation results: not reported.
                        return null;
                }
            }

            public void Report(SymbolAnalysisContext context)
            {
                List<Subscription> subscriptions;
                lock (_gate)
                {
                    subscriptions = new List<Subscription>(_subscriptions);
                }

                foreach (var subscription in subscriptions)
                {
                    Origin origin = Origin.None;
                    lock (_gate)
                    {
                        if ((subscription.Handler != null && _unsubscribed.Contains((subscription.Event, subscription.Handler))) ||
                            _unsubscribedThroughDelegate.Contains(subscription.Event))
                        {
                            continue;
                        }

                        if (subscription.PublisherMember != null)
                        {
                            _origins.TryGetValue(subscription.PublisherMember, out origin);
                        }
                    }

                    // A field is reported only when it is known to come from outside and never from this type.
                    if (subscription.PublisherMember != null && origin != Origin.Injected)
                    {
                        continue;
                    }

                    var properties = ImmutableDictionary.CreateRange(new[]
                    {
                        new KeyValuePair<string, string?>(HandlerProperty, subscription.Handler == null ? "Lambda" : subscription.Handler.MethodKind == MethodKind.LocalFunction ? "LocalFunction" : "Method"),
                        new KeyValuePair<string, string?>(PublisherProperty, subscription.PublisherKind),
                    });
                    context.ReportDiagnostic(Diagnostic.Create(
                        subscription.Handler != null ? Descriptors.MEM006NeverUnsubscribed : Descriptors.MEM006LambdaSubscription,
                        subscription.Location, properties, subscription.Display, _type.Name));
                }
            }
        }
    }
}
