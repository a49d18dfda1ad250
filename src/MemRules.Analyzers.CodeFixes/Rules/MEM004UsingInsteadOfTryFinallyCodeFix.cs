using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MemRules.Analyzers.CodeFixes.Rewrites;
using MemRules.Analyzers.CodeFixes.Shared;
using MemRules.Analyzers.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.CodeFixes.Rules
{
    /// <summary>
    /// MEM004: <c>var x = ...; try { body } finally { x.Dispose(); }</c> becomes <c>using var x = ...; body</c>
    /// when the try ends its block (C# 8+), else <c>using (var x = ...) { body }</c>, which keeps the moment
    /// of disposal. Other finally statements stay in a try/finally inside the using. No fix when the dispose
    /// is not the finally's last statement (the order would change) or for <c>await</c> below C# 8.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MEM004UsingInsteadOfTryFinallyCodeFix))]
    public sealed class MEM004UsingInsteadOfTryFinallyCodeFix : CodeFixProvider
    {
        private const string Title = "Use a using declaration";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(RuleIdentifiers.TryFinallyToUsing);

        public override FixAllProvider GetFixAllProvider() => SequentialFixAll.Create(FindTry, RewriteAsync);

        private static SyntaxNode? FindTry(SyntaxNode root, Diagnostic diagnostic) =>
            root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<FinallyClauseSyntax>()?.Parent as TryStatementSyntax;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null || model == null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (FindTry(root, diagnostic) is TryStatementSyntax @try && TryRewrite(model, @try, context.CancellationToken) != null)
                {
                    context.RegisterCodeFix(
                        LineEndings.CreateAction(Title, context.Document, async c => await RewriteAsync(context.Document, @try, c).ConfigureAwait(false) ?? context.Document, Title),
                        diagnostic);
                }
            }
        }

        private static async Task<Document?> RewriteAsync(Document document, SyntaxNode node, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var rewrite = root == null || model == null || node is not TryStatementSyntax @try ? null : TryRewrite(model, @try, cancellationToken);
            return rewrite == null ? null : document.WithSyntaxRoot(root!.ReplaceNode(rewrite.Value.Old, rewrite.Value.New));
        }

        private static (BlockSyntax Old, BlockSyntax New)? TryRewrite(SemanticModel model, TryStatementSyntax @try, CancellationToken cancellationToken)
        {
            var known = KnownSymbols.TryCreate(model.Compilation);
            if (known == null || @try.Parent is not BlockSyntax block || @try.Finally == null ||
                model.GetOperation(@try, cancellationToken) is not ITryOperation operation ||
                TryFinallyDisposal.Find(operation, known) is not { IsLastInFinally: true } found)
            {
                return null;
            }

            var version = ((CSharpParseOptions)@try.SyntaxTree.Options).LanguageVersion;
            int index = block.Statements.IndexOf(@try);
            if ((found.IsAsync && version < LanguageVersion.CSharp8) || index < 1 ||
                block.Statements[index - 1] is not LocalDeclarationStatementSyntax declarationStatement ||
                found.DisposeStatement.Syntax is not StatementSyntax disposeStatement ||
                PreprocessorRegions.Interfere(declarationStatement, @try))
            {
                return null;
            }

            var declaration = declarationStatement.Declaration;
            var body = @try.Block.Statements;
            if (found.AssignedInTry)
            {
                if (body[0] is not ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax assignment })
                {
                    return null;
                }

                declaration = declaration.WithVariables(SyntaxFactory.SingletonSeparatedList(
                    declaration.Variables[0].WithInitializer(SyntaxFactory.EqualsValueClause(assignment.Right.WithoutTrivia()))));
                body = body.RemoveAt(0);
            }

            var remaining = @try.Finally.Block.Statements.Remove(disposeStatement);
            SyntaxList<StatementSyntax> inner = remaining.Count == 0
                ? body
                : SyntaxFactory.SingletonList<StatementSyntax>(
                    SyntaxFactory.TryStatement(SyntaxFactory.Block(body), default, SyntaxFactory.FinallyClause(SyntaxFactory.Block(remaining))));
            var leading = declarationStatement.GetLeadingTrivia();
            var awaitToken = found.IsAsync
                ? SyntaxFactory.Token(leading, SyntaxKind.AwaitKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space))
                : default;
            var usingToken = SyntaxFactory.Token(found.IsAsync ? SyntaxFactory.TriviaList() : leading, SyntaxKind.UsingKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));

            bool last = index == block.Statements.Count - 1;
            SyntaxList<StatementSyntax> replacement;
            if (version >= LanguageVersion.CSharp8 && last)
            {
                var usingDeclaration = SyntaxFactory.LocalDeclarationStatement(declaration.WithoutLeadingTrivia())
                    .WithAwaitKeyword(awaitToken)
                    .WithUsingKeyword(usingToken)
                    .WithTrailingTrivia(declarationStatement.GetTrailingTrivia());
                replacement = SyntaxFactory.List(new StatementSyntax[] { usingDeclaration }
                    .Concat(inner.Select(s => s.WithAdditionalAnnotations(Formatter.Annotation))));
            }
            else
            {
                var usingStatement = SyntaxFactory.UsingStatement(
                        awaitToken, usingToken, SyntaxFactory.Token(SyntaxKind.OpenParenToken),
                        declaration.WithoutTrivia(), null, SyntaxFactory.Token(SyntaxKind.CloseParenToken),
                        SyntaxFactory.Block(inner))
                    .WithTrailingTrivia(@try.GetTrailingTrivia())
                    .WithAdditionalAnnotations(Formatter.Annotation);
                replacement = SyntaxFactory.SingletonList<StatementSyntax>(usingStatement);
            }

            var statements = block.Statements.Take(index - 1).Concat(replacement).Concat(block.Statements.Skip(index + 1));
            return (block, block.WithStatements(SyntaxFactory.List(statements)));
        }
    }
}
