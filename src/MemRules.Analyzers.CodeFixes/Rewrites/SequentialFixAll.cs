using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MemRules.Analyzers.CodeFixes.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace MemRules.Analyzers.CodeFixes.Rewrites
{
    /// <summary>
    /// Fix-all for rewrites that move statements into new blocks, where the batch fixer's merged text
    /// changes would overlap: each diagnostic's target node is annotated first, then rewritten one at a
    /// time, last first, on the current document.
    /// </summary>
    internal static class SequentialFixAll
    {
        public static FixAllProvider Create(
            Func<SyntaxNode, Diagnostic, SyntaxNode?> findTarget,
            Func<Document, SyntaxNode, CancellationToken, Task<Document?>> rewrite) =>
            Create(findTarget, (_, _) => Array.Empty<SyntaxNode>(), (document, node, _, cancellationToken) => rewrite(document, node, cancellationToken));

        /// <summary>
        /// As above, for a rewrite that also needs other nodes a diagnostic names (<paramref name="findCompanions"/>,
        /// e.g. the throws that leak a resource): they are annotated with the target and found again after the
        /// rewrites before it, wherever those moved them.
        /// </summary>
        public static FixAllProvider Create(
            Func<SyntaxNode, Diagnostic, SyntaxNode?> findTarget,
            Func<SyntaxNode, Diagnostic, IEnumerable<SyntaxNode>> findCompanions,
            Func<Document, SyntaxNode, IReadOnlyList<SyntaxNode>, CancellationToken, Task<Document?>> rewrite) =>
            LineEndings.CreateFixAll(async (context, document, diagnostics) =>
            {
                var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
                if (root == null)
                {
                    return document;
                }

                var targets = new Dictionary<SyntaxNode, (SyntaxAnnotation Target, SyntaxAnnotation Companions)>();
                var companions = new Dictionary<SyntaxNode, List<SyntaxAnnotation>>();
                foreach (var diagnostic in diagnostics)
                {
                    var target = findTarget(root, diagnostic);
                    if (target == null || targets.ContainsKey(target))
                    {
                        continue;
                    }

                    var annotations = (new SyntaxAnnotation(), new SyntaxAnnotation());
                    targets.Add(target, annotations);
                    foreach (var companion in findCompanions(root, diagnostic))
                    {
                        if (!companions.TryGetValue(companion, out var list))
                        {
                            companions.Add(companion, list = new List<SyntaxAnnotation>());
                        }

                        list.Add(annotations.Item2);
                    }
                }

                var ordered = targets.OrderByDescending(t => t.Key.SpanStart).Select(t => t.Value).ToImmutableArray();
                root = root.ReplaceNodes(targets.Keys.Concat(companions.Keys).Distinct(), (original, current) =>
                {
                    var annotated = targets.TryGetValue(original, out var own) ? current.WithAdditionalAnnotations(own.Target) : current;
                    return companions.TryGetValue(original, out var groups) ? annotated.WithAdditionalAnnotations(groups) : annotated;
                });
                document = document.WithSyntaxRoot(root);
                foreach (var (target, group) in ordered)
                {
                    root = (await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false))!;
                    var node = root.GetAnnotatedNodes(target).FirstOrDefault();
                    if (node == null)
                    {
                        continue;
                    }

                    var found = root.GetAnnotatedNodes(group).ToList();
                    document = await rewrite(document, node, found, context.CancellationToken).ConfigureAwait(false) ?? document;
                }

                return document;
            });
    }
}
