using System.Collections.Generic;
using MemRules.Analyzers.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Subscriptions
{
    /// <summary>What becomes of the token a subscription returns.</summary>
    internal enum TokenFate
    {
        /// <summary>An expression statement or a discard: nothing can ever dispose it.</summary>
        Dropped,

        /// <summary>Assigned to a field or auto-property of the type.</summary>
        Stored,
    }

    /// <summary>One call of <see cref="SubscriptionMethods"/> whose token is dropped or kept in a field, to a publisher that may outlive this object.</summary>
    internal sealed class TokenSubscription
    {
        public TokenSubscription(
            SubscriptionMethod method, TokenFate fate, ISymbol? storedIn, ISymbol? publisherMember, string publisherKind,
            ISymbol member, string? repeatedIn, Location location, string display, string tokenName)
        {
            Method = method;
            Fate = fate;
            StoredIn = storedIn;
            PublisherMember = publisherMember;
            PublisherKind = publisherKind;
            Member = member;
            RepeatedIn = repeatedIn;
            Location = location;
            Display = display;
            TokenName = tokenName;
        }

        public SubscriptionMethod Method { get; }

        public TokenFate Fate { get; }

        /// <summary>For <see cref="TokenFate.Stored"/>: the field or auto-property.</summary>
        public ISymbol? StoredIn { get; }

        public ISymbol? PublisherMember { get; }

        public string PublisherKind { get; }

        /// <summary>The method or accessor that subscribes.</summary>
        public ISymbol Member { get; }

        /// <summary>
        /// Null when the subscription is made once per object (a constructor, or a private method only
        /// constructors call); otherwise what repeats it: "'Refresh' runs", "the loop in 'Refresh' repeats".
        /// </summary>
        public string? RepeatedIn { get; set; }

        public Location Location { get; }

        /// <summary>The call as the message shows it: <c>source.Where(…).Subscribe</c>.</summary>
        public string Display { get; }

        /// <summary>A name for a field that keeps the token, without the underscore: <c>sourceSubscription</c>.</summary>
        public string TokenName { get; }
    }

    /// <summary>
    /// The subscriptions of one type that return a token (<see cref="SubscriptionMethods"/>): which keep this object
    /// alive (<see cref="Handlers"/>), to a publisher that may outlive it (<see cref="Publishers"/>), and whose
    /// token is dropped, or kept in a field that nothing disposes. Fed by the walk of <see cref="TypeOwnership.Collect"/>.
    /// </summary>
    internal sealed class TokenSubscriptions
    {
        private readonly INamedTypeSymbol _type;
        private readonly InitializationCalls _initialization;
        private readonly List<(TokenSubscription Subscription, bool InLoopOrFunction)> _found = new List<(TokenSubscription, bool)>();

        public TokenSubscriptions(INamedTypeSymbol type)
        {
            _type = type;
            _initialization = new InitializationCalls(type);
        }

        public void Visit(IOperation operation, ISymbol containing)
        {
            _initialization.Visit(operation, containing);
            if (operation is not IInvocationOperation invocation || containing.IsStatic ||
                SubscriptionMethods.Match(invocation) is not { } method || !Handlers.AnyKeepsThisAlive(invocation))
            {
                return;
            }

            var publisher = PublisherOf(invocation, method);
            if (publisher == null || IsNoneToken(publisher) || Publishers.Classify(publisher, containing, _type, out var publisherMember) is not { } kind)
            {
                return;
            }

            var fate = FateOf(invocation, out var storedIn);
            if (fate == null)
            {
                return; // kept in a local, passed on, returned, added to a composite: someone may dispose it
            }

            var (repeated, inLoopOrFunction) = Repetition(invocation, containing);
            _found.Add((new TokenSubscription(
                method, fate.Value, storedIn, publisherMember, kind, containing, repeated, invocation.Syntax.GetLocation(),
                Display(invocation.Syntax), NameFrom(publisher) + method.TokenName), inLoopOrFunction));
        }

        /// <summary>The subscriptions whose token nothing releases, to a publisher that may outlive this object.</summary>
        public IEnumerable<TokenSubscription> Unreleased(TypeOwnership ownership)
        {
            HashSet<ISymbol>? released = null;
            foreach (var (subscription, inLoopOrFunction) in _found)
            {
                if (subscription.PublisherMember != null &&
                    !(ownership.Members.TryGetValue(subscription.PublisherMember, out var publisherFacts) && publisherFacts.IsOnlyInjected))
                {
                    continue; // a publisher field this type creates, or of unknown origin
                }

                if (subscription.StoredIn != null)
                {
                    // Disposed somewhere, handed on, or a token MEM002 owns (a Subscribe of this compilation that returns a new object).
                    released ??= ownership.Disposal.ReleasedAnywhere();
                    if (released.Contains(subscription.StoredIn) ||
                        (ownership.Members.TryGetValue(subscription.StoredIn, out var facts) && (facts.HandedOn || (facts.Origins & MemberOrigin.Created) != 0)))
                    {
                        continue;
                    }
                }

                if (subscription.RepeatedIn == null && !inLoopOrFunction &&
                    !_initialization.IsInitialization(subscription.Member, inNestedFunction: false))
                {
                    subscription.RepeatedIn = "'" + SymbolNames.InMessage(subscription.Member) + "' runs";
                }

                yield return subscription;
            }
        }

        /// <summary>The publisher expression: the receiver, through observable operators and tokens fetched from an object; or the producer's object.</summary>
        private static IOperation? PublisherOf(IInvocationOperation invocation, SubscriptionMethod method)
        {
            IOperation? publisher;
            if (method.Publisher == PublisherSource.Producer)
            {
                // ChangeToken.OnChange(() => _configuration.GetReloadToken(), ...): the object the tokens come from.
                if (invocation.Arguments.Length == 0 ||
                    Operations.StripConversions(invocation.Arguments[0].Value) is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation producer } ||
                    SingleReturned(producer.Body) is not IInvocationOperation fetch)
                {
                    return null;
                }

                publisher = Receiver(fetch);
            }
            else
            {
                publisher = Receiver(invocation);
            }

            // `_source.Where(...).Select(...)`: an operator chain subscribes to its source; `_configuration.GetReloadToken()`
            // is a token of the configuration. A chain that completes by itself (Take, First…) releases its subscription.
            while (Operations.StripConversions(publisher) is IInvocationOperation call)
            {
                // A static factory (Observable.Interval(...), a static GetX()) has no object to follow: not reported.
                var source = Receiver(call);
                if (source == null || Completes(call.TargetMethod.Name))
                {
                    return null;
                }

                publisher = source;
            }

            return publisher;
        }

        // CancellationToken.None cannot be canceled: Register on it keeps nothing.
        private static bool IsNoneToken(IOperation publisher) =>
            Operations.StripConversions(publisher) is IPropertyReferenceOperation { Property: { Name: "None", IsStatic: true, ContainingType.Name: "CancellationToken" } };

        private static bool Completes(string name) =>
            (name.StartsWith("Take", System.StringComparison.Ordinal) && name != "TakeLast") ||
            name.StartsWith("First", System.StringComparison.Ordinal) || name.StartsWith("Single", System.StringComparison.Ordinal) ||
            name is "ElementAt" or "ElementAtOrDefault" or "ToTask";

        /// <summary>The object a call is made on: its instance (through <c>?.</c>), or an extension method's first argument.</summary>
        private static IOperation? Receiver(IInvocationOperation invocation)
        {
            if (!invocation.TargetMethod.IsExtensionMethod)
            {
                return Operations.GetReceiver(invocation);
            }

            var first = invocation.Arguments.Length > 0 ? Operations.StripConversions(invocation.Arguments[0].Value) : null;
            if (first is IConditionalAccessInstanceOperation)
            {
                for (var parent = invocation.Parent; parent != null; parent = parent.Parent)
                {
                    if (parent is IConditionalAccessOperation conditional)
                    {
                        return Operations.StripConversions(conditional.Operation);
                    }
                }
            }

            return first;
        }

        private static IOperation? SingleReturned(IBlockOperation body)
        {
            IOperation? returned = null;
            foreach (var operation in body.Descendants())
            {
                if (operation is IReturnOperation { ReturnedValue: { } value })
                {
                    if (returned != null)
                    {
                        return null;
                    }

                    returned = Operations.StripConversions(value);
                }
            }

            return returned;
        }

        /// <summary>Dropped (a statement, a discard) or stored in an own field; null for anything else.</summary>
        private TokenFate? FateOf(IInvocationOperation invocation, out ISymbol? storedIn)
        {
            storedIn = null;
            switch (Operations.UserOf(invocation, out var current))
            {
                case IExpressionStatementOperation:
                    return TokenFate.Dropped;
                case ISimpleAssignmentOperation { Target: IDiscardOperation } assignment when assignment.Value == current:
                    return TokenFate.Dropped;
                case ISimpleAssignmentOperation { Parent: IExpressionStatementOperation } assignment when assignment.Value == current &&
                                                                                                      TypeDisposal.OwnMemberOf(assignment.Target, _type) is { } member:
                    storedIn = member;
                    return TokenFate.Stored;
                default:
                    return null;
            }
        }

        /// <summary>What repeats the subscription when it is in a loop or a lambda; the member is judged once the walk is done.</summary>
        private static (string? Repeated, bool InLoopOrFunction) Repetition(IOperation invocation, ISymbol containing)
        {
            for (var parent = invocation.Parent; parent != null; parent = parent.Parent)
            {
                switch (parent)
                {
                    case IAnonymousFunctionOperation or ILocalFunctionOperation:
                        return ("the lambda in '" + SymbolNames.InMessage(containing) + "' runs", true);
                    case ILoopOperation:
                        return ("the loop in '" + SymbolNames.InMessage(containing) + "' repeats", true);
                }
            }

            return (null, false);
        }

        /// <summary>The publisher's last name, lower camel case without underscores: <c>_source</c> and <c>options.Source</c> give "source".</summary>
        private static string NameFrom(IOperation publisher)
        {
            var name = Operations.ReferencedSymbol(publisher)?.Name ?? string.Empty;
            name = name.TrimStart('_');
            if (name.Length > 2 && name[1] == '_' && name[0] is 'm' or 's' or 't')
            {
                name = name.Substring(2);
            }

            return name.Length == 0 ? "" : char.ToLowerInvariant(name[0]) + name.Substring(1);
        }

        /// <summary><c>source.Where(…).Subscribe</c>: the callee with the arguments of inner calls elided.</summary>
        private static string Display(SyntaxNode syntax) => syntax is InvocationExpressionSyntax invocation ? Render(invocation.Expression) : syntax.ToString();

        private static string Render(ExpressionSyntax expression) => expression switch
        {
            MemberAccessExpressionSyntax access => Render(access.Expression) + "." + access.Name.Identifier.ValueText,
            InvocationExpressionSyntax call => Render(call.Expression) + "(…)",
            MemberBindingExpressionSyntax binding => binding.Parent?.Parent is ConditionalAccessExpressionSyntax conditional
                ? Render(conditional.Expression) + "?." + binding.Name.Identifier.ValueText
                : "." + binding.Name.Identifier.ValueText,
            ParenthesizedExpressionSyntax parenthesized => Render(parenthesized.Expression),
            _ => expression.WithoutTrivia().ToString(),
        };
    }
}
