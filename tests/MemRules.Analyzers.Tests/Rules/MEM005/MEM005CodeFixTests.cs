using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Verify = MemRules.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MemRules.Analyzers.Rules.MEM005UnboundedCollectionAnalyzer,
    MemRules.Analyzers.CodeFixes.Rules.MEM005BoundCollectionCodeFix>;

namespace MemRules.Analyzers.Tests.Rules.MEM005
{
    public class MEM005CodeFixTests
    {
        [Fact]
        public async Task Expression_bodied_list_growth_becomes_a_block_with_oldest_first_eviction()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Collections.Generic;

                public sealed class ConversationHistory
                {
                    private readonly List<string> [|_history|] = new List<string>();

                    public void AddMessage(string message) => _history.Add(message);

                    public int Turns => _history.Count;
                }
                """, """
                using System.Collections.Generic;

                public sealed class ConversationHistory
                {
                    private const int MaxHistoryCount = 1000;
                    private readonly List<string> _history = new List<string>();

                    public void AddMessage(string message)
                    {
                        if (_history.Count >= MaxHistoryCount)
                        {
                            _history.RemoveAt(0);
                        }

                        _history.Add(message);
                    }

                    public int Turns => _history.Count;
                }
                """);
        }
    }
}
