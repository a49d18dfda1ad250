using System.Collections.Generic;
using System.Linq;
using System.Threading;
using MemRules.Analyzers.Ownership;
using MemRules.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace MemRules.Analyzers.Tests.Ownership
{
    /// <summary>
    /// <see cref="MentioningMembers"/> decides which bodies MEM002, MEM005 and MEM006 bind: every member whose
    /// code can store, release, expose or hand on the names asked about must be in it (a member left out is a
    /// fact lost: a false finding or a missed one), and a member that cannot must stay out (binding it is cost).
    /// <see cref="MentioningMembers.StoringOrReleasing"/> may leave out what only adds releases and hand-ons.
    /// </summary>
    public class MentioningMembersTests
    {
        private const string Source = """
            using System;
            using System.IO;

            public class Owner : IDisposable
            {
                private readonly Stream _stream = new MemoryStream();
                private Stream _other;
                private readonly Bus _bus;
                private int _count;

                public Owner(Bus bus, string path) { _bus = bus; _other = File.OpenRead(path); }
                public Stream Exposed => _other;
                public Bus Publisher => _bus;
                public void Dispose() { Cleanup(); }
                private void Cleanup() { Release(); }
                private void Release() { _stream.Dispose(); }
                public void CloseExposed() { Exposed?.Dispose(); }
                public void Attach() { Publisher.Changed += OnChanged; }
                private void OnChanged(object sender, EventArgs e) { _count++; }
                public int Unrelated(int x) { return x * _count; }
                public int Read() => _stream.ReadByte();
                public void FlushIt() { this._stream?.Flush(); }
                public static Owner Create() => new Owner(new Bus(), "p");

                private sealed class Nested
                {
                    public void Touch(Owner owner) { owner._stream.Flush(); }
                    public void Other() { }
                }
            }

            public class Bus { public event EventHandler Changed; }
            """;

        [Fact]
        public void A_field_reaches_its_initializer_the_helpers_that_release_it_and_the_disposal_that_calls_them()
        {
            // Dispose is a name too: CloseExposed, which calls a Dispose, is bound as well (more cost, no fact lost).
            Assert.Equal(new[] { "Cleanup", "CloseExposed", "Dispose", "FlushIt", "Read", "Release", "_stream" }, Selected(new[] { "_stream" }, includeNested: false));
        }

        [Fact]
        public void For_ownership_a_receiver_of_anything_but_a_release_is_no_use()
        {
            // `_stream.ReadByte()` and `this._stream?.Flush()` neither store, release nor hand the stream on; `_stream.Dispose()` releases it.
            Assert.Equal(new[] { "Cleanup", "CloseExposed", "Dispose", "Release", "_stream" }, Selected(new[] { "_stream" }, includeNested: false, onlyOwnershipUses: true));
        }

        [Fact]
        public void A_field_exposed_by_a_property_reaches_the_callers_of_the_property()
        {
            Assert.Equal(new[] { ".ctor", "CloseExposed", "Exposed", "_other" }, Selected(new[] { "_other" }, includeNested: false));
        }

        [Fact]
        public void A_publisher_named_through_a_property_reaches_the_field_behind_it_and_where_that_is_assigned()
        {
            // `Publisher.Changed += ...` names the property; its getter names `_bus`, which the constructor assigns.
            Assert.Equal(new[] { ".ctor", "Attach", "Publisher", "_bus" }, Selected(new[] { "Publisher", "Changed" }, includeNested: false));
            // MEM006 starts from the member holding the `+=` and the names that are members of the type: `Changed` is the bus's.
            Assert.Equal(new[] { ".ctor", "Attach", "Publisher", "_bus" }, Names(owner => MentioningMembers.OfSubscriptions(
                owner, SubscriptionSites(owner), new[] { "Publisher", "Changed" }, CancellationToken.None)));
        }

        private const string Factory = """
            using System;

            public class Owner : IDisposable
            {
                private readonly Bus _bus;
                private EventHandler _handlers;
                private int _level;
                private string _name;

                public Owner(Bus bus) { _bus = bus; Init(); }
                private void Init() { Hook(); }
                private void Hook() { _bus.Changed += OnChanged; }
                public void Reconnect() { Hook(); }
                public void Api() { Reconnect(); }
                public event EventHandler Stopped { add { _handlers += value; } remove { _handlers -= value; } }
                public int Level { get => _level; set { _level = value; Refresh(); } }
                public string Name { set { _name = value; } }
                private void Refresh() { }
                public void Dispose() { _bus.Changed -= OnChanged; }
                private void OnChanged(object sender, EventArgs e) { }
            }

            public class Bus { public event EventHandler Changed; }
            """;

        [Fact]
        public void MEM006_follows_a_private_methods_callers_and_the_types_own_names_only()
        {
            // Hook subscribes: its callers decide whether it runs only while the object is built (Init → the constructor), but
            // Reconnect is public, so Api, which calls it, says nothing more. The accessors' `value` and the bus's `Changed`
            // are not this object's members: the setters of Level and Name, which the old closure reached through `value`, stay out.
            Assert.Equal(new[] { ".ctor", "Dispose", "Hook", "Init", "Reconnect", "Stopped", "_bus", "_handlers" }, Names(owner => MentioningMembers.OfSubscriptions(
                owner, SubscriptionSites(owner), new[] { "_bus", "Changed", "_handlers" }, CancellationToken.None), Factory));
            // The closure MEM002 and MEM005 use still follows every name.
            Assert.Contains("Level", Names(owner => MentioningMembers.Of(owner, new[] { "_bus", "Changed", "_handlers" }, false, CancellationToken.None), Factory));
        }

        private static IEnumerable<SyntaxNode> SubscriptionSites(INamedTypeSymbol owner) =>
            owner.DeclaringSyntaxReferences.SelectMany(r => r.GetSyntax().DescendantNodes())
                .Where(n => n.IsKind(SyntaxKind.AddAssignmentExpression) || n.IsKind(SyntaxKind.SubtractAssignmentExpression));

        [Fact]
        public void Nested_types_count_only_when_asked()
        {
            Assert.Contains("Touch", Selected(new[] { "_stream" }, includeNested: true));
            Assert.DoesNotContain("Other", Selected(new[] { "_stream" }, includeNested: true));
            Assert.DoesNotContain("Touch", Selected(new[] { "_stream" }, includeNested: false));
        }

        [Fact]
        public void A_name_no_member_mentions_selects_nothing()
        {
            Assert.Empty(Selected(new[] { "_missing" }, includeNested: true));
        }

        [Fact]
        public void The_first_pass_of_MEM002_binds_the_stores_the_releases_and_what_Dispose_calls()
        {
            // `_stream`'s initializer stores it; Dispose → Cleanup → Release releases it. Read and FlushIt only use it.
            Assert.Equal(new[] { "Cleanup", "Dispose", "Release", "_stream" }, StoringOrReleasing("_stream"));
        }

        [Fact]
        public void The_first_pass_leaves_out_a_release_through_a_getter_from_another_method()
        {
            // The constructor stores `_other` and the getter exposes it; CloseExposed releases it through the getter but is
            // not bound in this pass: `_other` then looks unreleased, and MEM002 binds everything that reaches it to be sure.
            // Dispose leads to no store or release of `_other`, so neither it nor what it calls is bound.
            Assert.Equal(new[] { ".ctor", "Exposed" }, StoringOrReleasing("_other"));
        }

        private static List<string> StoringOrReleasing(params string[] names) => Names(owner =>
            MentioningMembers.StoringOrReleasing(owner, new HashSet<string>(names), DisposeMethods.ReleaseRoots(owner), CancellationToken.None));

        private static List<string> Selected(string[] names, bool includeNested, bool onlyOwnershipUses = false) =>
            Names(owner => MentioningMembers.Of(owner, names, includeNested, CancellationToken.None, onlyOwnershipUses));

        private static List<string> Names(System.Func<INamedTypeSymbol, MentioningMembers> select, string source = Source)
        {
            var tree = CSharpSyntaxTree.ParseText(source);
            var compilation = TestProject.Compile(tree);
            var owner = compilation.GetTypeByMetadataName("Owner")!;
            var selection = select(owner);
            return tree.GetRoot().DescendantNodes().OfType<MemberDeclarationSyntax>()
                .Where(m => m is not BaseTypeDeclarationSyntax && selection.Contains(m))
                .Select(m => m switch
                {
                    MethodDeclarationSyntax method => method.Identifier.ValueText,
                    PropertyDeclarationSyntax property => property.Identifier.ValueText,
                    EventDeclarationSyntax @event => @event.Identifier.ValueText,
                    ConstructorDeclarationSyntax => ".ctor",
                    FieldDeclarationSyntax field => field.Declaration.Variables[0].Identifier.ValueText,
                    _ => m.Kind().ToString(),
                })
                .OrderBy(n => n, System.StringComparer.Ordinal)
                .ToList();
        }
    }
}
