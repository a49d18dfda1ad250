using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MemRules.Analyzers.CodeFixes.Shared;
using MemRules.Analyzers.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace MemRules.Analyzers.CodeFixes.Rewrites
{
    /// <summary>
    /// Holds a creation used in place in a <c>using</c>: <c>Use(new StreamReader(p).ReadToEnd());</c> becomes
    /// <c>using (var streamReader = new StreamReader(p)) { Use(streamReader.ReadToEnd()); }</c>, released right
    /// after the statement; a <c>return</c> or a declaration gets <c>using var streamReader = ...;</c> before it
    /// (C# 8 in every target), an expression-bodied member a block body. Null where the creation is evaluated
    /// only on some paths of its statement (after <c>&amp;&amp;</c>, <c>?:</c>, <c>?.</c>, in a lambda) or after
    /// something else with side effects in it: moving it first would change what runs; and where a conditional
    /// directive lies in or by the statement (<see cref="PreprocessorRegions"/>).
    /// </summary>
    internal static class InPlaceUsingRewrite
    {
        public static async Task<Document?> TryRewriteAsync(Document document, ExpressionSyntax creation, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root == null || model == null)
            {
                return null;
            }

            var floor = await TargetFloor.OfAsync(document, cancellationToken).ConfigureAwait(false);
            return TryRewrite(model, creation, floor, cancellationToken) is { } rewrite
                ? document.WithSyntaxRoot(root.ReplaceNode(rewrite.Old, rewrite.New))
                : null;
        }

        public static (SyntaxNode Old, SyntaxNode New)? TryRewrite(SemanticModel model, ExpressionSyntax creation, TargetFloor floor, CancellationToken cancellationToken)
        {
            if (KnownSymbols.TryCreate(model.Compilation) is not { } known || model.GetTypeInfo(creation, cancellationToken).Type is not { } type ||
                !known.IsSyncDisposable(type) || IsConditionallyEvaluated(creation, out var host) || host == null ||
                SomethingRunsBefore(creation, host) || PreprocessorRegions.Interfere(host))
            {
                return null;
            }

            var name = FreshName(type, model, creation, host);
            var declaration = SyntaxFactory.VariableDeclaration(
                SyntaxFactory.IdentifierName("var"),
                SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(name).WithInitializer(SyntaxFactory.EqualsValueClause(creation.WithoutTrivia()))));
            switch (host)
            {
                case StatementSyntax statement when statement.Parent is BlockSyntax block:
                    return (block, InBlock(block, statement, creation, name, declaration, floor));
                case ArrowExpressionClauseSyntax arrow when arrow.Parent is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax or PropertyDeclarationSyntax:
                    return ToBlockBody(arrow, model, creation, name, declaration, floor, cancellationToken);
                default:
                    return null;
            }
        }

        /// <summary>
        /// True when <paramref name="creation"/> runs only on some paths of the code around it; else
        /// <paramref name="host"/> is the statement, or the expression body, it is part of.
        /// </summary>
        private static bool IsConditionallyEvaluated(ExpressionSyntax creation, out SyntaxNode? host)
        {
            host = null;
            SyntaxNode child = creation;
            for (var node = creation.Parent; node != null; child = node, node = node.Parent)
            {
                switch (node)
                {
                    case IfStatementSyntax ifStatement when ifStatement.Condition == child:
                        host = node; // `if (File.OpenRead(p).Length > 0) ...`: the condition always runs first
                        return false;
                    case StatementSyntax or ArrowExpressionClauseSyntax:
                        host = node;
                        return node is not (ExpressionStatementSyntax or ReturnStatementSyntax or LocalDeclarationStatementSyntax or ArrowExpressionClauseSyntax);
                    case AnonymousFunctionExpressionSyntax or QueryExpressionSyntax or SwitchExpressionSyntax:
                        return true;
                    case ConditionalExpressionSyntax conditional when conditional.Condition != child:
                        return true;
                    case BinaryExpressionSyntax binary when binary.Right == child &&
                                                           (binary.IsKind(SyntaxKind.LogicalAndExpression) || binary.IsKind(SyntaxKind.LogicalOrExpression) || binary.IsKind(SyntaxKind.CoalesceExpression)):
                        return true;
                    case ConditionalAccessExpressionSyntax access when access.WhenNotNull == child:
                        return true;
                }
            }

            return true;
        }

        /// <summary>True when a call, creation, await or assignment in the host runs before the creation (and would then run after it).</summary>
        private static bool SomethingRunsBefore(ExpressionSyntax creation, SyntaxNode host) =>
            host.DescendantNodes().Any(n =>
                n.Span.End <= creation.SpanStart && !n.Span.Contains(creation.Span) &&
                n is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax or AwaitExpressionSyntax or AssignmentExpressionSyntax or
                    PostfixUnaryExpressionSyntax or PrefixUnaryExpressionSyntax or ElementAccessExpressionSyntax);

        private static BlockSyntax InBlock(BlockSyntax block, StatementSyntax statement, ExpressionSyntax creation, string name, VariableDeclarationSyntax declaration, TargetFloor floor)
        {
            var replaced = statement.ReplaceNode(creation, SyntaxFactory.IdentifierName(name).WithTriviaFrom(creation));
            if (statement is ExpressionStatementSyntax or IfStatementSyntax || !floor.HasUsingDeclarations)
            {
                // Released right after the statement that uses it.
                var usingStatement = SyntaxFactory.UsingStatement(declaration, null, SyntaxFactory.Block(replaced.WithoutLeadingTrivia()))
                    .WithLeadingTrivia(statement.GetLeadingTrivia())
                    .WithTrailingTrivia(statement.GetTrailingTrivia())
                    .WithAdditionalAnnotations(Formatter.Annotation);
                int at = block.Statements.IndexOf(statement);
                var updated = block.Statements.Replace(statement, usingStatement);
                if (at + 1 < updated.Count)
                {
                    updated = updated.Replace(updated[at + 1], UsingDeclarationRewrite.WithBlankLineBefore(updated[at + 1], statement.GetTrailingTrivia()));
                }

                return block.WithStatements(updated);
            }

            var usingDeclaration = SyntaxFactory.LocalDeclarationStatement(declaration)
                .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space))
                .WithLeadingTrivia(statement.GetLeadingTrivia())
                .WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed)
                .WithAdditionalAnnotations(Formatter.Annotation);
            var indentation = statement.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
            return block.ReplaceNode(statement, new[] { usingDeclaration, replaced.WithLeadingTrivia(indentation) });
        }

        /// <summary><c>=> expr;</c> becomes <c>{ using ... return expr'; }</c> (or the statement form for void).</summary>
        private static (SyntaxNode Old, SyntaxNode New)? ToBlockBody(
            ArrowExpressionClauseSyntax arrow, SemanticModel model, ExpressionSyntax creation, string name, VariableDeclarationSyntax declaration,
            TargetFloor floor, CancellationToken cancellationToken)
        {
            var owner = arrow.Parent!;
            bool returns = owner switch
            {
                PropertyDeclarationSyntax => true,
                AccessorDeclarationSyntax accessor => accessor.IsKind(SyntaxKind.GetAccessorDeclaration),
                _ => model.GetDeclaredSymbol(owner, cancellationToken) is IMethodSymbol { ReturnsVoid: false } method &&
                     !(method.IsAsync && method.ReturnType is INamedTypeSymbol { Arity: 0, Name: "Task" or "ValueTask" }),
            };
            var expression = arrow.Expression.ReplaceNode(creation, SyntaxFactory.IdentifierName(name).WithTriviaFrom(creation)).WithoutTrivia();
            StatementSyntax body = returns ? SyntaxFactory.ReturnStatement(expression) : SyntaxFactory.ExpressionStatement(expression);
            var block = floor.HasUsingDeclarations
                ? SyntaxFactory.Block(
                    SyntaxFactory.LocalDeclarationStatement(declaration).WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space)),
                    body)
                : SyntaxFactory.Block(SyntaxFactory.UsingStatement(declaration, null, SyntaxFactory.Block(body)));
            block = block.WithAdditionalAnnotations(Formatter.Annotation);
            SyntaxNode? replaced = owner switch
            {
                BaseMethodDeclarationSyntax method => method.WithExpressionBody(null).WithSemicolonToken(default).WithBody(block.WithTrailingTrivia(method.SemicolonToken.TrailingTrivia)),
                LocalFunctionStatementSyntax local => local.WithExpressionBody(null).WithSemicolonToken(default).WithBody(block.WithTrailingTrivia(local.SemicolonToken.TrailingTrivia)),
                AccessorDeclarationSyntax accessor => accessor.WithExpressionBody(null).WithSemicolonToken(default).WithBody(block.WithTrailingTrivia(accessor.SemicolonToken.TrailingTrivia)),
                PropertyDeclarationSyntax property => property.WithExpressionBody(null).WithSemicolonToken(default)
                    .WithAccessorList(SyntaxFactory.AccessorList(SyntaxFactory.SingletonList(
                        SyntaxFactory.AccessorDeclaration(SyntaxKind.GetAccessorDeclaration, block))))
                    .WithTrailingTrivia(property.SemicolonToken.TrailingTrivia),
                _ => null,
            };
            return replaced == null ? null : (owner, replaced.WithAdditionalAnnotations(Formatter.Annotation));
        }

        /// <summary>A camel-cased name from the type (<c>streamReader</c>) that nothing in scope or in the member uses yet.</summary>
        private static string FreshName(ITypeSymbol type, SemanticModel model, ExpressionSyntax creation, SyntaxNode host)
        {
            var baseName = char.ToLowerInvariant(type.Name[0]) + type.Name.Substring(1);
            if (SyntaxFacts.GetKeywordKind(baseName) != SyntaxKind.None)
            {
                baseName = "@" + baseName;
            }

            var member = host.AncestorsAndSelf().FirstOrDefault(a => a is MemberDeclarationSyntax) ?? host;
            var used = member.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText).ToImmutableHashSetOrdinal();
            var candidate = baseName;
            for (int i = 2; used.Contains(candidate.TrimStart('@')) || !model.LookupSymbols(creation.SpanStart, name: candidate.TrimStart('@')).IsEmpty; i++)
            {
                candidate = baseName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return candidate;
        }

        private static System.Collections.Immutable.ImmutableHashSet<string> ToImmutableHashSetOrdinal(this System.Collections.Generic.IEnumerable<string> names) =>
            System.Collections.Immutable.ImmutableHashSet.CreateRange(System.StringComparer.Ordinal, names);
    }
}
