using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>
    /// The member declarations of a type (and of its nested types) whose code can say anything about a set
    /// of names: those that mention one, and, transitively, those that mention a member so chosen — the
    /// Dispose that calls the helper that disposes a field, the callers of a property that exposes it, the
    /// constructor that calls the method that subscribes. A member that mentions none of them can neither
    /// store, release nor hand on what they hold, so the type-level rules leave its body unbound: binding a
    /// body for the semantic model is most of what those rules cost a build.
    /// </summary>
    internal sealed class MentioningMembers
    {
        private readonly HashSet<MemberDeclarationSyntax> _selected;

        private MentioningMembers(HashSet<MemberDeclarationSyntax> selected) => _selected = selected;

        public bool Contains(MemberDeclarationSyntax member) => _selected.Contains(member);

        /// <summary>
        /// The members of <paramref name="type"/>'s declarations (and, when asked, its nested types') that reach
        /// <paramref name="names"/>. With <paramref name="onlyOwnershipUses"/>, a name used as the receiver of a member
        /// that is not a release (<c>_stream.Read(...)</c>, <c>_client.Timeout</c>) does not count: such a use neither
        /// stores, releases nor hands on the object (MEM002; MEM005 needs those uses: `_items.Add(x)` grows a collection; MEM006 selects with <see cref="OfSubscriptions"/>).
        /// </summary>
        public static MentioningMembers Of(INamedTypeSymbol type, IEnumerable<string> names, bool includeNested, CancellationToken cancellationToken, bool onlyOwnershipUses = false)
        {
            var members = DeclaredMembers(type, includeNested, cancellationToken);
            var selected = new HashSet<MemberDeclarationSyntax>();
            Reach(members, Mentions(members, onlyOwnershipUses, names, followPropertyCode: true), names, selected, followPropertyCode: true, cancellationToken);
            return new MentioningMembers(selected);
        }

        /// <summary>
        /// MEM006's members: those holding a subscription site (a <c>+=</c>, a <c>-=</c>, a subscription call), and those that
        /// reach the members of the type (or its bases) that <paramref name="names"/> name, the publishers and token fields, by
        /// ownership uses. A site's other names (a parameter <c>name</c>, another object's event, an accessor's <c>value</c>) select
        /// nothing more: they are not this object's. Only a private method's callers are followed, as they alone decide whether it
        /// runs just while the object is built (<see cref="InitializationCalls"/>); property code adds only member names. On NLog's
        /// LogFactory, the old closure through every setter's <c>value</c> and every public method's callers bound 55 bodies.
        /// </summary>
        public static MentioningMembers OfSubscriptions(
            INamedTypeSymbol type, IEnumerable<SyntaxNode> sites, IEnumerable<string> names, CancellationToken cancellationToken)
        {
            var members = DeclaredMembers(type, includeNested: false, cancellationToken);
            var memberNames = new Dictionary<string, bool>(StringComparer.Ordinal);
            bool IsMemberName(string name)
            {
                if (!memberNames.TryGetValue(name, out var isMember))
                {
                    memberNames.Add(name, isMember = SymbolNames.IsMemberName(type, name, inBases: true));
                }

                return isMember;
            }

            var selected = new HashSet<MemberDeclarationSyntax>();
            var seeds = new List<string>();
            foreach (var site in sites)
            {
                if (site.FirstAncestorOrSelf<MemberDeclarationSyntax>() is { } member && members.Contains(member) && selected.Add(member) && Follows(member, callersOfVisibleMethods: false))
                {
                    seeds.AddRange(DeclaredNames(member));
                }
            }

            seeds.AddRange(names.Where(IsMemberName));
            Reach(members, Mentions(members, onlyOwnershipUses: true, seeds, followPropertyCode: true), seeds, selected, followPropertyCode: true, cancellationToken,
                callersOfVisibleMethods: false, followedName: IsMemberName);
            return new MentioningMembers(selected);
        }

        /// <summary>
        /// The few members that can make one of <paramref name="names"/> owned or release it: those that store into one
        /// (<c>_f = ...</c>, <c>this._f ??= ...</c>, an initializer), those that release one by name (<c>_f.Dispose()</c>,
        /// <c>_f?.Close()</c>, <c>DisposeQuietly(_f)</c>), the properties whose code names one, and the members on the
        /// calls from <paramref name="releaseRoots"/> to those (Dispose(true) → helper → <c>_f.Close()</c>). Every fact the
        /// rest of the type's code can add is another release or hand-on, so what these members say is owned and
        /// unreleased is a superset of what all of <see cref="Of"/> says (MEM002 binds these first, and the rest only
        /// when they leave something to report).
        /// </summary>
        public static MentioningMembers StoringOrReleasing(
            INamedTypeSymbol type, HashSet<string> names, IEnumerable<IMethodSymbol> releaseRoots, CancellationToken cancellationToken)
        {
            var members = DeclaredMembers(type, includeNested: false, cancellationToken);

            // The members that store or release, then, through who mentions whom, every member that reaches them.
            var selected = new HashSet<MemberDeclarationSyntax>();
            var seeds = new List<string>();
            foreach (var member in members)
            {
                if (StoresOrReleases(member, names))
                {
                    selected.Add(member);
                    // A field is reached through its methods: one that merely mentions it neither stores nor releases it.
                    if (member is not BaseFieldDeclarationSyntax)
                    {
                        seeds.AddRange(DeclaredNames(member));
                    }
                }
            }

            var reachers = new HashSet<MemberDeclarationSyntax>(selected);
            Reach(members, Mentions(members, onlyOwnershipUses: false, seeds, followPropertyCode: false), seeds, reachers, followPropertyCode: false, cancellationToken);

            // From each release method, only the calls that lead to a store or a release.
            var byName = new Dictionary<string, List<MemberDeclarationSyntax>>(StringComparer.Ordinal);
            foreach (var member in members)
            {
                foreach (var declared in DeclaredNames(member))
                {
                    if (!byName.TryGetValue(declared, out var list))
                    {
                        byName.Add(declared, list = new List<MemberDeclarationSyntax>(1));
                    }

                    list.Add(member);
                }
            }

            var calls = new Stack<MemberDeclarationSyntax>();
            foreach (var root in releaseRoots)
            {
                foreach (var reference in root.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax(cancellationToken) is MemberDeclarationSyntax declaration && reachers.Contains(declaration))
                    {
                        calls.Push(declaration);
                    }
                }
            }

            var visited = new HashSet<MemberDeclarationSyntax>();
            while (calls.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var member = calls.Pop();
                if (!visited.Add(member))
                {
                    continue;
                }

                selected.Add(member);
                foreach (var token in member.DescendantTokens())
                {
                    if (token.IsKind(SyntaxKind.IdentifierToken) && byName.TryGetValue(token.ValueText, out var callees))
                    {
                        foreach (var callee in callees)
                        {
                            if (reachers.Contains(callee))
                            {
                                calls.Push(callee);
                            }
                        }
                    }
                }
            }

            return new MentioningMembers(selected);
        }

        private static bool StoresOrReleases(MemberDeclarationSyntax member, HashSet<string> names)
        {
            switch (member)
            {
                case BaseFieldDeclarationSyntax field:
                    foreach (var variable in field.Declaration.Variables)
                    {
                        if (variable.Initializer != null && names.Contains(variable.Identifier.ValueText))
                        {
                            return true;
                        }
                    }

                    return false;
                case PropertyDeclarationSyntax property when names.Contains(property.Identifier.ValueText) && property.Initializer != null:
                    return true;
            }

            bool isProperty = PropertyCode(member) != null;
            foreach (var node in member.DescendantNodes())
            {
                switch (node)
                {
                    case AssignmentExpressionSyntax assignment
                        when (assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) || assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression)) &&
                             StoredName(assignment.Left) is { } stored && names.Contains(stored):
                        return true;
                    case IdentifierNameSyntax name when names.Contains(name.Identifier.ValueText) && (isProperty || IsReleasedReceiver(name) || IsReleaseArgument(name)):
                        return true;
                }
            }

            return false;
        }

        /// <summary>The member of this object an assignment stores into: <c>_f</c> in <c>_f = v</c> or <c>this._f = v</c>.</summary>
        public static string? StoredName(ExpressionSyntax target) => target switch
        {
            IdentifierNameSyntax name => name.Identifier.ValueText,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access => access.Name.Identifier.ValueText,
            _ => null,
        };

        private static bool IsReleasedReceiver(IdentifierNameSyntax name) =>
            ReceivedMember(name) is { } member && IsReleaseLike(member.Identifier.ValueText);

        /// <summary><c>_f</c> in <c>DisposeQuietly(_f)</c>, <c>Close(this._f)</c>.</summary>
        private static bool IsReleaseArgument(IdentifierNameSyntax name) =>
            (name.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } self ? self.Parent : name.Parent) is ArgumentSyntax
            {
                Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation },
            } && ResourceCandidates.InvokedName(invocation) is { } invoked && IsReleaseLike(invoked);

        private static List<MemberDeclarationSyntax> DeclaredMembers(INamedTypeSymbol type, bool includeNested, CancellationToken cancellationToken)
        {
            var members = new List<MemberDeclarationSyntax>();
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration)
                {
                    AddMembers(declaration, includeNested, members);
                }
            }

            return members;
        }

        /// <summary>
        /// Adds to <paramref name="selected"/> every member that mentions one of <paramref name="seeds"/>, then, transitively,
        /// every member that mentions a name a member so added declares (with <paramref name="followPropertyCode"/>, also a
        /// name a property's code mentions: <c>Bus => _bus</c> makes <c>_bus</c> matter too).
        /// </summary>
        private static void Reach(
            List<MemberDeclarationSyntax> members, Dictionary<string, List<int>> mentions, IEnumerable<string> seeds,
            HashSet<MemberDeclarationSyntax> selected, bool followPropertyCode, CancellationToken cancellationToken,
            bool callersOfVisibleMethods = true, Func<string, bool>? followedName = null)
        {
            var reached = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>();
            foreach (var name in seeds)
            {
                if (reached.Add(name))
                {
                    pending.Push(name);
                }
            }

            while (pending.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!mentions.TryGetValue(pending.Pop(), out var mentioning))
                {
                    continue;
                }

                foreach (var index in mentioning)
                {
                    var member = members[index];
                    if (!selected.Add(member))
                    {
                        continue;
                    }

                    if (Follows(member, callersOfVisibleMethods))
                    {
                        foreach (var declared in DeclaredNames(member))
                        {
                            if (reached.Add(declared))
                            {
                                pending.Push(declared);
                            }
                        }
                    }

                    if (followPropertyCode && PropertyCode(member) is { } code)
                    {
                        foreach (var token in code.DescendantTokens())
                        {
                            if (token.IsKind(SyntaxKind.IdentifierToken) && (followedName == null || followedName(token.ValueText)) && reached.Add(token.ValueText))
                            {
                                pending.Push(token.ValueText);
                            }
                        }
                    }
                }
            }
        }

        /// <summary>Whether the callers of <paramref name="member"/> are followed: always, or only a private method's (its callers are all in the type).</summary>
        private static bool Follows(MemberDeclarationSyntax member, bool callersOfVisibleMethods) =>
            callersOfVisibleMethods || member is not MethodDeclarationSyntax method || IsPrivate(method);

        /// <summary>Private by its modifiers (none, or <c>private</c> without <c>protected</c>).</summary>
        private static bool IsPrivate(MethodDeclarationSyntax method)
        {
            foreach (var modifier in method.Modifiers)
            {
                if (modifier.IsKind(SyntaxKind.PublicKeyword) || modifier.IsKind(SyntaxKind.InternalKeyword) || modifier.IsKind(SyntaxKind.ProtectedKeyword))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Which members mention each name <see cref="Reach"/> can follow (the seeds, the members' own names and, with
        /// <paramref name="followPropertyCode"/>, the names in property code); a member counts once per name. Most
        /// identifiers are locals, types and other objects' members: indexing them cost the type-level rules more than
        /// anything but binding (a tenth of MemRules' own time on the generated code base).
        /// </summary>
        private static Dictionary<string, List<int>> Mentions(
            List<MemberDeclarationSyntax> members, bool onlyOwnershipUses, IEnumerable<string> seeds, bool followPropertyCode)
        {
            var followed = new HashSet<string>(seeds, StringComparer.Ordinal);
            foreach (var member in members)
            {
                followed.UnionWith(DeclaredNames(member));
                if (followPropertyCode && PropertyCode(member) is { } code)
                {
                    foreach (var token in code.DescendantTokens())
                    {
                        if (token.IsKind(SyntaxKind.IdentifierToken))
                        {
                            followed.Add(token.ValueText);
                        }
                    }
                }
            }

            var mentions = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            for (int i = 0; i < members.Count; i++)
            {
                foreach (var token in members[i].DescendantTokens())
                {
                    if (token.IsKind(SyntaxKind.IdentifierToken) && followed.Contains(token.ValueText) && !(onlyOwnershipUses && IsNonReleasingReceiver(token)))
                    {
                        var text = token.ValueText;
                        if (!mentions.TryGetValue(text, out var list))
                        {
                            mentions.Add(text, list = new List<int>());
                        }

                        if (list.Count == 0 || list[list.Count - 1] != i)
                        {
                            list.Add(i);
                        }
                    }
                }
            }

            return mentions;
        }

        /// <summary><c>x</c> in <c>x.Read()</c>, <c>this.x.Length</c>, <c>x?.Flush()</c>, but not in <c>x.Dispose()</c>, <c>x?.Close()</c>, <c>x.ConfigureAwait(false)</c>.</summary>
        private static bool IsNonReleasingReceiver(SyntaxToken token) =>
            token.Parent is IdentifierNameSyntax name && ReceivedMember(name) is { } member && !IsReleaseLike(member.Identifier.ValueText);

        /// <summary>The member a name is the receiver of: <c>Read</c> in <c>x.Read()</c>, <c>this.x.Length</c>, <c>x?.Flush()</c>.</summary>
        private static SimpleNameSyntax? ReceivedMember(IdentifierNameSyntax name)
        {
            ExpressionSyntax receiver = name;
            if (name.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } self && self.Name == name)
            {
                receiver = self;
            }

            return receiver.Parent switch
            {
                MemberAccessExpressionSyntax access when access.Expression == receiver => access.Name,
                ConditionalAccessExpressionSyntax conditional when conditional.Expression == receiver => FirstBinding(conditional.WhenNotNull),
                _ => null,
            };
        }

        private static SimpleNameSyntax? FirstBinding(ExpressionSyntax whenNotNull)
        {
            for (SyntaxNode? node = whenNotNull; node != null; node = node.ChildNodes().FirstOrDefault())
            {
                if (node is MemberBindingExpressionSyntax binding)
                {
                    return binding.Name;
                }

                if (node is not (InvocationExpressionSyntax or MemberAccessExpressionSyntax or ElementAccessExpressionSyntax or ConditionalAccessExpressionSyntax))
                {
                    return null;
                }
            }

            return null;
        }

        /// <summary>
        /// What <see cref="TypeDisposal"/> counts as releasing its receiver, by name (a release, a helper named for
        /// disposal), and <c>ConfigureAwait</c> (an <c>await using</c> of it).
        /// </summary>
        private static bool IsReleaseLike(string name) =>
            Cleanup.HasReleaseName(name) || name.IndexOf("Dispose", StringComparison.Ordinal) >= 0 || name == "ConfigureAwait";

        private static void AddMembers(TypeDeclarationSyntax declaration, bool includeNested, List<MemberDeclarationSyntax> members)
        {
            foreach (var member in declaration.Members)
            {
                if (member is TypeDeclarationSyntax nested)
                {
                    if (includeNested)
                    {
                        AddMembers(nested, includeNested, members);
                    }
                }
                else if (member is not BaseTypeDeclarationSyntax)
                {
                    members.Add(member);
                }
            }
        }

        /// <summary>The accessors or arrow body of a property, indexer or event (not its type or attributes).</summary>
        private static SyntaxNode? PropertyCode(MemberDeclarationSyntax member) => member switch
        {
            PropertyDeclarationSyntax property => (SyntaxNode?)property.ExpressionBody ?? property.AccessorList,
            IndexerDeclarationSyntax indexer => (SyntaxNode?)indexer.ExpressionBody ?? indexer.AccessorList,
            EventDeclarationSyntax @event => @event.AccessorList,
            _ => null,
        };

        /// <summary>The names code uses to reach a member (not a constructor's: a call of it is a new object, not this one).</summary>
        private static IEnumerable<string> DeclaredNames(MemberDeclarationSyntax member)
        {
            switch (member)
            {
                case MethodDeclarationSyntax method:
                    yield return method.Identifier.ValueText;
                    break;
                case PropertyDeclarationSyntax property:
                    yield return property.Identifier.ValueText;
                    break;
                case EventDeclarationSyntax @event:
                    yield return @event.Identifier.ValueText;
                    break;
                case BaseFieldDeclarationSyntax field:
                    foreach (var variable in field.Declaration.Variables)
                    {
                        yield return variable.Identifier.ValueText;
                    }

                    break;
            }
        }
    }
}
