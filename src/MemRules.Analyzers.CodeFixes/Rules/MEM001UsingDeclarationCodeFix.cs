using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MemRules.Analyzers.CodeFixes.Rules
{
    /// <summary>MEM001: turns <c>var x = new T();</c> into <c>using var x = new T();</c>.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MEM001UsingDeclarationCodeFix)), Shared]
    public sealed class MEM001UsingDeclarationCodeFix : CodeFixProvider
    {
        private const string Title = "Dispose with a using declaration";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(RuleIdentifiers.UndisposedLocal);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                var statement = node.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>();
                if (statement == null ||
                    !statement.UsingKeyword.IsKind(SyntaxKind.None) ||
                    statement.Declaration.Variables.Count != 1 ||
                    statement.Parent is not BlockSyntax ||
                    ((CSharpParseOptions)statement.SyntaxTree.Options).LanguageVersion < LanguageVersion.CSharp8)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(Title, c => AddUsingAsync(context.Document, statement, c), equivalenceKey: Title),
                    diagnostic);
            }
        }

        private static async Task<Document> AddUsingAsync(Document document, LocalDeclarationStatementSyntax statement, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var updated = statement
                .WithUsingKeyword(SyntaxFactory.Token(statement.GetLeadingTrivia(), SyntaxKind.UsingKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)))
                .WithDeclaration(statement.Declaration.WithoutLeadingTrivia());
            return document.WithSyntaxRoot(root!.ReplaceNode(statement, updated));
        }
    }
}
