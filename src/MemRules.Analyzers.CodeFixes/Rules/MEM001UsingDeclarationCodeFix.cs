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
    /// MEM001: a local resource goes under a <c>using</c> that releases it where the code did before or at the end
    /// of its block (<see cref="UsingDeclarationRewrite"/>); a creation used in place is held in a <c>using</c>
    /// around the statement that uses it (<see cref="InPlaceUsingRewrite"/>). A dropped creation gets no fix.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MEM001UsingDeclarationCodeFix))]
    public sealed class MEM001UsingDeclarationCodeFix : CodeFixProvider
    {
        private const string Title = "Dispose with a using";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(RuleIdentifiers.UndisposedLocal);

        public override FixAllProvider GetFixAllProvider() => SequentialFixAll.Create(FindTarget, RewriteAsync);

        /// <summary>The local's declaration, or the creation used in place.</summary>
        private static SyntaxNode? FindTarget(SyntaxNode root, Diagnostic diagnostic)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            return diagnostic.Properties.ContainsKey(DiagnosticProperties.MEM001.InPlace)
                ? node as ExpressionSyntax
                : UsingDeclarationRewrite.DeclarationOf(node);
        }

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null || model == null)
            {
                return;
            }

            var floor = await TargetFloor.OfAsync(context.Document, context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                bool fixable = FindTarget(root, diagnostic) switch
                {
                    LocalDeclarationStatementSyntax statement => UsingDeclarationRewrite.TryRewrite(model, statement, floor, context.CancellationToken) != null,
                    ExpressionSyntax creation => InPlaceUsingRewrite.TryRewrite(model, creation, floor, context.CancellationToken) != null,
                    _ => false,
                };
                if (fixable)
                {
                    var target = FindTarget(root, diagnostic)!;
                    context.RegisterCodeFix(
                        LineEndings.CreateAction(Title, context.Document, async c => await RewriteAsync(context.Document, target, c).ConfigureAwait(false) ?? context.Document, Title),
                        diagnostic);
                }
            }
        }

        private static Task<Document?> RewriteAsync(Document document, SyntaxNode target, CancellationToken cancellationToken) => target switch
        {
            LocalDeclarationStatementSyntax statement => UsingDeclarationRewrite.TryRewriteAsync(document, statement, cancellationToken),
            ExpressionSyntax creation => InPlaceUsingRewrite.TryRewriteAsync(document, creation, cancellationToken),
            _ => Task.FromResult<Document?>(null),
        };
    }
}
