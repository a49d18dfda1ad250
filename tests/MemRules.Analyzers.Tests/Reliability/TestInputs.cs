using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using MemRules.Benchmarks;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace MemRules.Analyzers.Tests.Reliability
{
    /// <summary>
    /// The C# the reliability tests feed the rules: every raw-string source in the rule tests (read from
    /// the repository, markup stripped), the bundled sample and generated code bases.
    /// </summary>
    public static class TestInputs
    {
        // A multi-line raw string: optional $ prefixes, three or more quotes, content, the closing quotes on their own line.
        private static readonly Regex RawString = new Regex(
            "(?<dollars>\\$*)(?<quotes>\"{3,})[ \\t]*\\r?\\n(?<body>.*?)\\r?\\n(?<indent>[ \\t]*)\\k<quotes>",
            RegexOptions.Singleline | RegexOptions.Compiled);

        private static readonly Regex MarkupTokens = new Regex("\\[\\||\\|\\]|\\{\\|[A-Za-z0-9#]+:|\\|\\}", RegexOptions.Compiled);

        private static readonly Lazy<IReadOnlyList<(string Name, string Code)>> RuleTestSources = new(LoadRuleTestSources);

        /// <summary>Sources from tests/MemRules.Analyzers.Tests/Rules/**/*.cs, named by file and position.</summary>
        public static IReadOnlyList<(string Name, string Code)> FromRuleTests => RuleTestSources.Value;

        public static IReadOnlyList<(string Name, string Code)> Sample { get; } =
            Directory.GetFiles(RepositoryPaths.Combine("tests", "Sample"), "*.cs")
                .OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => (Path.GetFileName(f), File.ReadAllText(f)))
                .ToList();

        public static IReadOnlyList<(string Name, string Code)> Generated(int seed, int lines) =>
            CodeBaseGenerator.Generate(seed, lines).Files;

        private static IReadOnlyList<(string Name, string Code)> LoadRuleTestSources()
        {
            var result = new List<(string, string)>();
            var root = RepositoryPaths.Combine("tests", "MemRules.Analyzers.Tests", "Rules");
            foreach (var file in Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
            {
                var text = File.ReadAllText(file);
                int n = 0;
                foreach (Match m in RawString.Matches(text))
                {
                    var code = StripMarkup(Dedent(m.Groups["body"].Value, m.Groups["indent"].Value.Length));
                    // Editor configs and messages are raw strings too: keep what looks like C#.
                    if (code.Contains('{') && (code.Contains("class ") || code.Contains("struct ") || code.Contains("record ") || code.Contains("interface ")))
                    {
                        result.Add(($"{Path.GetFileNameWithoutExtension(file)}#{n}.cs", code));
                    }

                    n++;
                }
            }

            return result;
        }

        private static string Dedent(string body, int indent)
        {
            var lines = body.Replace("\r\n", "\n").Split('\n');
            return string.Join("\n", lines.Select(l => l.Length >= indent && l.Take(indent).All(char.IsWhiteSpace) ? l.Substring(indent) : l.TrimStart())) + "\n";
        }

        private static string StripMarkup(string code)
        {
            try
            {
                TestFileMarkupParser.GetSpans(code, out var output, out ImmutableDictionary<string, ImmutableArray<TextSpan>> _);
                return output;
            }
            catch (ArgumentException)
            {
                return MarkupTokens.Replace(code, string.Empty);
            }
        }
    }
}
