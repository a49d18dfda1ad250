using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MemRules.Analyzers.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace MemRules.Analyzers.CodeFixes.Rewrites
{
    /// <summary>
    /// Turns <c>var x = ...;</c> into <c>using var x = ...;</c> (<c>await using</c> for an IAsyncDisposable in
    /// an async function; a <c>using (...) { rest of the block }</c> statement below C# 8) and removes the
    /// explicit <c>x.Dispose();</c> / <c>x?.Dispose();</c> / <c>await x.DisposeAsync();</c> statements it makes
    /// redundant. Returns null wherever the rewrite would not compile or would change what the code does:
    /// the local is reassigned, handed on, used after its Dispose, declared outside a block (a switch
    /// section, an embedded statement), or a goto could jump across the new using.
    /// </summary>
    internal static class UsingDeclarationRewrite
    {
        /// <summary>The declaration whose initializer is <paramref name="value"/> (through parentheses and casts).</summary>
        public static LocalDeclarationStatementSyntax? DeclarationOf(SyntaxNode value)
        {
            while (value.Parent is ParenthesizedExpressionSyntax or CastExpressionSyntax)
            {
                value = value.Parent;
            }

            return value.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax statement } } }
                ? statement
                : null;
        }

        public static async Task<Document?> TryRewriteAsync(Document document, LocalDeclarationStatementSyntax statement, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root == null || model == null)
            {
                return null;
            }

            var rewritten = TryRewrite(model, statement, cancellationToken);
            return rewritten == null ? null : document.WithSyntaxRoot(root.ReplaceNode(rewritten.Value.Old, rewritten.Value.New));
        }

        /// <summary>The block that contains <paramref name="statement"/> and its rewritten form, or null.</summary>
        public static (BlockSyntax Old, BlockSyntax New)? TryRewrite(SemanticModel model, LocalDeclarationStatementSyntax statement, CancellationToken cancellationToken)
        {
            if (statement.Parent is not BlockSyntax block ||
                !statement.UsingKeyword.IsKind(SyntaxKind.None) ||
                statement.IsConst ||
                statement.Declaration.Variables.Count != 1 ||
                statement.Declaration.Variables[0].Initializer == null ||
                model.GetDeclaredSymbol(statement.Declaration.Variables[0], cancellationToken) is not ILocalSymbol local ||
                local.IsRef)
            {
                return null;
            }

            if (KnownSymbols.TryCreate(model.Compilation) is not { } known)
            {
                return null;
            }

            bool sync = known.IsSyncDisposable(local.Type);
            bool async = known.IsAsyncDisposable(local.Type);
            var function = statement.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax);
            bool useAwait = async && IsAsync(function);
            var version = ((CSharpParseOptions)statement.SyntaxTree.Options).LanguageVersion;
            if ((!sync && !useAwait) || (useAwait && version < LanguageVersion.CSharp8) || function == null ||
                function.DescendantNodes().Any(n => n is GotoStatementSyntax { RawKind: (int)SyntaxKind.GotoStatement } or LabeledStatementSyntax))
            {
                return null;
            }

            var removals = new List<StatementSyntax>();
            int lastUse = statement.Span.End;
            foreach (var name in block.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (name.SpanStart < statement.Span.End || name.Identifier.ValueText != local.Name ||
                    !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, local))
                {
                    continue;
                }

                switch (Classify(name, out var disposeStatement))
                {
                    case Use.Dispose when disposeStatement!.Parent is BlockSyntax:
                        removals.Add(disposeStatement);
                        break;
                    case Use.Member:
                        lastUse = System.Math.Max(lastUse, name.SpanStart);
                        break;
                    default:
                        return null;
                }
            }

            if (removals.Any(r => r.SpanStart < lastUse))
            {
                return null;
            }

            int index = block.Statements.IndexOf(statement);
            if (version < LanguageVersion.CSharp8 &&
                block.Statements.Skip(index + 1).Any(s => s is LocalFunctionStatementSyntax))
            {
                // Moving a local function into the using block would hide it from the code before.
                return null;
            }

            var newBlock = RemoveStatements(block, removals, statement);
            var current = newBlock.GetCurrentNode(statement)!;
            var leading = current.GetLeadingTrivia();
            var declaration = current.Declaration.WithoutLeadingTrivia();
            if (version >= LanguageVersion.CSharp8)
            {
                var updated = useAwait
                    ? current.WithAwaitKeyword(SyntaxFactory.Token(leading, SyntaxKind.AwaitKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)))
                        .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space))
                    : current.WithUsingKeyword(SyntaxFactory.Token(leading, SyntaxKind.UsingKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)));
                newBlock = newBlock.ReplaceNode(current, updated.WithDeclaration(declaration));
            }
            else
            {
                int at = newBlock.Statements.IndexOf(current);
                var rest = newBlock.Statements.Skip(at + 1).ToList();
                var usingStatement = SyntaxFactory.UsingStatement(
                        SyntaxFactory.Token(leading, SyntaxKind.UsingKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)),
                        SyntaxFactory.Token(SyntaxKind.OpenParenToken),
                        declaration.WithTrailingTrivia(),
                        null,
                        SyntaxFactory.Token(SyntaxKind.CloseParenToken),
                        SyntaxFactory.Block(rest))
                    .WithTrailingTrivia(current.GetTrailingTrivia())
                    .WithAdditionalAnnotations(Formatter.Annotation);
                newBlock = newBlock.WithStatements(SyntaxFactory.List(newBlock.Statements.Take(at).Append(usingStatement)));
            }

            return (block, newBlock);
        }

        /// <summary>Removes statements; a blank line before a removed statement moves to the next one.</summary>
        internal static BlockSyntax RemoveStatements(BlockSyntax block, IReadOnlyCollection<StatementSyntax> removals, params SyntaxNode[] keepTracked)
        {
            var tracked = block.TrackNodes(removals.Cast<SyntaxNode>().Concat(keepTracked).Concat(block.Statements));
            foreach (var removal in removals)
            {
                var current = tracked.GetCurrentNode(removal)!;
                var blankLines = current.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.EndOfLineTrivia)).ToList();
                if (current.Parent is BlockSyntax parent && blankLines.Count > 0)
                {
                    int at = parent.Statements.IndexOf(current);
                    if (at + 1 < parent.Statements.Count)
                    {
                        var next = parent.Statements[at + 1];
                        tracked = tracked.ReplaceNode(next, next.WithLeadingTrivia(blankLines.Concat(next.GetLeadingTrivia())));
                        current = tracked.GetCurrentNode(removal)!;
                    }
                }

                tracked = tracked.RemoveNode(current, SyntaxRemoveOptions.KeepNoTrivia)!;
            }

            return tracked;
        }

        private enum Use
        {
            Member,
            Dispose,
            Other,
        }

        private static Use Classify(IdentifierNameSyntax name, out StatementSyntax? disposeStatement)
        {
            disposeStatement = null;
            switch (name.Parent)
            {
                case MemberAccessExpressionSyntax access when access.Expression == name:
                    var member = access.Name.Identifier.ValueText;
                    if (member is not ("Dispose" or "DisposeAsync"))
                    {
                        return Use.Member;
                    }

                    if (access.Parent is not InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0 } invocation)
                    {
                        return Use.Other;
                    }

                    SyntaxNode expression = invocation;
                    if (member == "DisposeAsync")
                    {
                        if (expression.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Parent: InvocationExpressionSyntax configured })
                        {
                            expression = configured;
                        }

                        if (expression.Parent is not AwaitExpressionSyntax awaited)
                        {
                            return Use.Other;
                        }

                        expression = awaited;
                    }

                    disposeStatement = expression.Parent as ExpressionStatementSyntax;
                    return disposeStatement == null ? Use.Other : Use.Dispose;

                case ConditionalAccessExpressionSyntax conditional when conditional.Expression == name:
                    if (conditional.WhenNotNull is InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Dispose" }, ArgumentList.Arguments.Count: 0 })
                    {
                        disposeStatement = conditional.Parent as ExpressionStatementSyntax;
                        return disposeStatement == null ? Use.Other : Use.Dispose;
                    }

                    return Use.Member;

                default:
                    return Use.Other;
            }
        }

        private static bool IsAsync(SyntaxNode? function) => function switch
        {
            MethodDeclarationSyntax method => method.Modifiers.Any(SyntaxKind.AsyncKeyword),
            LocalFunctionStatementSyntax local => local.Modifiers.Any(SyntaxKind.AsyncKeyword),
            AnonymousFunctionExpressionSyntax lambda => lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword),
            _ => false,
        };
    }
}
