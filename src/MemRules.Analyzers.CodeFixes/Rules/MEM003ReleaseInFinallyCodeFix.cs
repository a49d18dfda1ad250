using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
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
using Microsoft.CodeAnalysis.Text;

namespace MemRules.Analyzers.CodeFixes.Rules
{
    /// <summary>
    /// MEM003: for a local disposable, the using declaration of MEM001 (the explicit release goes); for an
    /// acquire/release pair, the statements between them move into <c>try { } finally { release; }</c>.
    /// No fix when a local declared between the pair is used after it, or a local function, label or using
    /// declaration lies between (moving them into the try would change their scope or timing), nor when a
    /// conditional directive lies among or by the statements it moves (<see cref="PreprocessorRegions"/>).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MEM003ReleaseInFinallyCodeFix))]
    public sealed class MEM003ReleaseInFinallyCodeFix : CodeFixProvider
    {
        private const string UsingTitle = "Dispose with a using declaration";
        private const string FinallyTitle = "Release in a finally block";
        private const string ReleaseBeforeThrowTitle = "Dispose before the throw";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(RuleIdentifiers.CleanupOutsideFinally);

        public override FixAllProvider GetFixAllProvider() => SequentialFixAll.Create(FindTarget, FindThrows, RewriteAsync);

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
                var target = FindTarget(root, diagnostic);
                var throws = FindThrows(root, diagnostic).ToList();
                if (target != null && Plan(model, target, throws, floor, context.CancellationToken) is { } plan)
                {
                    context.RegisterCodeFix(
                        LineEndings.CreateAction(plan.Title, context.Document,
                            async c => await RewriteAsync(context.Document, target, throws, c).ConfigureAwait(false) ?? context.Document, plan.Title),
                        diagnostic);
                }
            }
        }

        /// <summary>The local's declaration (a release outside a finally, a throw that leaks it) or the release statement (pairs).</summary>
        private static SyntaxNode? FindTarget(SyntaxNode root, Diagnostic diagnostic)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            diagnostic.Properties.TryGetValue(DiagnosticProperties.MEM003.Kind, out var kind);
            return kind switch
            {
                DiagnosticProperties.MEM003.Pair => node.FirstAncestorOrSelf<ExpressionStatementSyntax>(),
                DiagnosticProperties.MEM003.Throw => UsingDeclarationRewrite.DeclarationOf(node),
                DiagnosticProperties.MEM003.LateTry => null, // what to move into the try is the author's call
                _ => node,
            };
        }

        /// <summary>The throw statements that leak the resource, from the diagnostic (a throw expression has no statement to put a release before).</summary>
        private static IEnumerable<SyntaxNode> FindThrows(SyntaxNode root, Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.MEM003.Throws, out var spans) || spans == null)
            {
                yield break;
            }

            foreach (var part in spans.Split(';'))
            {
                var pieces = part.Split(':');
                if (pieces.Length == 2 &&
                    int.TryParse(pieces[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var start) &&
                    int.TryParse(pieces[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var length) &&
                    start >= 0 && start + length <= root.FullSpan.End &&
                    root.FindNode(new TextSpan(start, length), getInnermostNodeForTie: true) is { } node)
                {
                    yield return node;
                }
            }
        }

        private sealed class FixPlan
        {
            public FixPlan(string title, (SyntaxNode Old, SyntaxNode New) rewrite)
            {
                Title = title;
                Rewrite = rewrite;
            }

            public string Title { get; }

            public (SyntaxNode Old, SyntaxNode New) Rewrite { get; }
        }

        /// <summary>
        /// A using where it keeps when the resource is released; else, for a throw that leaks it, a release just
        /// before each such throw (the resource is handed on later, so a using would release it too early); for a
        /// pair, the statements between into a try whose finally releases.
        /// </summary>
        private static FixPlan? Plan(SemanticModel model, SyntaxNode target, IReadOnlyList<SyntaxNode> throws, TargetFloor floor, CancellationToken cancellationToken)
        {
            switch (Resolve(model, target, cancellationToken))
            {
                case LocalDeclarationStatementSyntax declaration:
                    if (UsingDeclarationRewrite.TryRewrite(model, declaration, floor, cancellationToken) is { } usingRewrite)
                    {
                        return new FixPlan(UsingTitle, usingRewrite);
                    }

                    return throws.Count > 0 && ReleaseBeforeThrows(model, declaration, throws, cancellationToken) is { } released
                        ? new FixPlan(ReleaseBeforeThrowTitle, released)
                        : null;
                case ExpressionStatementSyntax release when TryWrap(model, release, cancellationToken) is { } wrapped:
                    return new FixPlan(FinallyTitle, wrapped);
                default:
                    return null;
            }
        }

        private static async Task<Document?> RewriteAsync(Document document, SyntaxNode target, IReadOnlyList<SyntaxNode> throws, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root == null || model == null)
            {
                return null;
            }

            var floor = await TargetFloor.OfAsync(document, cancellationToken).ConfigureAwait(false);
            return Plan(model, target, throws, floor, cancellationToken) is { } plan
                ? document.WithSyntaxRoot(root.ReplaceNode(plan.Rewrite.Old, plan.Rewrite.New))
                : null;
        }

        /// <summary><c>x.Dispose();</c> right before every leaking throw, in the function that declares it; null where one is a throw expression.</summary>
        private static (SyntaxNode Old, SyntaxNode New)? ReleaseBeforeThrows(
            SemanticModel model, LocalDeclarationStatementSyntax declaration, IReadOnlyList<SyntaxNode> throws, CancellationToken cancellationToken)
        {
            var function = declaration.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax);
            if (function == null || declaration.Declaration.Variables.Count != 1 ||
                model.GetDeclaredSymbol(declaration.Declaration.Variables[0], cancellationToken) is not ILocalSymbol local ||
                KnownSymbols.TryCreate(model.Compilation) is not { } known || !known.IsSyncDisposable(local.Type) ||
                throws.Any(t => t is not ThrowStatementSyntax || !function.Span.Contains(t.Span) || PreprocessorRegions.Interfere(t)))
            {
                return null;
            }

            var name = local.Name;
            var tracked = function.TrackNodes(throws);
            foreach (var original in throws)
            {
                var current = (StatementSyntax)tracked.GetCurrentNode(original)!;
                var release = SyntaxFactory.ParseStatement(name + ".Dispose();");
                tracked = current.Parent is BlockSyntax or SwitchSectionSyntax
                    ? tracked.InsertNodesBefore(current, new[] { release.WithLeadingTrivia(current.GetLeadingTrivia()).WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed) })
                    : tracked.ReplaceNode(current, SyntaxFactory.Block(
                            release.WithLeadingTrivia(SyntaxFactory.ElasticMarker).WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed),
                            current.WithoutTrivia().WithLeadingTrivia(SyntaxFactory.ElasticMarker).WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed))
                        .WithLeadingTrivia(SyntaxFactory.ElasticMarker)
                        .WithTrailingTrivia(current.GetTrailingTrivia())
                        .WithAdditionalAnnotations(Formatter.Annotation));
            }

            return (function, tracked);
        }

        /// <summary>A release call of a local resolves to the local's declaration; a pair's release statement and a declaration stay.</summary>
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
            if (acquireIndex < 0 || releaseIndex <= acquireIndex + 1 || PreprocessorRegions.Interfere(block.Statements[acquireIndex], release))
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

            // The blank lines before the first moved statement go before the try (not also inside it); the
            // release keeps its comments in the finally.
            var blankLines = between[0].GetLeadingTrivia().TakeWhile(t => t.IsKind(SyntaxKind.EndOfLineTrivia) || t.IsKind(SyntaxKind.WhitespaceTrivia))
                .Where(t => t.IsKind(SyntaxKind.EndOfLineTrivia)).ToList();
            between[0] = between[0].WithLeadingTrivia(between[0].GetLeadingTrivia().SkipWhile(t => t.IsKind(SyntaxKind.EndOfLineTrivia) || t.IsKind(SyntaxKind.WhitespaceTrivia)));
            var releaseTrivia = release.GetLeadingTrivia().SkipWhile(t => t.IsKind(SyntaxKind.EndOfLineTrivia) || t.IsKind(SyntaxKind.WhitespaceTrivia));
            var tryStatement = SyntaxFactory.TryStatement(
                    SyntaxFactory.Block(between),
                    default,
                    SyntaxFactory.FinallyClause(SyntaxFactory.Block(release.WithLeadingTrivia(releaseTrivia))))
                .WithLeadingTrivia(blankLines)
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
