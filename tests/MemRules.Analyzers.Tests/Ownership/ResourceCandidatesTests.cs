using System.Linq;
using MemRules.Analyzers.Ownership;
using MemRules.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace MemRules.Analyzers.Tests.Ownership
{
    /// <summary>
    /// <see cref="ResourceCandidates"/> decides without binding which <c>new T(...)</c> can create a resource: a body
    /// is bound for MEM001 and MEM003 only when one can. A name it cannot resolve is a candidate, so an import it
    /// fails to read makes every name one, in every file: all of a compilation's bodies with a <c>new</c> get bound.
    /// </summary>
    public class ResourceCandidatesTests
    {
        private const string Library = """
            namespace Lib.Zip
            {
                public static class Levels { public const int Best = 9; }
                public sealed class Outer { public static class Inner { public const int Size = 4; } }
            }

            namespace Lib
            {
                public sealed class LibException : System.Exception { public LibException(string m) : base(m) { } }

                public static class Factory
                {
                    public static LibException Create(string m) => new LibException(m);
                    public static System.IO.Stream OpenLog() => System.IO.Stream.Null;
                    public static T CreateOf<T>() where T : new() => new T();
                    public static System.Threading.Tasks.Task<System.IO.MemoryStream> CreateBufferAsync() => null;
                    public static System.Threading.Tasks.Task<string> CreateNameAsync() => null;
                }
            }
            """;

        private const string Holder = """
            namespace Lib
            {
                public sealed class Holder { private Other Factory = new Other(); public object Make() => Factory.Create(""); }
                public sealed class Other { public System.IO.Stream Create(string m) => null; }
            }
            """;

        [Theory]
        [InlineData("namespace Lib { using static Zip.Levels; }", "a name relative to the enclosing namespace")]
        [InlineData("namespace Lib.Zip { using static Levels; }", "a name in the enclosing namespace itself")]
        [InlineData("using static Lib.Zip.Outer.Inner;", "a nested type")]
        [InlineData("using static global::Lib.Zip.Levels;", "a global-qualified name")]
        public void A_static_import_resolved_as_CSharp_does_leaves_other_names_to_their_types(string import, string what)
        {
            Assert.False(MayCreate(import, "new Lib.LibException(\"x\")"), what);
            Assert.False(MayCreate(import, "new LibException(\"x\")"), what);
            Assert.True(MayCreate(import, "new System.IO.MemoryStream()"), what);
            Assert.True(MayCreate(import, "new MemoryStream()"), what);
        }

        [Theory]
        [InlineData("Factory.Create(\"x\")", false)]
        [InlineData("String.Create(3, 'a', (span, c) => span.Fill(c))", false)]
        [InlineData("Activator.CreateInstance(typeof(LibException))", false)] // CreateInstance<T>() needs its T spelled out
        [InlineData("Activator.CreateInstance<MemoryStream>()", true)]
        [InlineData("Factory.CreateNameAsync()", false)]
        [InlineData("Factory.OpenLog()", true)]
        [InlineData("Factory.CreateOf<MemoryStream>()", true)]
        [InlineData("Factory.CreateBufferAsync()", true)]
        public void A_factory_named_call_on_a_type_is_a_candidate_only_if_a_method_of_that_name_can_return_a_resource(string call, bool expected)
        {
            Assert.Equal(expected, MayCreate("using System;", call));
        }

        [Fact]
        public void A_call_on_a_name_that_is_also_a_field_of_another_type_stays_a_candidate()
        {
            // Holder.Factory is an `Other`, whose Create returns a stream: the name is not read as the type Factory.
            Assert.True(MayCreate("using System;", "Factory.Create(\"x\")", fieldNamedLikeAType: true));
        }

        [Fact]
        public void A_static_import_that_names_nothing_makes_every_name_a_candidate()
        {
            Assert.True(MayCreate("using static Missing.Thing;", "new LibException(\"x\")", expectedError: "CS0246"));
        }

        private static bool MayCreate(string import, string creation, bool fieldNamedLikeAType = false, string? expectedError = null)
        {
            var user = CSharpSyntaxTree.ParseText($$"""
                using System.IO;
                {{import}}
                namespace Lib
                {
                    public class User { public object Make() => {{creation}}; }
                }
                """);
            var compilation = TestProject.Compile(CSharpSyntaxTree.ParseText(Library), CSharpSyntaxTree.ParseText(fieldNamedLikeAType ? Holder : string.Empty), user);
            var known = KnownSymbols.TryCreate(compilation)!;
            var node = user.GetRoot().DescendantNodes().OfType<ArrowExpressionClauseSyntax>().Single().Expression;
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Id != expectedError));
            return new ResourceCandidates(compilation, known).MayCreate(node, known.Options.For(user));
        }
    }
}
