using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>
    /// The nodes of a tree that the rules look for in syntax — object creations, calls, throws, try statements,
    /// <c>+=</c> and <c>-=</c>, local functions — in document order, from one walk of the tree per compilation. MEM001,
    /// MEM003 (its resources and its pairs) and MEM004 pick their candidates from it, and MEM006 each type's
    /// subscription sites; each used to walk every tree (MEM006 every type) itself, and on NLog a sampled profile put
    /// 30% of MemRules' own time in those walks. The analyzers are separate, so the walk is kept by compilation (the
    /// one every analyzer of a driver sees) and by tree; the first rule to ask walks, any other asking meanwhile waits.
    /// </summary>
    internal static class CodeNodes
    {
        private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<SyntaxTree, Slot>> Compilations =
            new ConditionalWeakTable<Compilation, ConcurrentDictionary<SyntaxTree, Slot>>();

        /// <summary>Whether <paramref name="node"/> is one of the kinds kept: only those are offered to <see cref="CodeBlocks.Group"/>'s predicates and MEM006's sites.</summary>
        public static bool IsKept(SyntaxNode node)
        {
            switch ((SyntaxKind)node.RawKind)
            {
                case SyntaxKind.ObjectCreationExpression:
                case SyntaxKind.ImplicitObjectCreationExpression:
                case SyntaxKind.InvocationExpression:
                case SyntaxKind.ThrowStatement:
                case SyntaxKind.ThrowExpression:
                case SyntaxKind.TryStatement:
                case SyntaxKind.AddAssignmentExpression:
                case SyntaxKind.SubtractAssignmentExpression:
                case SyntaxKind.LocalFunctionStatement:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>The kept nodes of the model's tree, in the order <see cref="SyntaxNode.DescendantNodes(System.Func{SyntaxNode, bool}?, bool)"/> gives them.</summary>
        public static IReadOnlyList<SyntaxNode> Of(SemanticModel model, CancellationToken cancellationToken) =>
            Of(model.Compilation, model.SyntaxTree, cancellationToken);

        public static IReadOnlyList<SyntaxNode> Of(Compilation compilation, SyntaxTree tree, CancellationToken cancellationToken)
        {
            var trees = Compilations.GetValue(compilation, _ => new ConcurrentDictionary<SyntaxTree, Slot>());
            var slot = trees.GetOrAdd(tree, _ => new Slot());
            lock (slot)
            {
                // A walk cancelled part way leaves nothing behind: the next rule to ask walks again.
                return slot.Nodes ??= Collect(tree.GetRoot(cancellationToken), cancellationToken);
            }
        }

        /// <summary>
        /// The kept nodes of one declaration of a type (a type declaration, or the compilation unit of top-level
        /// statements), those of its nested types left out (each is a type of its own):
        /// what <c>declaration.DescendantNodes(n => n == declaration || n is not BaseTypeDeclarationSyntax)</c> gives
        /// of the kept kinds, in the same order, found in the tree's list instead of by walking the declaration.
        /// </summary>
        public static IEnumerable<SyntaxNode> InType(Compilation compilation, SyntaxNode declaration, CancellationToken cancellationToken)
        {
            var nodes = Of(compilation, declaration.SyntaxTree, cancellationToken);
            var span = declaration.Span;
            // The top-level statements' type is declared by the compilation unit: its nodes are those outside any type.
            // (The list holds the tree's nodes, so the tree hands out that same root, and the declaration, to every caller.)
            var type = declaration as BaseTypeDeclarationSyntax;
            for (var i = FirstAtOrAfter(nodes, span.Start); i < nodes.Count && nodes[i].SpanStart < span.End; i++)
            {
                var node = nodes[i];
                if (node.FirstAncestorOrSelf<BaseTypeDeclarationSyntax>(ascendOutOfTrivia: false) == type)
                {
                    yield return node;
                }
            }
        }

        /// <summary>The index of the first node starting at or after <paramref name="position"/> (the list is in document order).</summary>
        private static int FirstAtOrAfter(IReadOnlyList<SyntaxNode> nodes, int position)
        {
            int low = 0, high = nodes.Count;
            while (low < high)
            {
                var middle = low + ((high - low) / 2);
                if (nodes[middle].SpanStart < position)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return low;
        }

        private static List<SyntaxNode> Collect(SyntaxNode root, CancellationToken cancellationToken)
        {
            var kept = new List<SyntaxNode>();
            var seen = 0;
            foreach (var node in root.DescendantNodes())
            {
                if ((++seen & 1023) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (IsKept(node))
                {
                    kept.Add(node);
                }
            }

            return kept;
        }

        private sealed class Slot
        {
            public List<SyntaxNode>? Nodes;
        }
    }
}
