using System.Collections.Generic;
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
    /// Puts a local resource under a <c>using</c> without changing when it is released:
    /// <list type="bullet">
    /// <item>released by an explicit <c>x.Dispose()</c>/<c>Close()</c> in mid-block: a <c>using (var x = ...) { ... }</c>
    /// statement that ends where that call was (a lock or file handle is not held longer);</item>
    /// <item>released at the end of its block, before an exit, or never: <c>using var x = ...;</c> (C# 8 in every
    /// target; else a <c>using</c> statement over the rest of the block);</item>
    /// </list>
    /// <c>await using</c> for an IAsyncDisposable in an async function. The explicit releases it makes redundant
    /// go, their comments kept. No rewrite (null) where it would not compile or would change what the code
    /// does: the local is reassigned, handed on, captured by a lambda or local function, or used after its release; a value taken from it (an entry's
    /// stream, an enumerator, a view) leaves the scope; it wraps a resource another wrapper wraps too (the
    /// disposal order would change); a release is inside a branch; a goto or label; a switch section; a conditional directive (<c>#if</c>/<c>#else</c>)
    /// by the statements it changes (<see cref="PreprocessorRegions"/>).
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

            var floor = await TargetFloor.OfAsync(document, cancellationToken).ConfigureAwait(false);
            var rewritten = TryRewrite(model, statement, floor, cancellationToken);
            return rewritten == null ? null : document.WithSyntaxRoot(root.ReplaceNode(rewritten.Value.Old, rewritten.Value.New));
        }

        /// <summary>The block that contains <paramref name="statement"/> and its rewritten form, or null.</summary>
        public static (BlockSyntax Old, BlockSyntax New)? TryRewrite(SemanticModel model, LocalDeclarationStatementSyntax statement, TargetFloor floor, CancellationToken cancellationToken)
        {
            if (statement.Parent is not BlockSyntax block ||
                !statement.UsingKeyword.IsKind(SyntaxKind.None) ||
                statement.IsConst ||
                statement.Declaration.Variables.Count != 1 ||
                statement.Declaration.Variables[0].Initializer == null ||
                model.GetDeclaredSymbol(statement.Declaration.Variables[0], cancellationToken) is not ILocalSymbol local ||
                local.IsRef ||
                KnownSymbols.TryCreate(model.Compilation) is not { } known)
            {
                return null;
            }

            var function = statement.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax);
            bool useAwait = known.IsAsyncDisposable(local.Type) && IsAsync(function) && floor.HasAsyncDisposable;
            if ((!known.IsSyncDisposable(local.Type) && !useAwait) || (useAwait && !floor.HasUsingDeclarations) || function == null ||
                function.DescendantNodes().Any(n => n is GotoStatementSyntax { RawKind: (int)SyntaxKind.GotoStatement } or LabeledStatementSyntax) ||
                SharesItsInner(statement, model, function, cancellationToken) ||
                Uses.Of(model, block, statement, local, cancellationToken) is not { } uses)
            {
                return null;
            }

            // A directive by the declaration or a removed release: each target would rewrite other statements.
            if (PreprocessorRegions.Interfere(statement) || uses.Removals.Any(r => PreprocessorRegions.Interfere(r)))
            {
                return null;
            }

            int index = block.Statements.IndexOf(statement);
            int releaseAt = uses.Release == null ? -1 : block.Statements.IndexOf(uses.Release);
            bool endsBlock = releaseAt < 0 || block.Statements.Skip(releaseAt + 1).All(s => s is ReturnStatementSyntax or ThrowStatementSyntax);
            if (endsBlock && floor.HasUsingDeclarations)
            {
                return (block, UsingDeclaration(block, statement, uses.Removals, useAwait));
            }

            // Until the old release point, or over the rest of the block below C# 8 when the release ends it anyway.
            int end = endsBlock ? block.Statements.Count : releaseAt;
            var inside = block.Statements.Skip(index + 1).Take(end - index - 1).ToList();
            if (PreprocessorRegions.Interfere(statement, end < block.Statements.Count ? block.Statements[end] : block.Statements.Last()) ||
                !CanMoveInto(inside, block.Statements.Skip(end + 1), model, cancellationToken))
            {
                return null;
            }

            return (block, UsingStatement(block, statement, index, end, uses.Removals, useAwait));
        }

        /// <summary>How the local is used after its declaration, or null when a use rules the rewrite out.</summary>
        private sealed class Uses
        {
            /// <summary>The release statement at the block's own level, where the new using must end (at most one).</summary>
            public StatementSyntax? Release { get; private set; }

            /// <summary>Every explicit release the using makes redundant.</summary>
            public List<StatementSyntax> Removals { get; } = new List<StatementSyntax>();

            public static Uses? Of(SemanticModel model, BlockSyntax block, LocalDeclarationStatementSyntax statement, ILocalSymbol local, CancellationToken cancellationToken)
            {
                var uses = new Uses();
                int lastUse = statement.Span.End;
                foreach (var name in block.DescendantNodes().OfType<IdentifierNameSyntax>())
                {
                    if (name.SpanStart < statement.Span.End || name.Identifier.ValueText != local.Name ||
                        !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, local))
                    {
                        continue;
                    }

                    if (name.Ancestors().TakeWhile(a => a != block).Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                    {
                        // Captured: the delegate may run after the release (a callback signalled after a timed-out wait).
                        return null;
                    }

                    switch (Classify(name, out var releaseStatement))
                    {
                        case Use.Release when releaseStatement!.Parent == block:
                            if (uses.Release != null)
                            {
                                return null; // released twice
                            }

                            uses.Release = releaseStatement;
                            uses.Removals.Add(releaseStatement);
                            break;
                        case Use.Release when releaseStatement!.Parent is BlockSyntax inner && IsFollowedByExit(inner, releaseStatement):
                            uses.Removals.Add(releaseStatement); // `x.Dispose(); return;`: the using releases it at the same point
                            break;
                        case Use.Member when !DerivedValueEscapes(name, model, block, cancellationToken):
                            lastUse = System.Math.Max(lastUse, name.SpanStart);
                            break;
                        default:
                            return null;
                    }
                }

                return uses.Release != null && uses.Release.SpanStart < lastUse ? null : uses;
            }
        }

        private static bool IsFollowedByExit(BlockSyntax block, StatementSyntax statement)
        {
            int at = block.Statements.IndexOf(statement);
            return at + 1 < block.Statements.Count && block.Statements[at + 1] is ReturnStatementSyntax or ThrowStatementSyntax;
        }

        /// <summary>
        /// Whether a value taken from the resource (<c>archive.GetEntry(n).Open()</c>, <c>reader.Lines</c>) may be
        /// used after the resource is released: anything but plain data that is returned, stored, passed on, or
        /// kept in a local declared outside the block.
        /// </summary>
        private static bool DerivedValueEscapes(IdentifierNameSyntax name, SemanticModel model, BlockSyntax block, CancellationToken cancellationToken)
        {
            ExpressionSyntax value = name;
            while (value.Parent is MemberAccessExpressionSyntax access && access.Expression == value ||
                   value.Parent is InvocationExpressionSyntax invocation && invocation.Expression == value ||
                   value.Parent is ConditionalAccessExpressionSyntax conditional && conditional.Expression == value ||
                   value.Parent is ElementAccessExpressionSyntax element && element.Expression == value)
            {
                value = (ExpressionSyntax)value.Parent;
            }

            if (value == name)
            {
                return false;
            }

            // `await reader.ReadLineAsync()` yields the task's result.
            while (value.Parent is AwaitExpressionSyntax awaited)
            {
                value = awaited;
            }

            if (IsPlainData(model.GetTypeInfo(value, cancellationToken).Type))
            {
                return false;
            }

            switch (value.Parent)
            {
                case ExpressionStatementSyntax:
                case ForEachStatementSyntax:
                case AssignmentExpressionSyntax assignment when assignment.Left == value:
                    return false; // consumed where it is, or written into the resource
                case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } when declarator.Ancestors().Contains(block) &&
                                                                                                model.GetDeclaredSymbol(declarator, cancellationToken) is ILocalSymbol derived:
                    // A local of the block holding the derived value: fine while it is only read for plain data.
                    return block.DescendantNodes().OfType<IdentifierNameSyntax>().Any(n =>
                        n.Identifier.ValueText == derived.Name &&
                        SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(n, cancellationToken).Symbol, derived) &&
                        DerivedValueEscapesOrIsPassed(n, model, cancellationToken));
                default:
                    return true;
            }
        }

        private static bool DerivedValueEscapesOrIsPassed(IdentifierNameSyntax name, SemanticModel model, CancellationToken cancellationToken)
        {
            ExpressionSyntax value = name;
            while (value.Parent is MemberAccessExpressionSyntax access && access.Expression == value ||
                   value.Parent is InvocationExpressionSyntax invocation && invocation.Expression == value)
            {
                value = (ExpressionSyntax)value.Parent;
            }

            return value == name
                ? value.Parent is not (ForEachStatementSyntax or ExpressionStatementSyntax)
                : value.Parent is not ExpressionStatementSyntax && !IsPlainData(model.GetTypeInfo(value, cancellationToken).Type);
        }

        private static bool IsPlainData(ITypeSymbol? type) =>
            type == null || type.IsValueType || type.SpecialType == SpecialType.System_String ||
            (type is IArrayTypeSymbol { ElementType.IsValueType: true });

        /// <summary>
        /// Whether the resource wraps a local or parameter that another wrapper in the same function wraps too:
        /// two <c>using</c>s over them would dispose the shared inner resource before the outer one flushes.
        /// </summary>
        private static bool SharesItsInner(LocalDeclarationStatementSyntax statement, SemanticModel model, SyntaxNode function, CancellationToken cancellationToken)
        {
            if (statement.Declaration.Variables[0].Initializer!.Value is not BaseObjectCreationExpressionSyntax { ArgumentList: { } arguments } creation)
            {
                return false;
            }

            foreach (var argument in arguments.Arguments)
            {
                if (model.GetSymbolInfo(argument.Expression, cancellationToken).Symbol is not (ILocalSymbol or IParameterSymbol) ||
                    model.GetTypeInfo(argument.Expression, cancellationToken).Type is not { } type || !IsDisposableType(type, model))
                {
                    continue;
                }

                var inner = model.GetSymbolInfo(argument.Expression, cancellationToken).Symbol;
                foreach (var other in function.DescendantNodes().OfType<BaseObjectCreationExpressionSyntax>())
                {
                    if (other != creation && other.ArgumentList != null && other.ArgumentList.Arguments.Any(a =>
                            SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(a.Expression, cancellationToken).Symbol, inner)))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool IsDisposableType(ITypeSymbol type, SemanticModel model) =>
            KnownSymbols.TryCreate(model.Compilation) is { } known && known.IsDisposable(type);

        /// <summary>Statements can move into a new block when none declares what code after it uses, nor is a local function or label.</summary>
        private static bool CanMoveInto(List<StatementSyntax> inside, IEnumerable<StatementSyntax> after, SemanticModel model, CancellationToken cancellationToken)
        {
            if (inside.Any(s => s is LabeledStatementSyntax or LocalFunctionStatementSyntax))
            {
                return false; // a local function moved into the using block would hide from the rest of the block
            }

            var declared = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var node in inside.SelectMany(s => s.DescendantNodesAndSelf()))
            {
                if (node is VariableDeclaratorSyntax or SingleVariableDesignationSyntax or LocalFunctionStatementSyntax &&
                    model.GetDeclaredSymbol(node, cancellationToken) is { } symbol)
                {
                    declared.Add(symbol);
                }
            }

            return declared.Count == 0 ||
                   !after.SelectMany(s => s.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
                       .Any(n => model.GetSymbolInfo(n, cancellationToken).Symbol is { } symbol && declared.Contains(symbol));
        }

        private static BlockSyntax UsingDeclaration(BlockSyntax block, LocalDeclarationStatementSyntax statement, List<StatementSyntax> removals, bool useAwait)
        {
            var newBlock = RemoveStatements(block, removals, statement);
            var current = newBlock.GetCurrentNode(statement)!;
            var leading = current.GetLeadingTrivia();
            var declaration = current.Declaration.WithoutLeadingTrivia();
            var updated = useAwait
                ? current.WithAwaitKeyword(SyntaxFactory.Token(leading, SyntaxKind.AwaitKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)))
                    .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space))
                : current.WithUsingKeyword(SyntaxFactory.Token(leading, SyntaxKind.UsingKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)));
            return newBlock.ReplaceNode(current, updated.WithDeclaration(declaration));
        }

        /// <summary><c>using (var x = ...) { statements up to <paramref name="end"/> }</c>; the release at <paramref name="end"/> goes.</summary>
        private static BlockSyntax UsingStatement(BlockSyntax block, LocalDeclarationStatementSyntax statement, int index, int end, List<StatementSyntax> removals, bool useAwait)
        {
            // Statements from the declaration to `end`, less the removed ones among them.
            int count = block.Statements.Skip(index + 1).Take(end - index - 1).Count(s => !removals.Contains(s));
            var newBlock = RemoveStatements(block, removals, statement);
            var current = newBlock.GetCurrentNode(statement)!;
            int at = newBlock.Statements.IndexOf(current);
            var inner = newBlock.Statements.Skip(at + 1).Take(count).ToList();
            var leading = current.GetLeadingTrivia();
            var usingStatement = SyntaxFactory.UsingStatement(
                    useAwait ? SyntaxFactory.Token(leading, SyntaxKind.AwaitKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)) : default,
                    SyntaxFactory.Token(useAwait ? SyntaxFactory.TriviaList() : leading, SyntaxKind.UsingKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)),
                    SyntaxFactory.Token(SyntaxKind.OpenParenToken),
                    current.Declaration.WithoutTrivia(),
                    null,
                    SyntaxFactory.Token(SyntaxKind.CloseParenToken),
                    SyntaxFactory.Block(inner))
                .WithTrailingTrivia(current.GetTrailingTrivia())
                .WithAdditionalAnnotations(Formatter.Annotation);
            var rest = newBlock.Statements.Skip(at + 1 + count).ToList();
            if (rest.Count > 0)
            {
                rest[0] = WithBlankLineBefore(rest[0], current.GetTrailingTrivia());
            }

            var statements = newBlock.Statements.Take(at).Append(usingStatement).Concat(rest);
            return newBlock.WithStatements(SyntaxFactory.List(statements));
        }

        /// <summary>A blank line between a new block statement and the statement after it, as after any block, unless there is one.</summary>
        internal static StatementSyntax WithBlankLineBefore(StatementSyntax next, SyntaxTriviaList previousTrailing)
        {
            var leading = next.GetLeadingTrivia();
            if (leading.FirstOrDefault(t => !t.IsKind(SyntaxKind.WhitespaceTrivia)).IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return next; // it starts with a blank line already
            }

            var newLine = previousTrailing.LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            return next.WithLeadingTrivia(leading.Insert(0, newLine.IsKind(SyntaxKind.EndOfLineTrivia) ? newLine : SyntaxFactory.ElasticCarriageReturnLineFeed));
        }

        private static IEnumerable<SyntaxTrivia> Comments(SyntaxTriviaList trivia) =>
            trivia.Where(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia));

        /// <summary>
        /// Removes statements; a blank line or a comment before (or after) a removed statement moves to the next
        /// statement, or before the block's closing brace, so the file keeps them.
        /// </summary>
        internal static BlockSyntax RemoveStatements(BlockSyntax block, IReadOnlyCollection<StatementSyntax> removals, params SyntaxNode[] keepTracked)
        {
            if (removals.Count == 0)
            {
                return keepTracked.Length == 0 ? block : block.TrackNodes(keepTracked);
            }

            var tracked = block.TrackNodes(removals.Cast<SyntaxNode>().Concat(keepTracked).Concat(block.DescendantNodes().OfType<StatementSyntax>()));
            foreach (var removal in removals)
            {
                var current = tracked.GetCurrentNode(removal);
                if (current == null)
                {
                    continue;
                }

                var kept = KeptTrivia(current);
                if (kept.Count > 0 && current.Parent is BlockSyntax parent)
                {
                    int at = parent.Statements.IndexOf(current);
                    if (at + 1 < parent.Statements.Count)
                    {
                        var next = parent.Statements[at + 1];
                        tracked = tracked.ReplaceNode(next, next.WithLeadingTrivia(kept.Concat(next.GetLeadingTrivia())));
                    }
                    else
                    {
                        var brace = parent.CloseBraceToken;
                        tracked = tracked.ReplaceToken(brace, brace.WithLeadingTrivia(kept.Concat(brace.LeadingTrivia)));
                    }

                    current = tracked.GetCurrentNode(removal)!;
                }

                tracked = tracked.RemoveNode(current, SyntaxRemoveOptions.KeepNoTrivia)!;
            }

            return tracked;
        }

        /// <summary>The blank lines and comments around a statement, without its own indentation, to keep when it goes.</summary>
        private static List<SyntaxTrivia> KeptTrivia(StatementSyntax statement)
        {
            var leading = statement.GetLeadingTrivia().ToList();
            if (leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia))
            {
                leading.RemoveAt(leading.Count - 1);
            }

            bool meaningful = leading.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia) || Comments(SyntaxFactory.TriviaList(t)).Any());
            var trailingComments = Comments(statement.GetTrailingTrivia()).ToList();
            if (trailingComments.Count > 0)
            {
                // `x.Dispose(); // why`: the comment keeps its own line, indented as the statement was.
                var indentation = statement.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
                foreach (var comment in trailingComments)
                {
                    if (indentation.IsKind(SyntaxKind.WhitespaceTrivia))
                    {
                        leading.Add(indentation);
                    }

                    leading.Add(comment);
                    leading.Add(statement.GetTrailingTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { } eol && eol.IsKind(SyntaxKind.EndOfLineTrivia)
                        ? eol
                        : SyntaxFactory.ElasticCarriageReturnLineFeed);
                }

                meaningful = true;
            }

            return meaningful ? leading : new List<SyntaxTrivia>();
        }

        private enum Use
        {
            Member,
            Release,
            Other,
        }

        private static Use Classify(IdentifierNameSyntax name, out StatementSyntax? releaseStatement)
        {
            releaseStatement = null;
            switch (name.Parent)
            {
                case MemberAccessExpressionSyntax access when access.Expression == name:
                    var member = access.Name.Identifier.ValueText;
                    if (member is not ("Dispose" or "DisposeAsync" or "Close"))
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

                    releaseStatement = expression.Parent as ExpressionStatementSyntax;
                    return releaseStatement == null ? Use.Other : Use.Release;

                case ConditionalAccessExpressionSyntax conditional when conditional.Expression == name:
                    if (conditional.WhenNotNull is InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Dispose" or "Close" }, ArgumentList.Arguments.Count: 0 })
                    {
                        releaseStatement = conditional.Parent as ExpressionStatementSyntax;
                        return releaseStatement == null ? Use.Other : Use.Release;
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
