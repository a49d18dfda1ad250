using System;
using System.Collections.Immutable;
using System.Linq;
using MemRules.Analyzers.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Subscriptions
{
    /// <summary>Where a subscription method's publisher is.</summary>
    internal enum PublisherSource
    {
        /// <summary>The object the method is called on (for an extension method, its first argument).</summary>
        Receiver,

        /// <summary>What the producer delegate, the first argument, returns its tokens from: <c>ChangeToken.OnChange(() => _config.GetReloadToken(), …)</c>.</summary>
        Producer,
    }

    /// <summary>One method whose returned token is a subscription: disposing the token releases it.</summary>
    internal sealed class SubscriptionMethod
    {
        public SubscriptionMethod(string type, string name, PublisherSource publisher, string tokenName, string why)
        {
            Type = type;
            Name = name;
            Publisher = publisher;
            TokenName = tokenName;
            Why = why;
        }

        /// <summary>The type (metadata name) the receiver is or implements, or that declares the static method.</summary>
        public string Type { get; }

        public string Name { get; }

        public PublisherSource Publisher { get; }

        /// <summary>How the fix names a field that keeps the token (<c>_sourceSubscription</c>).</summary>
        public string TokenName { get; }

        /// <summary>What holds the subscriber until the token is disposed.</summary>
        public string Why { get; }
    }

    /// <summary>
    /// The one table of subscriptions that return a token instead of taking a <c>-=</c>: the publisher keeps the
    /// callback (and so its target) until the token is disposed. By name, so that no package is referenced;
    /// <see cref="Match"/> also wants the method to return a disposable token.
    /// </summary>
    internal static class SubscriptionMethods
    {
        private static readonly ImmutableArray<SubscriptionMethod> Table = ImmutableArray.Create(
            new SubscriptionMethod("System.IObservable`1", "Subscribe", PublisherSource.Receiver, "Subscription",
                "an observable keeps its observers until their subscriptions are disposed (extension overloads too)"),
            new SubscriptionMethod("System.Diagnostics.DiagnosticListener", "Subscribe", PublisherSource.Receiver, "Subscription",
                "a listener keeps its observers until their subscriptions are disposed"),
            new SubscriptionMethod("System.Threading.CancellationToken", "Register", PublisherSource.Receiver, "Registration",
                "the token's source keeps the callback until the registration is disposed or the source is"),
            new SubscriptionMethod("System.Threading.CancellationToken", "UnsafeRegister", PublisherSource.Receiver, "Registration",
                "the token's source keeps the callback until the registration is disposed or the source is"),
            new SubscriptionMethod("Microsoft.Extensions.Options.IOptionsMonitor`1", "OnChange", PublisherSource.Receiver, "ChangeSubscription",
                "the monitor keeps the listener until the returned token is disposed"),
            new SubscriptionMethod("Microsoft.Extensions.Primitives.ChangeToken", "OnChange", PublisherSource.Producer, "ChangeSubscription",
                "every token the producer returns keeps the consumer until the returned registration is disposed"),
            new SubscriptionMethod("Microsoft.Extensions.Primitives.IChangeToken", "RegisterChangeCallback", PublisherSource.Receiver, "ChangeRegistration",
                "the token keeps the callback until it fires or the registration is disposed"));

        /// <summary>The simple names in the table, for the syntactic prefilter.</summary>
        public static readonly ImmutableHashSet<string> Names = ImmutableHashSet.Create(StringComparer.Ordinal,
            "Subscribe", "Register", "UnsafeRegister", "OnChange", "RegisterChangeCallback");

        /// <summary>The table's entry for a call, or null: the name, the type of the receiver (or of the static method), a disposable result.</summary>
        public static SubscriptionMethod? Match(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (!Names.Contains(method.Name) || !ReturnsToken(method.ReturnType))
            {
                return null;
            }

            var receiverType = method.IsExtensionMethod
                ? (invocation.Arguments.Length > 0 ? Operations.StripConversions(invocation.Arguments[0].Value)?.Type : null) ?? (method.ReducedFrom ?? method).Parameters[0].Type
                : method.IsStatic ? method.ContainingType
                : Operations.GetReceiver(invocation)?.Type ?? method.ContainingType;
            foreach (var entry in Table)
            {
                if (entry.Name == method.Name &&
                    (entry.Publisher == PublisherSource.Producer) == (method.IsStatic && !method.IsExtensionMethod) &&
                    IsOrImplements(receiverType, entry.Type))
                {
                    return entry;
                }
            }

            return null;
        }

        /// <summary><c>IDisposable</c> (also nullable), or a disposable struct such as <c>CancellationTokenRegistration</c>.</summary>
        private static bool ReturnsToken(ITypeSymbol type) =>
            IsDisposableInterface(type) || type.AllInterfaces.Any(IsDisposableInterface);

        private static bool IsDisposableInterface(ITypeSymbol type) =>
            type is INamedTypeSymbol { Name: "IDisposable", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

        private static bool IsOrImplements(ITypeSymbol? type, string metadataName)
        {
            if (type == null)
            {
                return false;
            }

            for (var current = type as INamedTypeSymbol; current != null; current = current.BaseType)
            {
                if (SymbolNames.MetadataName(current.OriginalDefinition) == metadataName)
                {
                    return true;
                }
            }

            if (type is ITypeParameterSymbol parameter)
            {
                foreach (var constraint in parameter.ConstraintTypes)
                {
                    if (IsOrImplements(constraint, metadataName))
                    {
                        return true;
                    }
                }
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (SymbolNames.MetadataName(implemented.OriginalDefinition) == metadataName)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
