using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Text;

namespace MemRules.Analyzers.CodeFixes.Shared
{
    /// <summary>
    /// Every fix's document passes through here, so that the code a fix writes uses the line ending of
    /// the document it changes. Fixes build code with <c>SyntaxFactory</c> (CRLF), parse strings written with
    /// "\n" and let the formatter insert its own new line; rather than mend each, the line breaks inside
    /// every changed span are rewritten to the line ending of the original text (its first line break).
    /// Text outside the changed spans keeps its line endings exactly. The result is plain text, formatted
    /// already, so that the code action's cleanup has nothing left to format with its own new line.
    /// </summary>
    internal static class LineEndings
    {
        /// <summary>A code action whose document keeps the line endings of <paramref name="document"/>.</summary>
        public static CodeAction CreateAction(string title, Document document, Func<CancellationToken, Task<Document>> fix, string equivalenceKey) =>
            CodeAction.Create(
                title,
                async cancellationToken => await KeepAsync(document, await fix(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false),
                equivalenceKey);

        /// <summary>A fix-all provider (document, project and solution scope) whose documents keep their line endings.</summary>
        public static FixAllProvider CreateFixAll(Func<FixAllContext, Document, ImmutableArray<Diagnostic>, Task<Document?>> fixDocument) =>
            FixAllProvider.Create(async (context, document, diagnostics) =>
                await fixDocument(context, document, diagnostics).ConfigureAwait(false) is { } fixedDocument
                    ? await KeepAsync(document, fixedDocument, context.CancellationToken).ConfigureAwait(false)
                    : null);

        /// <summary><paramref name="changed"/> with the line breaks of its changes made those of <paramref name="original"/>.</summary>
        public static async Task<Document> KeepAsync(Document original, Document changed, CancellationToken cancellationToken)
        {
            if (changed == original)
            {
                return changed;
            }

            // What a code action's cleanup would format later (annotated nodes, elastic trivia), with the
            // formatter's own new line, is formatted here, so that its line breaks are rewritten too.
            changed = await Formatter.FormatAsync(changed, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            changed = await Formatter.FormatAsync(changed, SyntaxAnnotation.ElasticAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);

            var text = await original.GetTextAsync(cancellationToken).ConfigureAwait(false);
            var newLine = FirstLineBreak(text.ToString());
            if (newLine == null)
            {
                return changed;
            }

            var changes = new List<TextChange>();
            bool rewritten = false;
            foreach (var change in await changed.GetTextChangesAsync(original, cancellationToken).ConfigureAwait(false))
            {
                var (span, inserted) = WholeLineBreaks(text, change.Span, change.NewText ?? string.Empty);
                var normalized = Normalize(inserted, newLine);
                rewritten |= normalized != inserted || span != change.Span;
                changes.Add(new TextChange(span, normalized));
            }

            return rewritten ? changed.WithText(text.WithChanges(changes)) : changed;
        }

        private static string? FirstLineBreak(string text)
        {
            int at = text.IndexOfAny(new[] { '\r', '\n' });
            return at < 0 ? null
                : text[at] == '\n' ? "\n"
                : at + 1 < text.Length && text[at + 1] == '\n' ? "\r\n"
                : "\r";
        }

        // A change that starts or ends between the '\r' and the '\n' of a CRLF takes in the whole pair,
        // so that the line break it leaves is one that Normalize sees.
        private static (TextSpan Span, string NewText) WholeLineBreaks(SourceText text, TextSpan span, string newText)
        {
            int start = span.Start, end = span.End;
            if (start > 0 && text[start - 1] == '\r' && ((start < text.Length && text[start] == '\n') || newText.StartsWith("\n", StringComparison.Ordinal)))
            {
                start--;
                newText = "\r" + newText;
            }

            if (end < text.Length && text[end] == '\n' && ((end > 0 && text[end - 1] == '\r') || newText.EndsWith("\r", StringComparison.Ordinal)))
            {
                end++;
                newText += "\n";
            }

            return (TextSpan.FromBounds(start, end), newText);
        }

        private static string Normalize(string text, string newLine)
        {
            if (text.IndexOfAny(new[] { '\r', '\n' }) < 0)
            {
                return text;
            }

            var result = new StringBuilder(text.Length);
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == '\r' || text[i] == '\n')
                {
                    if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    result.Append(newLine);
                }
                else
                {
                    result.Append(text[i]);
                }
            }

            return result.ToString();
        }
    }
}
