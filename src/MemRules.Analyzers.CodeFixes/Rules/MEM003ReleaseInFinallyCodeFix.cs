using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MemRules.Analyzers.CodeFixes.Rewrites;
using MemRules.Analyzers.CodeFixes.Shared;
using MemRules.Analyzers.Ownership;
using MemRules.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.CodeFixes.Rules
{
    /// <summary>
    /// MEM003: for a local disposable, the using declaration of MEM001 (the explicit release goes); for an
    /// acquire/release pair, the statements between them move into <c>try { } finally { release; }</c>.
    /// No fix when a local declared between the pair is used after it, or a local function, label or using
    /// declaration lies between (moving them into the try would change their scope or timing).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MEM003ReleaseInFinallyCodeFix))]
    public sealed class MEM003ReleaseInFinallyCodeFix : CodeFixProvider
    {
        private const string UsingTitle = "Dispose with a using declaration";
        private const string FinallyTitle = "Release in a finally block";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(RuleIdentifiers.CleanupOutsideFinally);

        public override FixAllProvider GetFixAllProvider() => SequentialFixAll.Create(FindTarget, RewriteAsync);

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
                var target = FindTarget(root, diagnostic);
                switch (target == null ? null : Resolve(model, target, context.CancellationToken))
                {
                    case LocalDeclarationStatementSyntax declaration when UsingDeclarationRewrite.TryRewrite(model, declaration, context.CancellationToken) != null:
                        context.RegisterCodeFix(
                            LineEndings.CreateAction(UsingTitle, context.Document, c => ApplyAsync(context.Document, declaration, c), UsingTitle),
                            diagnostic);
                        break;
                    case ExpressionStatementSyntax release when TryWrap(model, release, context.CancellationToken) != null:
                        context.RegisterCodeFix(
                            LineEndings.CreateAction(FinallyTitle, context.Document, c => ApplyAsync(context.Document, release, c), FinallyTitle),
                            diagnostic);
                        break;
                }
            }
        }

        private static async Task<Document> ApplyAsync(Document document, SyntaxNode target, CancellationToken cancellationToken) =>
            await RewriteAsync(document, target, cancellationToken).ConfigureAwait(false) ?? document;

        /// <summary>The local's declaration (disposables) or the release statement (pairs).</summary>
        private static SyntaxNode? FindTarget(SyntaxNode root, Diagnostic diagnostic)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (diagnostic.Properties.TryGetValue(DiagnosticProperties.MEM003.Kind, out var kind) &&
                kind == DiagnosticProperties.MEM003.Pair)
            {
                return node.FirstAncestorOrSelf<ExpressionStatementSyntax>();
            }

            return node;
        }

        private static async Task<Document?> RewriteAsync(Document document, SyntaxNode target, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root == null || model == null)
            {
                return null;
            }

            (SyntaxNode Old, SyntaxNode New)? rewrite = Resolve(model, target, cancellationToken) switch
            {
                LocalDeclarationStatementSyntax declaration => UsingDeclarationRewrite.TryRewrite(model, declaration, cancellationToken),
                ExpressionStatementSyntax release => TryWrap(model, release, cancellationToken),
                _ => null,
            };
            return rewrite == null ? null : document.WithSyntaxRoot(root.ReplaceNode(rewrite.Value.Old, rewrite.Value.New));
        }

        /// <summary>A release call of a local resolves to the local's declaration; a pair's release statement stays.</summary>
        private static SyntaxNode? Resolve(SemanticModel model, SyntaxNode target, CancellationToken cancellationToken)
        {
            if (target is ExpressionStatementSyntax or LocalDeclarationStatementSyntax)
            {
                return target;
            }

            var receiver = ReceiverOf(target);
            return receiver != null &&
                   model.GetSymbolInfo(receiver, cancellationToken).Symbol is ILocalSymbol local &&
                   local.DeclaringSyntaxReferences.Length == 1 &&
                   local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Parent.Parent: LocalDeclarationStatementSyntax declaration }
                ? declaration
                : null;
        }

        private static ExpressionSyntax? ReceiverOf(SyntaxNode call)
        {
            switch (call)
            {
                case ConditionalAccessExpressionSyntax conditional:
                    return conditional.Expression;
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }:
                    return access.Expression;
                default:
                    return call.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { Expression: MemberAccessExpressionSyntax member } ? member.Expression : null;
            }
        }

        /// <summary>Moves the statements between acquire and release into a try whose finally releases.</summary>
        private static (SyntaxNode Old, SyntaxNode New)? TryWrap(SemanticModel model, ExpressionStatementSyntax release, CancellationToken cancellationToken)
        {
            var known = KnownSymbols.TryCreate(model.Compilation);
            if (known == null || release.Parent is not BlockSyntax block ||
                model.GetOperation(release.Expression, cancellationToken) is not IInvocationOperation invocation)
            {
                return null;
            }

            var pair = PairedResources.FindPair(invocation, known);
            if (pair == null || PairedResources.CanThrowBetween(pair.Value) == null)
            {
                return null;
            }

            int acquireIndex = pair.Value.Block.Operations[pair.Value.AcquireIndex].Syntax is StatementSyntax acquire ? block.Statements.IndexOf(acquire) : -1;
            int releaseIndex = block.Statements.IndexOf(release);
            if (acquireIndex < 0 || releaseIndex <= acquireIndex + 1)
            {
                return null;
            }

            var between = block.Statements.Skip(acquireIndex + 1).Take(releaseIndex - acquireIndex - 1).ToList();
            if (between.Any(s => s is LocalFunctionStatementSyntax or LabeledStatementSyntax ||
                                 (s is LocalDeclarationStatementSyntax d && !d.UsingKeyword.IsKind(SyntaxKind.None))))
            {
                return null;
            }

            // Locals declared between the pair must not be used after it: the try block would hide them.
            var declared = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var node in between.SelectMany(s => s.DescendantNodesAndSelf()))
            {
                if (node is VariableDeclaratorSyntax or SingleVariableDesignationSyntax &&
                    model.GetDeclaredSymbol(node, cancellationToken) is ILocalSymbol local)
                {
                    declared.Add(local);
                }
            }

            if (declared.Count > 0 &&
                block.Statements.Skip(releaseIndex + 1).SelectMany(s => s.DescendantNodes().OfType<IdentifierNameSyntax>())
                    .Any(n => model.GetSymbolInfo(n, cancellationToken).Symbol is { } symbol && declared.Contains(symbol)))
            {
                return null;
            }

            var tryStatement = SyntaxFactory.TryStatement(
                    SyntaxFactory.Block(between),
                    default,
                    SyntaxFactory.FinallyClause(SyntaxFactory.Block(release.WithoutLeadingTrivia())))
                .WithLeadingTrivia(between[0].GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.EndOfLineTrivia)))
                .WithTrailingTrivia(release.GetTrailingTrivia())
                .WithAdditionalAnnotations(Formatter.Annotation);

            // A blank line after the new try block, as after any block statement.
            var after = block.Statements.Skip(releaseIndex + 1).ToList();
            var newLine = release.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            if (after.Count > 0 && newLine.IsKind(SyntaxKind.EndOfLineTrivia) && !after[0].GetLeadingTrivia().Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)))
            {
                after[0] = after[0].WithLeadingTrivia(after[0].GetLeadingTrivia().Insert(0, newLine));
            }

            var statements = block.Statements.Take(acquireIndex + 1)
                .Append(tryStatement)
                .Concat(after);
            return (block, block.WithStatements(SyntaxFactory.List(statements)));
        }
    }
}
