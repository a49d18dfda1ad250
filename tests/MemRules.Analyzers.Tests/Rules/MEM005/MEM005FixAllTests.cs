using System.Threading.Tasks;
using MemRules.Analyzers.CodeFixes.Rules;
using MemRules.Analyzers.Rules;
using MemRules.Analyzers.Tests.Verifiers;
using Xunit;

namespace MemRules.Analyzers.Tests.Rules.MEM005
{
    /// <summary>Fix-all (document and project scope, checked by the verifier) gives one constant per field.</summary>
    public class MEM005FixAllTests
    {
        [Fact]
        public async Task Fields_sharing_a_declaration_and_growth_calls_sharing_a_method_get_one_constant_each()
        {
            await new CSharpCodeFixVerifier<MEM005UnboundedCollectionAnalyzer, MEM005BoundCollectionCodeFix>.Test
            {
                TestCode = """
                    using System.Collections.Generic;

                    class Recorder
                    {
                        private readonly List<int> [|_a|] = new List<int>(), [|_b|] = new List<int>();

                        public void Record(int x)
                        {
                            _a.Add(x);
                            _a.Add(-x);
                        }

                        public void Again(int x) => _b.Insert(0, x);

                        private sealed class Inner
                        {
                            private readonly Queue<int> [|_pending|] = new Queue<int>();

                            public void Post(int x)
                            {
                                _pending.Enqueue(x);
                            }
                        }
                    }
                    """,
                FixedCode = """
                    using System.Collections.Generic;

                    class Recorder
                    {
                        private const int MaxACount = 1000;
                        private const int MaxBCount = 1000;
                        private readonly List<int> _a = new List<int>(), _b = new List<int>();

                        public void Record(int x)
                        {
                            if (_a.Count >= MaxACount)
                            {
                                _a.RemoveAt(0);
                            }

                            _a.Add(x);
                            if (_a.Count >= MaxACount)
                            {
                                _a.RemoveAt(0);
                            }

                            _a.Add(-x);
                        }

                        public void Again(int x)
                        {
                            if (_b.Count >= MaxBCount)
                            {
                                _b.RemoveAt(0);
                            }

                            _b.Insert(0, x);
                        }

                        private sealed class Inner
                        {
                            private const int MaxPendingCount = 1000;
                            private readonly Queue<int> _pending = new Queue<int>();

                            public void Post(int x)
                            {
                                if (_pending.Count >= MaxPendingCount)
                                {
                                    _pending.Dequeue();
                                }

                                _pending.Enqueue(x);
                            }
                        }
                    }
                    """,
                NumberOfIncrementalIterations = 3,
            }.RunAsync();
        }
    }
}
