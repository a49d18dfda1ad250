using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using MEM001 = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM001UndisposedLocalAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM001UsingDeclarationCodeFix>;
using MEM002 = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM002UndisposedFieldAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM002DisposeFieldCodeFix>;
using MEM003 = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM003CleanupOutsideFinallyAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM003ReleaseInFinallyCodeFix>;
using MEM005 = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM005UnboundedCollectionAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM005BoundCollectionCodeFix>;

namespace MemRules.Analyzers.Tests.Reliability
{
    /// <summary>
    /// <c>dotnet format</c> fixes a multi-targeted file once per target and merges the results: next to an
    /// <c>#if</c>/<c>#else</c> each target sees other statements, and a fix that moves, wraps or inserts
    /// statements there writes different text per target (conflict markers) or braces that some target does
    /// not compile. No such fix is offered.
    /// </summary>
    public class PreprocessorFixTests
    {
        [Fact]
        public async Task A_declaration_in_an_if_else_region_gets_no_using()
        {
            await MEM001.VerifyNoCodeFixAsync("""
                using System.IO;
                class C
                {
                    int M(string p)
                    {
                #if NEWER_TARGET
                        var s = new FileStream(p, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
                #else
                        var s = [|new FileStream(p, FileMode.Open)|];
                #endif
                        return s.ReadByte();
                    }
                }
                """, LanguageVersion.CSharp7_3);
        }

        [Fact]
        public async Task Statements_a_using_block_would_wrap_across_a_directive_get_no_fix()
        {
            await MEM001.VerifyNoCodeFixAsync("""
                using System.IO;
                class C
                {
                    int M(string p)
                    {
                        var s = [|new FileStream(p, FileMode.Open)|];
                        int first = s.ReadByte();
                #if TRACE_READS
                        System.Console.WriteLine(first);
                #endif
                        return first;
                    }
                }
                """, LanguageVersion.CSharp7_3);
        }

        [Fact]
        public async Task A_creation_used_in_place_next_to_a_directive_gets_no_fix()
        {
            await MEM001.VerifyNoCodeFixAsync("""
                using System.IO;
                class C
                {
                    long M(string p)
                    {
                #if NEWER_TARGET
                        return 0;
                #else
                        return [|new FileStream(p, FileMode.Open)|].Length;
                #endif
                    }
                }
                """);
        }

        [Fact]
        public async Task A_balanced_region_does_not_block_the_fix()
        {
            await MEM001.VerifyCodeFixAsync("""
                using System.IO;
                class C
                {
                    int M(string p)
                    {
                        #region read
                        var s = [|new FileStream(p, FileMode.Open)|];
                        return s.ReadByte();
                        #endregion
                    }
                }
                """, """
                using System.IO;
                class C
                {
                    int M(string p)
                    {
                        #region read
                        using var s = new FileStream(p, FileMode.Open);
                        return s.ReadByte();
                        #endregion
                    }
                }
                """);
        }

        [Fact]
        public async Task Statements_between_a_pair_around_a_directive_do_not_move_into_a_try()
        {
            await MEM003.VerifyNoCodeFixAsync("""
                using System.Threading;
                class C
                {
                    readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                    void M()
                    {
                        _gate.Wait();
                #if TRACE_GATE
                        Trace();
                #endif
                        Work();
                        [|_gate.Release()|];
                    }

                    static void Trace() { }
                    static void Work() { }
                }
                """);
        }

        [Fact]
        public async Task A_type_whose_members_vary_by_target_gets_no_new_Dispose()
        {
            await MEM002.VerifyNoCodeFixAsync("""
                using System.IO;

                public sealed class AuditTrail
                {
                    private readonly StreamWriter [|_log|] = new StreamWriter("audit.log");

                    public void Record(string entry) => _log.WriteLine(entry);
                #if NEWER_TARGET
                    public void Record(System.ReadOnlySpan<char> entry) => _log.WriteLine(entry.ToString());
                #endif
                }
                """);
        }

        [Fact]
        public async Task Growth_next_to_a_directive_gets_no_eviction()
        {
            await MEM005.VerifyNoCodeFixAsync("""
                using System.Collections.Generic;

                public sealed class ConversationHistory
                {
                    private readonly List<string> [|_history|] = new List<string>();

                    public void AddMessage(string message)
                    {
                #if TRIM_MESSAGES
                        _history.Add(message.Trim());
                #else
                        _history.Add(message);
                #endif
                    }

                    public int Turns => _history.Count;
                }
                """);
        }
    }
}
