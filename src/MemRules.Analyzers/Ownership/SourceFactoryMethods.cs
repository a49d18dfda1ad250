using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>
    /// Methods of the compilation being analyzed whose every <c>return</c> is a <c>new</c> expression: the
    /// caller owns what they return. Decided from syntax alone (no semantic model) and cached per
    /// compilation, since every call site asks again.
    /// </summary>
    internal sealed class SourceFactoryMethods
    {
        private readonly ConcurrentDictionary<IMethodSymbol, bool> _cache =
            new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);

        public bool AlwaysReturnsNew(IMethodSymbol method)
        {
            method = method.ReducedFrom ?? method;
            method = method.OriginalDefinition;
            if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction) ||
                method.IsAbstract || method.IsVirtual || method.IsOverride || method.IsExtern || method.ReturnsVoid ||
                method.DeclaringSyntaxReferences.Length != 1)
            {
                return false;
            }

            return _cache.GetOrAdd(method, m => Decide(m.DeclaringSyntaxReferences[0].GetSyntax()));
        }

        private static bool Decide(SyntaxNode declaration)
        {
            ArrowExpressionClauseSyntax? arrow;
            BlockSyntax? body;
            switch (declaration)
            {
                case MethodDeclarationSyntax method:
                    arrow = method.ExpressionBody;
                    body = method.Body;
                    break;
                case LocalFunctionStatementSyntax local:
                    arrow = local.ExpressionBody;
                    body = local.Body;
                    break;
                default:
                    return false;
            }

            if (arrow != null)
            {
                return IsNew(arrow.Expression);
            }

            if (body == null)
            {
                return false;
            }

            bool any = false;
            foreach (var node in body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                switch (node)
                {
                    case ReturnStatementSyntax ret:
                        if (ret.Expression == null || !IsNew(ret.Expression))
                        {
                            return false;
                        }

                        any = true;
                        break;
                    case YieldStatementSyntax:
                        return false;
                }
            }

            return any;
        }

        private static bool IsNew(ExpressionSyntax expression)
        {
            while (expression is ParenthesizedExpressionSyntax parenthesized)
            {
                expression = parenthesized.Expression;
            }

            return expression is BaseObjectCreationExpressionSyntax && !expression.IsKind(SyntaxKind.AnonymousObjectCreationExpression);
        }
    }
}
