using System.Collections.Generic;
using MemRules.Analyzers.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Subscriptions
{
    /// <summary>One <c>publisher.Event += handler</c> that keeps this object alive.</summary>
    internal sealed class Subscription
    {
        public Subscription(IEventSymbol @event, IMethodSymbol? handler, ISymbol? publisherMember, string publisherKind, Location location, string display, ISymbol member)
        {
            Member = member;
            Event = @event;
            Handler = handler;
            PublisherMember = publisherMember;
            PublisherKind = publisherKind;
            Location = location;
            Display = display;
        }

        public IEventSymbol Event { get; }

        /// <summary>The method or accessor that subscribes.</summary>
        public ISymbol Member { get; }

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
                !Handlers.TryGetHandler(handlerValue, out var handler))
            {
                return;
            }

            ISymbol? publisherMember = null;
            var kind = @event.IsStatic ? DiagnosticProperties.MEM006.StaticPublisher : Publishers.Classify(eventReference.Instance, containing, _type, out publisherMember);
            if (kind != null)
            {
                _subscriptions.Add(new Subscription(@event, handler, publisherMember, kind, assignment.Syntax.GetLocation(), eventReference.Syntax.ToString(), containing));
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
    }
}
