using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace MemRules.Analyzers.Tests.Reliability
{
    /// <summary>Analyzers run concurrently in the IDE and in the compiler: same answers, no shared mutable state, prompt cancellation.</summary>
    public class ConcurrencyTests
    {
        private readonly ITestOutputHelper _output;

        public ConcurrencyTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public async Task The_same_compilation_analyzed_in_parallel_gives_identical_diagnostics()
        {
            var project = AllRules.CreateProject(TestInputs.Generated(3, 3_000).Concat(TestInputs.Sample));
            var compilation = (await project.GetCompilationAsync())!;
            var (sequential, crashes) = await AllRules.AnalyzeAsync(compilation, project.AnalyzerOptions, AllRules.Analyzers, concurrent: false, default);
            Assert.Empty(crashes);
            Assert.NotEmpty(sequential);
            var expected = AllRules.Describe(sequential);

            // The same analyzer instances, shared by every run, as the IDE shares them.
            for (int round = 0; round < 2; round++)
            {
                var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
                    AllRules.AnalyzeAsync(compilation, project.AnalyzerOptions, AllRules.Analyzers, concurrent: true, default))));
                foreach (var (diagnostics, runCrashes) in runs)
                {
                    Assert.Empty(runCrashes);
                    Assert.Equal(expected, AllRules.Describe(diagnostics));
                }
            }

            _output.WriteLine($"{sequential.Length} diagnostics, identical in 8 concurrent runs");
        }

        [Fact]
        public void Analyzers_and_fixes_hold_no_static_mutable_state()
        {
            var offenders = new List<string>();
            foreach (var assembly in new[] { AllRules.AnalyzerAssembly, AllRules.CodeFixAssembly })
            {
                foreach (var type in assembly.GetTypes())
                {
                    // Lambda caches of the compiler (<>c.<>9__0_0) are written once with the same delegate.
                    if (type.IsDefined(typeof(CompilerGeneratedAttribute), false))
                    {
                        continue;
                    }

                    foreach (var field in type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                    {
                        if (field.IsLiteral)
                        {
                            continue;
                        }

                        if (!field.IsInitOnly)
                        {
                            offenders.Add($"{type.FullName}.{field.Name} is static and writable");
                        }
                        else if (IsMutableCollection(field.FieldType) && !IsPerCompilation(field.FieldType))
                        {
                            offenders.Add($"{type.FullName}.{field.Name} is a static {field.FieldType.Name}: state that outlives a compilation");
                        }
                    }
                }
            }

            Assert.True(offenders.Count == 0, string.Join("\n", offenders));
        }

        /// <summary>
        /// A table keyed weakly by the compilation (what several analyzers of one driver share, like
        /// <c>CodeNodes</c>' walks) dies with its compilation: it cannot carry state from one to the next.
        /// </summary>
        private static bool IsPerCompilation(Type type) =>
            type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ConditionalWeakTable<,>) &&
            type.GetGenericArguments()[0] == typeof(Microsoft.CodeAnalysis.Compilation);

        private static bool IsMutableCollection(Type type)
        {
            var ns = type.Namespace ?? string.Empty;
            return ns == "System.Collections" || ns == "System.Collections.Generic" || ns == "System.Collections.Concurrent" ||
                   type.Name.StartsWith("ConditionalWeakTable", StringComparison.Ordinal) || type == typeof(System.Text.StringBuilder);
        }

        [Fact]
        public async Task Cancellation_stops_a_large_analysis_promptly()
        {
            var project = AllRules.CreateProject(TestInputs.Generated(4, 40_000));
            var compilation = (await project.GetCompilationAsync())!;
            using var cts = new CancellationTokenSource();
            var analysis = Task.Run(() => AllRules.AnalyzeAsync(compilation, project.AnalyzerOptions, AllRules.Analyzers, concurrent: true, cts.Token));
            await Task.Delay(300);
            Assert.False(analysis.IsCompleted, "the analysis ended before it was cancelled: make the input larger");
            var sw = Stopwatch.StartNew();
            cts.Cancel();
            var ended = await Task.WhenAny(analysis, Task.Delay(TimeSpan.FromSeconds(10)));
            var elapsed = sw.Elapsed;
            Assert.Same(analysis, ended);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => analysis);
            _output.WriteLine($"stopped {elapsed.TotalMilliseconds:F0} ms after cancellation");
            // Generous for a shared 2-core machine; the analysis itself takes several seconds.
            Assert.True(elapsed < TimeSpan.FromSeconds(2), $"the analysis went on for {elapsed.TotalMilliseconds:F0} ms after cancellation");
        }
    }
}
