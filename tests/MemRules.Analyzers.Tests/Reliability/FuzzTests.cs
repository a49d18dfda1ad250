using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;
using Xunit;
using Xunit.Abstractions;

namespace MemRules.Analyzers.Tests.Reliability
{
    /// <summary>
    /// Half-typed code must never crash an analyzer or a fix. Mutates the test inputs (truncation, deleted
    /// and duplicated lines, swapped tokens, removed braces and keywords), runs every analyzer and computes
    /// every offered fix and fix-all on each mutated document. CI runs a few hundred documents;
    /// <c>MEMRULES_FUZZ_DOCUMENTS=10000</c> runs more (docs/reliability.md), <c>MEMRULES_FUZZ_SEED</c> picks the seed.
    /// </summary>
    public class FuzzTests
    {
        private static readonly string[] Keywords =
        {
            "using", "await", "return", "new", "try", "finally", "catch", "var", "static", "readonly", "void", "public",
            "private", "async", "if", "else", "foreach", "in", "class", "Dispose", "=>", "=", ";", "(", ")", ",", ".", "+=", "-=",
        };

        private readonly ITestOutputHelper _output;

        public FuzzTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public async Task Mutated_documents_crash_no_analyzer_and_no_fix()
        {
            int documents = EnvInt("MEMRULES_FUZZ_DOCUMENTS", 300);
            int seed = EnvInt("MEMRULES_FUZZ_SEED", 20261121);
            var random = new Random(seed);
            var inputs = TestInputs.FromRuleTests
                .Concat(TestInputs.Sample)
                .Concat(TestInputs.Generated(seed, 2_000))
                .ToList();
            Assert.NotEmpty(inputs);

            var empty = AllRules.CreateProject(Array.Empty<(string, string)>());
            int diagnostics = 0, actions = 0, fixAlls = 0;
            var crashes = new List<string>();
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < documents; i++)
            {
                var (name, original) = inputs[random.Next(inputs.Count)];
                var (mutation, code) = Mutate(random, original);
                var document = empty.AddDocument($"Fuzz{i}.cs", SourceText.From(code, Encoding.UTF8), filePath: $"/0/Fuzz{i}.cs");
                void Crash(string what, object error) => crashes.Add($"{what} on {name} after {mutation} (seed {seed}, document {i}): {error}\n--- input\n{code}\n---");

                try
                {
                    var (found, analyzerCrashes) = await AllRules.AnalyzeAsync(document.Project);
                    analyzerCrashes.ForEach(c => Crash("analyzer", c));
                    diagnostics += found.Length;
                    var keys = new HashSet<(CodeFixProvider, string?)>();
                    foreach (var diagnostic in found)
                    {
                        foreach (var fixer in AllRules.FixersFor(diagnostic.Id))
                        {
                            foreach (var action in await AllRules.GetActionsAsync(document, fixer, diagnostic))
                            {
                                await AllRules.ApplyAsync(action);
                                actions++;
                                keys.Add((fixer, action.EquivalenceKey));
                            }
                        }
                    }

                    foreach (var (fixer, key) in keys)
                    {
                        var fixAll = await AllRules.GetFixAllAsync(document, fixer, key, FixAllScope.Document, found);
                        if (fixAll != null)
                        {
                            await AllRules.ApplyAsync(fixAll);
                            fixAlls++;
                        }
                    }
                }
                catch (Exception ex)
                {
                    Crash("fix", ex);
                }
            }

            _output.WriteLine($"fuzz: seed {seed}, {inputs.Count} inputs, {documents} documents, {diagnostics} diagnostics, {actions} fixes computed, {fixAlls} fix-alls computed, {crashes.Count} crashes, {sw.Elapsed.TotalSeconds:F1} s");
            Assert.True(crashes.Count == 0, $"{crashes.Count} crashes; the first:\n{string.Join("\n\n", crashes.Take(3))}");
        }

        [Fact]
        public void Mutations_are_deterministic_for_a_seed()
        {
            var input = TestInputs.Sample[0].Code;
            Assert.Equal(Mutate(new Random(7), input), Mutate(new Random(7), input));
        }

        /// <summary>One to three mutations; returns a description and the mutated code.</summary>
        internal static (string Mutation, string Code) Mutate(Random random, string code)
        {
            var done = new List<string>();
            int count = 1 + random.Next(3);
            for (int m = 0; m < count && code.Length > 0; m++)
            {
                var lines = code.Split('\n').ToList();
                switch (random.Next(7))
                {
                    case 0:
                        int cut = random.Next(code.Length);
                        code = code.Substring(0, cut);
                        done.Add($"truncate at {cut}");
                        break;
                    case 1:
                        int line = random.Next(lines.Count);
                        int length = 1 + random.Next(Math.Min(5, lines.Count - line));
                        lines.RemoveRange(line, length);
                        code = string.Join("\n", lines);
                        done.Add($"delete lines {line + 1}-{line + length}");
                        break;
                    case 2:
                        int dup = random.Next(lines.Count);
                        lines.Insert(dup, lines[dup]);
                        code = string.Join("\n", lines);
                        done.Add($"duplicate line {dup + 1}");
                        break;
                    case 3:
                        code = SwapTokens(random, code, done);
                        break;
                    case 4:
                        code = RemoveOne(random, code, random.Next(2) == 0 ? "{" : "}", done);
                        break;
                    case 5:
                        code = RemoveOne(random, code, Keywords[random.Next(Keywords.Length)], done);
                        break;
                    default:
                        // Half-typed: cut a line in the middle, as while typing.
                        int at = random.Next(lines.Count);
                        lines[at] = lines[at].Substring(0, random.Next(lines[at].Length + 1));
                        code = string.Join("\n", lines);
                        done.Add($"cut line {at + 1}");
                        break;
                }
            }

            return (string.Join(", ", done), code);
        }

        private static string SwapTokens(Random random, string code, List<string> done)
        {
            var tokens = Microsoft.CodeAnalysis.CSharp.SyntaxFactory.ParseTokens(code).Where(t => t.Span.Length > 0).ToList();
            if (tokens.Count < 2)
            {
                return code;
            }

            var a = tokens[random.Next(tokens.Count)];
            var b = tokens[random.Next(tokens.Count)];
            if (a.SpanStart > b.SpanStart)
            {
                (a, b) = (b, a);
            }

            if (a.Span.End > b.SpanStart)
            {
                return code;
            }

            done.Add($"swap '{a.Text}' and '{b.Text}'");
            return code.Substring(0, a.SpanStart) + b.Text + code.Substring(a.Span.End, b.SpanStart - a.Span.End) + a.Text + code.Substring(b.Span.End);
        }

        private static string RemoveOne(Random random, string code, string what, List<string> done)
        {
            var positions = new List<int>();
            for (int i = code.IndexOf(what, StringComparison.Ordinal); i >= 0; i = code.IndexOf(what, i + 1, StringComparison.Ordinal))
            {
                positions.Add(i);
            }

            if (positions.Count == 0)
            {
                return code;
            }

            int at = positions[random.Next(positions.Count)];
            done.Add($"remove '{what}' at {at}");
            return code.Remove(at, what.Length);
        }

        private static int EnvInt(string name, int defaultValue) =>
            int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : defaultValue;
    }
}
