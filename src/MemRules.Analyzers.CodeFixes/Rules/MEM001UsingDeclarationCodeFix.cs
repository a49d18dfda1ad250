using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using MemRules.Analyzers.CodeFixes.Rewrites;
using MemRules.Analyzers.CodeFixes.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MemRules.Analyzers.CodeFixes.Rules
{
    /// <summary>
    /// MEM001: <c>var x = new T();</c> becomes <c>using var x = new T();</c> (see <see cref="UsingDeclarationRewrite"/>
    /// for the async, pre-C# 8 and no-fix cases).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MEM001UsingDeclarationCodeFix))]
    public sealed class MEM001UsingDeclarationCodeFix : CodeFixProvider
    {
        private const string Title = "Dispose with a using declaration";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(RuleIdentifiers.UndisposedLocal);

        public override FixAllProvider GetFixAllProvider() =>
            SequentialFixAll.Create(FindDeclaration, (document, node, token) => UsingDeclarationRewrite.TryRewriteAsync(document, (LocalDeclarationStatementSyntax)node, token));

        private static SyntaxNode? FindDeclaration(SyntaxNode root, Diagnostic diagnostic) =>
            UsingDeclarationRewrite.DeclarationOf(root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true));

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
                if (FindDeclaration(root, diagnostic) is LocalDeclarationStatementSyntax statement &&
                    UsingDeclarationRewrite.TryRewrite(model, statement, context.CancellationToken) != null)
                {
                    context.RegisterCodeFix(
                        LineEndings.CreateAction(Title, context.Document, c => Apply(context.Document, statement, c), Title),
                        diagnostic);
                }
            }
        }

        private static async Task<Document> Apply(Document document, LocalDeclarationStatementSyntax statement, CancellationToken cancellationToken) =>
            await UsingDeclarationRewrite.TryRewriteAsync(document, statement, cancellationToken).ConfigureAwait(false) ?? document;
    }
}
