using System.Collections.Generic;
using System.Collections.Immutable;
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
    /// outlive it, and the type never removes that handler from that event. A type is looked at only when
    /// its syntax has a <c>+=</c> of a lambda, an anonymous method, a delegate creation or one of its own
    /// methods; <see cref="EventSubscriptions"/> and <see cref="TypeOwnership"/> then say what leaks.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MEM006UnreleasedEventSubscriptionAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            Descriptors.MEM006NeverUnsubscribed, Descriptors.MEM006LambdaSubscription);

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
                start.RegisterSymbolAction(s => AnalyzeType(s, known, cache), SymbolKind.NamedType);
            });
        }

        private static void AnalyzeType(SymbolAnalysisContext context, KnownSymbols known, MemRulesOptions.Cache cache)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.IsStatic || type.Locations.Length == 0 ||
                !type.Locations[0].IsInSource || !MaySubscribe(type, context.CancellationToken))
            {
                return;
            }

            var subscriptions = new EventSubscriptions(type);
            var ownership = TypeOwnership.Collect(type, known, cache.For(type.Locations[0].SourceTree!), context.CancellationToken, subscriptions.Visit);
            foreach (var subscription in subscriptions.Unreleased(ownership))
            {
                var properties = ImmutableDictionary.CreateRange(new[]
                {
                    new KeyValuePair<string, string?>(DiagnosticProperties.MEM006.Handler, HandlerKind(subscription.Handler)),
                    new KeyValuePair<string, string?>(DiagnosticProperties.MEM006.Publisher, subscription.PublisherKind),
                });
                context.ReportDiagnostic(Diagnostic.Create(
                    subscription.Handler != null ? Descriptors.MEM006NeverUnsubscribed : Descriptors.MEM006LambdaSubscription,
                    subscription.Location, properties, subscription.Display, type.Name));
            }
        }

        private static string HandlerKind(IMethodSymbol? handler) =>
            handler == null ? DiagnosticProperties.MEM006.LambdaHandler
            : handler.MethodKind == MethodKind.LocalFunction ? DiagnosticProperties.MEM006.LocalFunctionHandler
            : DiagnosticProperties.MEM006.MethodHandler;

        /// <summary>
        /// Whether the type's own syntax has a <c>+=</c> whose right side can be a handler that keeps it alive:
        /// a lambda, an anonymous method, a delegate creation, or the name of one of its methods or local functions.
        /// </summary>
        private static bool MaySubscribe(INamedTypeSymbol type, System.Threading.CancellationToken cancellationToken)
        {
            HashSet<string>? localFunctions = null;
            var additions = new List<AssignmentExpressionSyntax>();
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                var declaration = reference.GetSyntax(cancellationToken);
                foreach (var node in declaration.DescendantNodes(n => n == declaration || n is not BaseTypeDeclarationSyntax))
                {
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

        private static ExpressionSyntax Unwrap(ExpressionSyntax expression)
        {
            while (expression is ParenthesizedExpressionSyntax or CastExpressionSyntax)
            {
                expression = expression is ParenthesizedExpressionSyntax parenthesized ? parenthesized.Expression : ((CastExpressionSyntax)expression).Expression;
            }

            return expression;
        }

        private static bool IsMethodName(INamedTypeSymbol type, string name)
        {
            for (var current = type; current != null; current = current.BaseType)
            {
                foreach (var member in current.GetMembers(name))
                {
                    if (member is IMethodSymbol)
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
