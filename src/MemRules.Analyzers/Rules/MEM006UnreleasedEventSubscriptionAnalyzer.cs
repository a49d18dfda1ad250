using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using MemRules.Analyzers.Ownership;
using MemRules.Analyzers.Subscriptions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MemRules.Analyzers.Rules
{
    /// <summary>
    /// MEM006: <c>publisher.Event += handler</c> where the handler keeps this object alive, the publisher may
    /// outlive it, and the type never removes that handler from that event; and subscriptions that return a
    /// token (<see cref="SubscriptionMethods"/>) whose token is dropped or never disposed. A type is looked at
    /// only when its syntax has a <c>+=</c> of a lambda, an anonymous method, a delegate creation or one of its
    /// own methods, or a call named like a subscription; <see cref="EventSubscriptions"/>,
    /// <see cref="TokenSubscriptions"/> and <see cref="TypeOwnership"/> then say what leaks.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MEM006UnreleasedEventSubscriptionAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            Descriptors.MEM006NeverUnsubscribed, Descriptors.MEM006LambdaSubscription,
            Descriptors.MEM006TokenDropped, Descriptors.MEM006TokenNotDisposed, Descriptors.MEM006TokenRepeated);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var known = KnownSymbols.TryCreate(start.Compilation, start.Options);
                if (known != null)
                {
                    start.RegisterSymbolAction(s => AnalyzeType(s, known), SymbolKind.NamedType);
                }
            });
        }

        private static void AnalyzeType(SymbolAnalysisContext context, KnownSymbols known)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.IsStatic || type.Locations.Length == 0 ||
                !type.Locations[0].IsInSource || !MaySubscribe(type, context.Compilation, context.CancellationToken))
            {
                return;
            }

            var subscriptions = new EventSubscriptions(type);
            var tokens = new TokenSubscriptions(type);
            var (sites, names) = SubscriptionSites(type, context.Compilation, context.CancellationToken);
            var ownership = TypeOwnership.Collect(
                type, known, known.Options.For(type.Locations[0].SourceTree!), names, context.CancellationToken,
                (operation, member) =>
                {
                    subscriptions.Visit(operation, member);
                    tokens.Visit(operation, member);
                },
                MentioningMembers.OfSubscriptions(type, sites, names, context.CancellationToken));
            foreach (var token in tokens.Unreleased(ownership))
            {
                ReportToken(context, token, type);
            }

            foreach (var subscription in subscriptions.Unreleased(ownership))
            {
                var properties = ImmutableDictionary.CreateRange(new[]
                {
                    new KeyValuePair<string, string?>(DiagnosticProperties.MEM006.Handler, HandlerKind(subscription.Handler)),
                    new KeyValuePair<string, string?>(DiagnosticProperties.MEM006.Publisher, subscription.PublisherKind),
                });
                context.ReportDiagnostic(Findings.Of(
                    subscription.Handler != null ? Descriptors.MEM006NeverUnsubscribed : Descriptors.MEM006LambdaSubscription,
                    subscription.Location, subscription.Display, subscription.Member, properties, null, subscription.Display, type.Name));
            }
        }

        private static void ReportToken(SymbolAnalysisContext context, TokenSubscription token, INamedTypeSymbol type)
        {
            var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.MEM006.Publisher, token.PublisherKind);
            DiagnosticDescriptor descriptor;
            object[] arguments;
            if (token.RepeatedIn != null)
            {
                descriptor = Descriptors.MEM006TokenRepeated;
                properties = properties.Add(DiagnosticProperties.MEM006.Token, DiagnosticProperties.MEM006.RepeatedToken);
                arguments = new object[] { token.Display, type.Name, token.RepeatedIn };
            }
            else if (token.Fate == TokenFate.Stored)
            {
                descriptor = Descriptors.MEM006TokenNotDisposed;
                properties = properties.Add(DiagnosticProperties.MEM006.Token, DiagnosticProperties.MEM006.StoredToken)
                    .Add(DiagnosticProperties.MEM006.TokenField, token.StoredIn!.Name);
                arguments = new object[] { token.Display, type.Name, token.StoredIn.Name };
            }
            else
            {
                descriptor = Descriptors.MEM006TokenDropped;
                properties = properties.Add(DiagnosticProperties.MEM006.Token, DiagnosticProperties.MEM006.DroppedToken)
                    .Add(DiagnosticProperties.MEM006.TokenName, token.TokenName);
                arguments = new object[] { token.Display, type.Name };
            }

            context.ReportDiagnostic(Findings.Of(descriptor, token.Location, token.Display, token.Member, properties, null, arguments));
        }

        private static string HandlerKind(IMethodSymbol? handler) =>
            handler == null ? DiagnosticProperties.MEM006.LambdaHandler
            : handler.MethodKind == MethodKind.LocalFunction ? DiagnosticProperties.MEM006.LocalFunctionHandler
            : DiagnosticProperties.MEM006.MethodHandler;

        /// <summary>
        /// Whether the type's own syntax has a <c>+=</c> whose right side can be a handler that keeps it alive:
        /// a lambda, an anonymous method, a delegate creation, or the name of one of its methods or local functions.
        /// </summary>
        private static bool MaySubscribe(INamedTypeSymbol type, Compilation compilation, System.Threading.CancellationToken cancellationToken)
        {
            HashSet<string>? localFunctions = null;
            var additions = new List<AssignmentExpressionSyntax>();
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                var declaration = reference.GetSyntax(cancellationToken);
                foreach (var node in CodeNodes.InType(compilation, declaration, cancellationToken))
                {
                    if (node is InvocationExpressionSyntax invocation && IsSubscriptionName(invocation.Expression))
                    {
                        return true; // Subscribe(...), Register(...), OnChange(...): the binding decides
                    }

                    if (node.IsKind(SyntaxKind.AddAssignmentExpression))
                    {
                        additions.Add((AssignmentExpressionSyntax)node);
                    }
                    else if (node is LocalFunctionStatementSyntax localFunction)
                    {
                        (localFunctions ??= new HashSet<string>(System.StringComparer.Ordinal)).Add(localFunction.Identifier.ValueText);
                    }
                }
            }

            foreach (var addition in additions)
            {
                switch (Unwrap(addition.Right))
                {
                    case AnonymousFunctionExpressionSyntax or ObjectCreationExpressionSyntax:
                        return true;
                    case SimpleNameSyntax name when IsMethodName(type, name.Identifier.ValueText) || (localFunctions?.Contains(name.Identifier.ValueText) ?? false):
                        return true;
                    case MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or BaseExpressionSyntax } access when IsMethodName(type, access.Name.Identifier.ValueText):
                        return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The type's subscription sites (every <c>+=</c> and <c>-=</c>, every call named like a subscription) and the names
        /// they involve: every identifier on the left of a <c>+=</c> or <c>-=</c> (the event, the publisher it hangs from) and
        /// in a statement that calls a subscription method (the publisher, the field that keeps the token). The members holding
        /// a site, and those that reach the members so named, are the ones walked.
        /// </summary>
        private static (List<SyntaxNode> Sites, HashSet<string> Names) SubscriptionSites(INamedTypeSymbol type, Compilation compilation, System.Threading.CancellationToken cancellationToken)
        {
            var sites = new List<SyntaxNode>();
            var names = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                var declaration = reference.GetSyntax(cancellationToken);
                foreach (var node in CodeNodes.InType(compilation, declaration, cancellationToken))
                {
                    SyntaxNode? scope = node switch
                    {
                        AssignmentExpressionSyntax assignment when node.IsKind(SyntaxKind.AddAssignmentExpression) || node.IsKind(SyntaxKind.SubtractAssignmentExpression) => assignment.Left,
                        InvocationExpressionSyntax invocation when IsSubscriptionName(invocation.Expression) =>
                            (SyntaxNode?)invocation.FirstAncestorOrSelf<StatementSyntax>() ?? invocation.FirstAncestorOrSelf<MemberDeclarationSyntax>(),
                        _ => null,
                    };
                    if (scope == null)
                    {
                        continue;
                    }

                    sites.Add(node);
                    foreach (var token in scope.DescendantTokens())
                    {
                        if (token.IsKind(SyntaxKind.IdentifierToken))
                        {
                            names.Add(token.ValueText);
                        }
                    }
                }
            }

            return (sites, names);
        }

        private static bool IsSubscriptionName(ExpressionSyntax callee)
        {
            var name = callee switch
            {
                MemberAccessExpressionSyntax access => access.Name,
                MemberBindingExpressionSyntax binding => binding.Name,
                SimpleNameSyntax simple => simple,
                _ => null,
            };
            return name != null && SubscriptionMethods.Names.Contains(name.Identifier.ValueText);
        }

        private static ExpressionSyntax Unwrap(ExpressionSyntax expression)
        {
            while (expression is ParenthesizedExpressionSyntax or CastExpressionSyntax)
            {
                expression = expression is ParenthesizedExpressionSyntax parenthesized ? parenthesized.Expression : ((CastExpressionSyntax)expression).Expression;
            }

            return expression;
        }

        private static bool IsMethodName(INamedTypeSymbol type, string name) => SymbolNames.IsMemberName(type, name, inBases: true, member => member is IMethodSymbol);
    }
}
