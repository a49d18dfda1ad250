using System.Threading.Tasks;
using MemRules.Analyzers.CodeFixes.Rules;
using MemRules.Analyzers.Rules;
using MemRules.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM005UnboundedCollectionAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM005BoundCollectionCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM005
{
    /// <summary>Where no eviction can certainly run before every growth call, no fix is offered.</summary>
    public class MEM005NoFixTests
    {
        [Fact]
        public async Task Growth_inside_a_condition_has_no_fix()
        {
            await Verify.VerifyNoCodeFixAsync("""
                using System.Collections.Generic;
                class C
                {
                    private readonly HashSet<int> [|_seen|] = new HashSet<int>();
                    public bool IsNew(int x)
                    {
                        if (_seen.Add(x)) return true;
                        return false;
                    }
                }
                """);
        }

        [Fact]
        public async Task One_unfixable_growth_call_blocks_the_fix_for_the_field()
        {
            await Verify.VerifyNoCodeFixAsync("""
                using System.Collections.Generic;
                class C
                {
                    private readonly List<int> [|_items|] = new List<int>();
                    public void Add(int x) => _items.Add(x);
                    // One eviction before AddRange does not bound the list: no fix rather than a false bound.
                    public void Many(int[] xs) => _items.AddRange(xs);
                }
                """);
        }

        [Fact]
        public async Task Conditional_access_method_groups_and_complex_receivers_have_no_fix()
        {
            await Verify.VerifyNoCodeFixAsync("""
                using System;
                using System.Collections.Generic;
                class C
                {
                    private List<int> [|_a|] = new List<int>();
                    private readonly List<int> [|_b|] = new List<int>();
                    private readonly Queue<int> [|_c|] = new Queue<int>();
                    public void A(int x) => _a?.Add(x);
                    public void B(IEnumerable<int> xs) { foreach (var x in xs) { Action<int> add = _b.Add; add(x); } }
                    public void D(int x) => Self()._c.Enqueue(x);
                    private C Self() => this;
                }
                """);
        }

        [Fact]
        public async Task Growth_from_another_type_has_no_fix()
        {
            // The constant would be private to C: Feeder could not name it. The diagnostic of an internal field
            // is reported at compilation end (non-local), which the framework's local-diagnostic check refuses
            // to hand to a fixer; the check is skipped because the point here is that no fix is offered.
            await new Verify.Test
            {
                TestCode = """
                    using System.Collections.Generic;
                    class C
                    {
                        internal readonly List<int> [|Items|] = new List<int>();
                    }
                    class Feeder
                    {
                        public void Feed(C c) => c.Items.Add(1);
                    }
                    """,
                EditorConfig = "memrules.MEM005.include_internal = true",
                ExpectNoFix = true,
                CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
            }.RunAsync();
        }

        [Fact]
        public async Task Growth_in_another_document_has_no_fix()
        {
            await new CSharpCodeFixVerifier<MEM005UnboundedCollectionAnalyzer, MEM005BoundCollectionCodeFix>.Test
            {
                TestCode = """
                    using System.Collections.Generic;
                    partial class C
                    {
                        private readonly List<int> [|_items|] = new List<int>();
                    }
                    """,
                TestState =
                {
                    Sources =
                    {
                        """
                        partial class C
                        {
                            public void Add(int x) => _items.Add(x);
                        }
                        """,
                    },
                },
                ExpectNoFix = true,
            }.RunAsync();
        }
    }
}
