using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;

namespace MemRules.Analyzers.Tests.Reliability
{
    /// <summary>Malformed .editorconfig values never throw and fall back to the documented defaults (docs/configuration.md).</summary>
    public class OptionsTests
    {
        private static IEnumerable<(string, string)> Sources() => TestInputs.Sample.Concat(TestInputs.Generated(5, 1_000));

        public static TheoryData<string> MalformedLikeDefault => new TheoryData<string>
        {
            "memrules.owned_factory_methods = ;;;",
            "memrules.owned_factory_methods = M: T: ,,, ;",
            "memrules.argument_transfers_ownership = maybe",
            "memrules.argument_transfers_ownership = ",
            "memrules.MEM001.argument_transfers_ownership = 42",
            "memrules.MEM005.include_internal = yes",
            "memrules.MEM005.default_capacity = -5",
            "memrules.MEM005.default_capacity = 0",
            "memrules.MEM005.default_capacity = 99999999999999999999",
            "memrules.MEM005.default_capacity = ten",
            "memrules.MEM005.default_capacity = 1e3",
            "memrules.unknown_option = 1",
            "memrules.MEM999.excluded_types = System.IO.FileStream",
            "memrules. = x",
            "memrules.MEM001. = ;",
            "dotnet_diagnostic.MEM001.severity = banana",
        };

        [Theory]
        [MemberData(nameof(MalformedLikeDefault))]
        public async Task Malformed_values_fall_back_to_the_defaults(string line)
        {
            var defaults = AllRules.CreateProject(Sources());
            var (expected, crashes) = await AllRules.AnalyzeAsync(defaults);
            Assert.Empty(crashes);
            var project = AllRules.CreateProject(Sources(), editorConfig: line);
            var (actual, optionCrashes) = await AllRules.AnalyzeAsync(project);
            Assert.Empty(optionCrashes);
            Assert.Equal(AllRules.Describe(expected), AllRules.Describe(actual));
            await AssertFixesEqualAsync(defaults, expected, project, actual);
        }

        /// <summary>
        /// A list with no entries is an empty list (docs/configuration.md: empty entries are ignored and the
        /// value replaces the default list), whatever separators it has.
        /// </summary>
        [Theory]
        [InlineData("memrules.excluded_types = ;;;")]
        [InlineData("memrules.excluded_types = , ; \t ,")]
        public async Task An_excluded_types_list_of_separators_is_an_empty_list(string line)
        {
            var (expected, crashes) = await AllRules.AnalyzeAsync(AllRules.CreateProject(Sources(), editorConfig: "memrules.excluded_types = ,"));
            Assert.Empty(crashes);
            var (actual, optionCrashes) = await AllRules.AnalyzeAsync(AllRules.CreateProject(Sources(), editorConfig: line));
            Assert.Empty(optionCrashes);
            Assert.Equal(AllRules.Describe(expected), AllRules.Describe(actual));
        }

        [Theory]
        [InlineData("memrules.excluded_types = \u0000\u00ff<>[]{}::..")]
        [InlineData("memrules.excluded_types = T:System.IO.FileStream`1, M:, T:")]
        [InlineData("memrules.owned_factory_methods = System..Open, .Create, Open.")]
        public async Task Garbage_lists_never_throw(string line)
        {
            var (_, crashes) = await AllRules.AnalyzeAsync(AllRules.CreateProject(Sources(), editorConfig: line));
            Assert.Empty(crashes);
        }

        /// <summary>A fix that reads an option (the MEM005 capacity) writes the default when the value is malformed.</summary>
        private static async Task AssertFixesEqualAsync(Project expectedProject, IReadOnlyList<Diagnostic> expected, Project actualProject, IReadOnlyList<Diagnostic> actual)
        {
            for (int i = 0; i < expected.Count; i++)
            {
                foreach (var fixer in AllRules.FixersFor(expected[i].Id))
                {
                    var want = await AllRules.GetActionsAsync(expectedProject.GetDocument(expected[i].Location.SourceTree)!, fixer, expected[i]);
                    var got = await AllRules.GetActionsAsync(actualProject.GetDocument(actual[i].Location.SourceTree)!, fixer, actual[i]);
                    Assert.Equal(want.Select(a => a.Title), got.Select(a => a.Title));
                    for (int j = 0; j < want.Count; j++)
                    {
                        var wantText = await (await AllRules.ApplyAsync(want[j]))!.GetDocument(expectedProject.GetDocument(expected[i].Location.SourceTree)!.Id)!.GetTextAsync();
                        var gotText = await (await AllRules.ApplyAsync(got[j]))!.GetDocument(actualProject.GetDocument(actual[i].Location.SourceTree)!.Id)!.GetTextAsync();
                        Assert.Equal(wantText.ToString(), gotText.ToString());
                    }
                }
            }
        }
    }
}
