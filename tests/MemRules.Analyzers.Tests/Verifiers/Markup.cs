using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace MemRules.Analyzers.Tests.Verifiers
{
    /// <summary>An expected diagnostic from markup: an ID (null for the analyzer's default) and a span.</summary>
    public sealed record ExpectedSpan(string? Id, TextSpan Span);

    /// <summary>
    /// Parses the markup of Microsoft.CodeAnalysis.Testing: <c>[|text|]</c> marks a diagnostic of the
    /// default ID, <c>{|MEM001:text|}</c> one of a given ID. Spans may nest.
    /// </summary>
    public static class Markup
    {
        public static (string Code, List<ExpectedSpan> Spans) Parse(string markup)
        {
            var code = new StringBuilder(markup.Length);
            var spans = new List<ExpectedSpan>();
            var open = new Stack<(string? Id, int Start)>();
            int i = 0;
            while (i < markup.Length)
            {
                if (At(markup, i, "[|"))
                {
                    open.Push((null, code.Length));
                    i += 2;
                }
                else if (At(markup, i, "{|") && TryReadId(markup, i + 2, out var id, out var next))
                {
                    open.Push((id, code.Length));
                    i = next;
                }
                else if (At(markup, i, "|]") || At(markup, i, "|}"))
                {
                    if (open.Count == 0)
                    {
                        throw new FormatException($"Markup closes a span that was never opened at offset {i}.");
                    }

                    var (spanId, start) = open.Pop();
                    bool closesDefault = markup[i + 1] == ']';
                    if (closesDefault != (spanId == null))
                    {
                        throw new FormatException($"Markup at offset {i} closes a span of the other kind.");
                    }

                    spans.Add(new ExpectedSpan(spanId, TextSpan.FromBounds(start, code.Length)));
                    i += 2;
                }
                else
                {
                    code.Append(markup[i]);
                    i++;
                }
            }

            if (open.Count != 0)
            {
                throw new FormatException("Markup opens a span that is never closed.");
            }

            spans.Sort((a, b) => a.Span.Start != b.Span.Start ? a.Span.Start.CompareTo(b.Span.Start) : a.Span.End.CompareTo(b.Span.End));
            return (code.ToString(), spans);
        }

        private static bool At(string text, int index, string token) =>
            string.CompareOrdinal(text, index, token, 0, token.Length) == 0;

        // {|ID: with an ID of letters and digits, so that C# such as `{|` in code is not mistaken.
        private static bool TryReadId(string text, int start, out string id, out int next)
        {
            int end = start;
            while (end < text.Length && char.IsLetterOrDigit(text[end]))
            {
                end++;
            }

            if (end > start && end < text.Length && text[end] == ':')
            {
                id = text.Substring(start, end - start);
                next = end + 1;
                return true;
            }

            id = string.Empty;
            next = start;
            return false;
        }
    }
}
