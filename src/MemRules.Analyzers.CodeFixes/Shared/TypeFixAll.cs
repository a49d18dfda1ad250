using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MemRules.Analyzers.CodeFixes.Shared
{
    /// <summary>
    /// Fix-all for fixes that edit a type's disposal: every diagnostic of a document is handed to one
    /// document-level fix at once, which groups them by type so that each type gets one coherent Dispose.
    /// </summary>
    internal static class TypeFixAll
    {
        public static FixAllProvider Create(Func<Document, ImmutableArray<Diagnostic>, CancellationToken, Task<Document>> fixDocument) =>
            LineEndings.CreateFixAll(async (context, document, diagnostics) =>
                diagnostics.IsEmpty ? document : await fixDocument(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

        /// <summary>Groups the diagnostics by the type declaration that contains them, in document order.</summary>
        public static List<(TypeDeclarationSyntax Declaration, List<Diagnostic> Diagnostics)> ByType(SyntaxNode root, IEnumerable<Diagnostic> diagnostics)
        {
            var groups = new List<(TypeDeclarationSyntax, List<Diagnostic>)>();
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
            {
                var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                var declaration = node.FirstAncestorOrSelf<TypeDeclarationSyntax>();
                if (declaration == null)
                {
                    continue;
                }

                var index = groups.FindIndex(g => g.Item1 == declaration);
                if (index < 0)
                {
                    groups.Add((declaration, new List<Diagnostic> { diagnostic }));
                }
                else
                {
                    groups[index].Item2.Add(diagnostic);
                }
            }

            return groups;
        }
    }
}
