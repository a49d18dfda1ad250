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
            LineEndings.CreateFixAll(async (context, document, diagnostics) =>
            {
                var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
                if (root == null)
                {
                    return document;
                }

                var targets = new Dictionary<SyntaxNode, SyntaxAnnotation>();
                foreach (var diagnostic in diagnostics)
                {
                    var target = findTarget(root, diagnostic);
                    if (target != null && !targets.ContainsKey(target))
                    {
                        targets.Add(target, new SyntaxAnnotation());
                    }
                }

                var ordered = targets.OrderByDescending(t => t.Key.SpanStart).Select(t => t.Value).ToImmutableArray();
                root = root.ReplaceNodes(targets.Keys, (original, current) => current.WithAdditionalAnnotations(targets[original]));
                document = document.WithSyntaxRoot(root);
                foreach (var annotation in ordered)
                {
                    root = (await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false))!;
                    var node = root.GetAnnotatedNodes(annotation).FirstOrDefault();
                    if (node == null)
                    {
                        continue;
                    }

                    document = await rewrite(document, node, context.CancellationToken).ConfigureAwait(false) ?? document;
                }

                return document;
            });
    }
}
