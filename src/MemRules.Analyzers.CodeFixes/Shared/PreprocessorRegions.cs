using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MemRules.Analyzers.CodeFixes.Shared
{
    /// <summary>
    /// Whether preprocessor directives make a rewrite unsafe. In a multi-targeted project <c>dotnet format</c>
    /// fixes a file once per target and merges the results: statements inside <c>#if</c>/<c>#else</c> differ per
    /// target, so a rewrite that moves, wraps or removes statements next to such a directive writes different
    /// text per target (merge-conflict markers), or puts a brace inside a region that some target does not
    /// compile. A fix that moves, wraps, removes or inserts statements asks here first and offers nothing when
    /// a conditional directive (<c>#if</c>, <c>#elif</c>, <c>#else</c>, <c>#endif</c>) lies in or next to them,
    /// or when the code sits in a conditional region opened inside its member. <c>#region</c> and
    /// <c>#pragma</c> are harmless while a moved range keeps its <c>#region</c>s balanced.
    /// </summary>
    internal static class PreprocessorRegions
    {
        /// <summary>
        /// True when the statements from <paramref name="first"/> to <paramref name="last"/> (of one list), with
        /// the trivia before them and before the token after them, hold a conditional directive, or a <c>#region</c>
        /// among them does not close among them, or when <paramref name="first"/> sits in a conditional region opened inside its member.
        /// </summary>
        public static bool Interfere(SyntaxNode first, SyntaxNode last)
        {
            int start = first.FullSpan.Start;
            var next = last.GetLastToken().GetNextToken(includeZeroWidth: true);
            int end = next.RawKind == 0 ? last.FullSpan.End : next.SpanStart;
            var root = first.SyntaxTree.GetRoot();
            return InConditionalRegion(first) || HasConditionalDirective(root, start, end) || !RegionsBalanced(root, first.Span.End, last.Span.End);
        }

        /// <summary><see cref="Interfere(SyntaxNode, SyntaxNode)"/> for one statement or node.</summary>
        public static bool Interfere(SyntaxNode node) => Interfere(node, node);

        /// <summary>True when any conditional directive lies inside <paramref name="node"/> (its own trivia included).</summary>
        public static bool HasConditionalDirective(SyntaxNode node) =>
            node.DescendantTrivia(descendIntoTrivia: false).Any(t => IsConditional(t.RawKind));

        /// <summary>True when <paramref name="trivia"/> is a conditional directive.</summary>
        public static bool HasConditionalDirective(SyntaxTrivia trivia) => IsConditional(trivia.RawKind);

        /// <summary>
        /// True when a conditional region opened inside the member around <paramref name="node"/> is still open
        /// where <paramref name="node"/> starts: some target compiles other code there. A region around the whole
        /// member is fine (a target that does not compile it does not fix it).
        /// </summary>
        public static bool InConditionalRegion(SyntaxNode node)
        {
            var member = node.AncestorsAndSelf().OfType<MemberDeclarationSyntax>().FirstOrDefault(m => m is not BaseTypeDeclarationSyntax and not BaseNamespaceDeclarationSyntax)
                         ?? node.AncestorsAndSelf().OfType<BaseTypeDeclarationSyntax>().FirstOrDefault();
            if (member == null)
            {
                return false;
            }

            int depth = 0;
            foreach (var trivia in member.DescendantTrivia(descendIntoTrivia: false))
            {
                if (trivia.SpanStart >= node.SpanStart)
                {
                    break;
                }

                if (trivia.SpanStart < member.SpanStart)
                {
                    continue; // the member's own leading directives open a region around the whole member
                }

                if (trivia.IsKind(SyntaxKind.IfDirectiveTrivia))
                {
                    depth++;
                }
                else if (trivia.IsKind(SyntaxKind.EndIfDirectiveTrivia))
                {
                    depth--;
                }
            }

            return depth != 0;
        }

        private static bool HasConditionalDirective(SyntaxNode root, int start, int end) =>
            DirectivesIn(root, start, end).Any(t => IsConditional(t.RawKind));

        /// <summary>Whether the <c>#region</c>s among the moved statements close there too.</summary>
        private static bool RegionsBalanced(SyntaxNode root, int start, int end)
        {
            int regions = 0;
            foreach (var trivia in DirectivesIn(root, start, end))
            {
                if (trivia.IsKind(SyntaxKind.RegionDirectiveTrivia))
                {
                    regions++;
                }
                else if (trivia.IsKind(SyntaxKind.EndRegionDirectiveTrivia) && --regions < 0)
                {
                    return false;
                }
            }

            return regions == 0;
        }

        private static System.Collections.Generic.IEnumerable<SyntaxTrivia> DirectivesIn(SyntaxNode root, int start, int end) =>
            end <= start
                ? Enumerable.Empty<SyntaxTrivia>()
                : root.DescendantTrivia(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(start, end), descendIntoTrivia: false)
                    .Where(t => t.IsDirective && t.SpanStart >= start && t.SpanStart < end);

        private static bool IsConditional(int kind) =>
            kind is (int)SyntaxKind.IfDirectiveTrivia or (int)SyntaxKind.ElifDirectiveTrivia or
                (int)SyntaxKind.ElseDirectiveTrivia or (int)SyntaxKind.EndIfDirectiveTrivia;
    }
}
