using System.Collections.Generic;
using MemRules.Analyzers.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Subscriptions
{
    /// <summary>One <c>publisher.Event += handler</c> that keeps this object alive.</summary>
    internal sealed class Subscription
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

        /// <summary>Where the publisher comes from: one of <see cref="DiagnosticProperties.MEM006"/>'s publisher values.</summary>
        public string PublisherKind { get; }

        public Location Location { get; }

        public string Display { get; }
    }

    /// <summary>
    /// The event subscriptions of one type and their releases: which <c>+=</c> keep this object alive (a
    /// handler on <c>this</c>, or a lambda or local function using instance members), where each publisher
    /// comes from, and which events the type unsubscribes from with <c>-=</c>. Fed by the walk of
    /// <see cref="TypeOwnership.Collect"/>; a publisher field counts as longer-lived only when
    /// <see cref="MemberFacts.IsOnlyInjected"/>.
    /// </summary>
    internal sealed class EventSubscriptions
    {
        private readonly INamedTypeSymbol _type;
        private readonly List<Subscription> _subscriptions = new List<Subscription>();
        private readonly HashSet<(IEventSymbol, IMethodSymbol)> _unsubscribed = new HashSet<(IEventSymbol, IMethodSymbol)>();
        private readonly HashSet<IEventSymbol> _unsubscribedThroughDelegate = new HashSet<IEventSymbol>(SymbolEqualityComparer.Default);

        public EventSubscriptions(INamedTypeSymbol type) => _type = type;

        public void Visit(IOperation operation, ISymbol containing)
        {
            if (operation is not IEventAssignmentOperation { EventReference: IEventReferenceOperation eventReference } assignment)
            {
                return;
            }

            var @event = eventReference.Event.OriginalDefinition;
            var handlerValue = Operations.StripConversions(assignment.HandlerValue);
            if (!assignment.Adds)
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

                return;
            }

            // Static code captures nothing instance-bound; an event of this type (or a base) is the type's own business.
            if (containing.IsStatic || KnownSymbols.InheritsFrom(_type, @event.ContainingType.OriginalDefinition) ||
                !TryGetHandler(handlerValue, out var handler))
            {
                return;
            }

            ISymbol? publisherMember = null;
            var kind = @event.IsStatic ? DiagnosticProperties.MEM006.StaticPublisher : ClassifyPublisher(eventReference.Instance, containing, out publisherMember);
            if (kind != null)
            {
                _subscriptions.Add(new Subscription(@event, handler, publisherMember, kind, assignment.Syntax.GetLocation(), eventReference.Syntax.ToString()));
            }
        }

        /// <summary>The subscriptions nothing releases, to a publisher that may outlive this object.</summary>
        public IEnumerable<Subscription> Unreleased(TypeOwnership ownership)
        {
            foreach (var subscription in _subscriptions)
            {
                if ((subscription.Handler != null && _unsubscribed.Contains((subscription.Event, subscription.Handler))) ||
                    _unsubscribedThroughDelegate.Contains(subscription.Event))
                {
                    continue;
                }

                // A field is reported only when it is known to come from outside and never from this type.
                if (subscription.PublisherMember != null &&
                    !(ownership.Members.TryGetValue(subscription.PublisherMember, out var facts) && facts.IsOnlyInjected))
                {
                    continue;
                }

                yield return subscription;
            }
        }

        /// <summary>
        /// True when the handler keeps this object alive: an instance method of this type on <c>this</c>
        /// (<paramref name="handler"/> is it), or a lambda, anonymous method or local function that uses
        /// instance members (<paramref name="handler"/> is null).
        /// </summary>
        private static bool TryGetHandler(IOperation? handlerValue, out IMethodSymbol? handler)
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
            bool usesThis = false;
            foreach (var operation in FunctionGraphs.Root(use).Descendants())
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
            switch (Operations.StripConversions(instance))
            {
                case IParameterReferenceOperation parameter:
                    // A private method's (or a lambda's) parameter is fed by the type's own code, often with
                    // a child it created: not known to outlive it.
                    if (!SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, containing) ||
                        containing.DeclaredAccessibility == Accessibility.Private)
                    {
                        return null;
                    }

                    return containing is IMethodSymbol { MethodKind: MethodKind.Constructor }
                        ? DiagnosticProperties.MEM006.ConstructorParameterPublisher
                        : DiagnosticProperties.MEM006.ParameterPublisher;
                case IFieldReferenceOperation { Field.IsStatic: true } staticField:
                    return SymbolEqualityComparer.Default.Equals(staticField.Field.ContainingType, _type)
                        ? DiagnosticProperties.MEM006.StaticPublisher
                        : DiagnosticProperties.MEM006.StaticMemberPublisher;
                case IPropertyReferenceOperation { Property.IsStatic: true }:
                    return DiagnosticProperties.MEM006.StaticMemberPublisher;
                case IMemberReferenceOperation member:
                    var own = TypeDisposal.OwnMemberOf(member, _type);
                    if (own != null)
                    {
                        publisherMember = own;
                        return DiagnosticProperties.MEM006.FieldPublisher;
                    }

                    // A member of another object: what that object hangs from decides.
                    var root = ClassifyPublisher(member.Instance, containing, out publisherMember);
                    return root == null ? null : root == DiagnosticProperties.MEM006.FieldPublisher ? root : DiagnosticProperties.MEM006.MemberPublisher;
                default:
                    // this/base, locals (created here or fetched), invocation results: not reported.
                    return null;
            }
        }
    }
}
