using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MemRules.Analyzers.CodeFixes.Shared
{
    /// <summary>
    /// A fix that adds statements to a type's disposal (MEM002's field disposal, MEM006's unsubscription):
    /// the rule says what to add for a type's diagnostics; this class offers it, fixes all of a type's
    /// diagnostics together (one coherent Dispose) and writes it with <see cref="DisposalEditor"/>.
    /// </summary>
    public abstract class DisposalCodeFix : CodeFixProvider
    {
        private protected abstract string Title { get; }

        public sealed override FixAllProvider GetFixAllProvider() => TypeFixAll.Create(FixDocumentAsync);

        public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null || model == null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                var group = TypeFixAll.ByType(root, new[] { diagnostic });
                if (group.Count == 1 && Plan(group[0].Declaration, group[0].Diagnostics, root, model, context.CancellationToken) != null)
                {
                    context.RegisterCodeFix(
                        LineEndings.CreateAction(Title, context.Document, c => FixDocumentAsync(context.Document, ImmutableArray.Create(diagnostic), c), Title),
                        diagnostic);
                }
            }
        }

        /// <summary>What to add to the disposal of <paramref name="declaration"/> (declaring <paramref name="type"/>) for its diagnostics; null when no safe fix exists.</summary>
        private protected abstract (DisposalEditor.Placement Placement, DisposalEditor.Additions Additions)? Build(
            TypeDeclarationSyntax declaration, INamedTypeSymbol type, List<Diagnostic> diagnostics, SyntaxNode root, SemanticModel model, CancellationToken cancellationToken);

        private (DisposalEditor.Placement Placement, DisposalEditor.Additions Additions)? Plan(
            TypeDeclarationSyntax declaration, List<Diagnostic> diagnostics, SyntaxNode root, SemanticModel model, CancellationToken cancellationToken) =>
            model.GetDeclaredSymbol(declaration, cancellationToken) is INamedTypeSymbol type
                ? Build(declaration, type, diagnostics, root, model, cancellationToken)
                : null;

        private async Task<Document> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root == null || model == null)
            {
                return document;
            }

            var plans = new List<(TypeDeclarationSyntax, DisposalEditor.Placement, DisposalEditor.Additions)>();
            foreach (var (declaration, group) in TypeFixAll.ByType(root, diagnostics))
            {
                var plan = Plan(declaration, group, root, model, cancellationToken);
                if (plan != null)
                {
                    plans.Add((declaration, plan.Value.Placement, plan.Value.Additions));
                }
            }

            return await DisposalEditor.ApplyAsync(document, root, model, plans, cancellationToken).ConfigureAwait(false);
        }
    }
}
