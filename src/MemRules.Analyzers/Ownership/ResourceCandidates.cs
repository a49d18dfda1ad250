using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>
    /// Which syntax may create an owned resource, decided without binding a method body. The first semantic
    /// question about a body makes the compiler bind all of it again (with nullable analysis), and an
    /// operation tree for every body costs a build as much as all of MemRules' work did (measured on NLog:
    /// an empty operation-block analyzer added 11 s to a 15 s in-process compile, syntax-node actions 0.8 s).
    /// So the local-resource rules bind only bodies holding a <c>new T(...)</c> whose <c>T</c> can be
    /// disposable, or a call whose name can return an owned resource; <see cref="ResourceCreation"/> then
    /// decides exactly. The filter errs on the side of binding: a name it cannot resolve is a candidate.
    /// </summary>
    internal sealed class ResourceCandidates
    {
        private readonly Compilation _compilation;
        private readonly KnownSymbols _known;
        private readonly Lazy<Scope> _scope;
        private readonly ConcurrentDictionary<(string Name, int Arity), bool> _typeNames = new ConcurrentDictionary<(string, int), bool>();
        private readonly ConcurrentDictionary<string, bool> _qualifiedNames = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<(string Type, string Method, bool TypeArguments), bool> _staticCalls = new ConcurrentDictionary<(string, string, bool), bool>();

        public ResourceCandidates(Compilation compilation, KnownSymbols known)
        {
            _compilation = compilation;
            _known = known;
            _scope = new Lazy<Scope>(() => Scope.Create(compilation, known), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        /// <summary>True when <paramref name="node"/> (an object creation or an invocation) may create an owned resource.</summary>
        public bool MayCreate(SyntaxNode node, MemRulesOptions options)
        {
            switch (node)
            {
                case ObjectCreationExpressionSyntax creation:
                    return TypeMayBeDisposable(creation.Type);
                case ImplicitObjectCreationExpressionSyntax implicitCreation:
                    return TargetTypeOf(implicitCreation) is not { } target || TypeMayBeDisposable(target);
                case InvocationExpressionSyntax invocation:
                    return InvokedName(invocation) is { } name &&
                           (MayReturnOwned(name, options) || FrameworkOwnership.MayReturnOwned(name, type => ReceiverNames(invocation, type))) &&
                           !IsStaticCallReturningNoResource(invocation, name);
                default:
                    return false;
            }
        }

        /// <summary>True when a method of this name may hand its caller a resource.</summary>
        public bool MayReturnOwned(string name, MemRulesOptions options) =>
            ResourceCreation.HasFactoryName(name) ||
            _scope.Value.SourceResourceReturningMethods.Contains(name) ||
            options.OwnedFactoryMethodNames.Contains(name);

        /// <summary>
        /// <c>LogEventInfo.Create(...)</c>, <c>Activator.CreateInstance(type)</c>: a factory-named call on a type name
        /// whose every method of that name returns something no resource can be (not disposable, not a type
        /// parameter, awaited or not). The callee's signature says so without binding the caller's body.
        /// </summary>
        private bool IsStaticCallReturningNoResource(InvocationExpressionSyntax invocation, string name)
        {
            if (invocation.Expression is not MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver } access)
            {
                return false;
            }

            bool typeArguments = access.Name is GenericNameSyntax;
            return _staticCalls.GetOrAdd((receiver.Identifier.ValueText, name, typeArguments), key =>
                _scope.Value.TypesNamed(key.Type) is { Count: > 0 } types && types.TrueForAll(type => ReturnsNoResource(type, key.Method, key.TypeArguments)));
        }

        private bool ReturnsNoResource(INamedTypeSymbol type, string method, bool typeArguments)
        {
            bool any = false;
            for (INamedTypeSymbol? current = type; current != null; current = current.BaseType)
            {
                foreach (var member in current.GetMembers(method))
                {
                    if (member is not IMethodSymbol candidate)
                    {
                        return false; // a delegate-typed field or property called as a method: anything
                    }

                    any = true;
                    if (!typeArguments && candidate.IsGenericMethod && !TypeParametersInferable(candidate))
                    {
                        continue; // `CreateInstance<T>()` is not what `Activator.CreateInstance(type)` calls
                    }

                    var returned = _known.ResultOf(candidate.ReturnType);
                    if (returned.TypeKind is TypeKind.TypeParameter or TypeKind.Error || _known.IsDisposable(returned))
                    {
                        return false;
                    }
                }
            }

            return any;
        }

        /// <summary>Whether every type parameter of the method appears in a parameter's type, so a call can infer it.</summary>
        private static bool TypeParametersInferable(IMethodSymbol method)
        {
            foreach (var typeParameter in method.TypeParameters)
            {
                bool found = false;
                foreach (var parameter in method.Parameters)
                {
                    found = found || Mentions(parameter.Type, typeParameter);
                }

                if (!found)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool Mentions(ITypeSymbol type, ITypeParameterSymbol typeParameter) => type switch
        {
            ITypeParameterSymbol parameter => SymbolEqualityComparer.Default.Equals(parameter, typeParameter),
            IArrayTypeSymbol array => Mentions(array.ElementType, typeParameter),
            INamedTypeSymbol named => named.TypeArguments.Any(argument => Mentions(argument, typeParameter)),
            _ => true, // pointers and the like: assume it can be inferred
        };

        /// <summary>Whether the receiver of <c>x.M()</c> names <paramref name="typeName"/> anywhere (<c>Process.Start</c>, <c>MemoryPool&lt;byte&gt;.Shared.Rent</c>).</summary>
        private static bool ReceiverNames(InvocationExpressionSyntax invocation, string typeName)
        {
            if (invocation.Expression is not MemberAccessExpressionSyntax access)
            {
                return false;
            }

            foreach (var token in access.Expression.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == typeName)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The name a call invokes: <c>M</c> in <c>M()</c>, <c>x.M()</c>, <c>x?.M()</c>, <c>M&lt;T&gt;()</c>.</summary>
        public static string? InvokedName(InvocationExpressionSyntax invocation) => invocation.Expression switch
        {
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            _ => null,
        };

        public bool TypeMayBeDisposable(TypeSyntax type)
        {
            switch (type)
            {
                case PredefinedTypeSyntax:
                    return false;
                case NullableTypeSyntax nullable:
                    return TypeMayBeDisposable(nullable.ElementType);
                case AliasQualifiedNameSyntax aliased:
                    return TypeMayBeDisposable(aliased.Name);
                case SimpleNameSyntax simple:
                    return SimpleNameMayBeDisposable(simple);
                case QualifiedNameSyntax qualified:
                    return _qualifiedNames.GetOrAdd(qualified.ToString(), _ => QualifiedMayBeDisposable(qualified));
                default:
                    return true;
            }
        }

        private bool SimpleNameMayBeDisposable(SimpleNameSyntax simple)
        {
            var key = (simple.Identifier.ValueText, simple is GenericNameSyntax generic ? generic.TypeArgumentList.Arguments.Count : 0);
            return _typeNames.GetOrAdd(key, k => _scope.Value.MayBeDisposable(k.Name, k.Arity));
        }

        /// <summary><c>System.IO.FileStream</c>, <c>Outer.Inner</c>: resolved from the global namespace; anything else is a candidate.</summary>
        private bool QualifiedMayBeDisposable(QualifiedNameSyntax qualified)
        {
            INamespaceOrTypeSymbol? container = ResolveContainer(qualified.Left);
            if (container == null)
            {
                return true;
            }

            var right = qualified.Right;
            int arity = right is GenericNameSyntax generic ? generic.TypeArgumentList.Arguments.Count : 0;
            var types = container.GetTypeMembers(right.Identifier.ValueText, arity);
            if (types.IsEmpty)
            {
                return true;
            }

            foreach (var type in types)
            {
                if (_known.IsDisposable(type))
                {
                    return true;
                }
            }

            return false;
        }

        private INamespaceOrTypeSymbol? ResolveContainer(NameSyntax name)
        {
            switch (name)
            {
                case IdentifierNameSyntax identifier:
                    return Single(_compilation.GlobalNamespace.GetMembers(identifier.Identifier.ValueText));
                case QualifiedNameSyntax qualified when ResolveContainer(qualified.Left) is { } left:
                    var inner = left.GetMembers(qualified.Right.Identifier.ValueText);
                    return inner.Length == 1 ? inner[0] as INamespaceOrTypeSymbol : null;
                case AliasQualifiedNameSyntax aliased when aliased.Alias.Identifier.IsKind(SyntaxKind.GlobalKeyword):
                    return ResolveContainer(aliased.Name);
                default:
                    return null;
            }
        }

        private static INamespaceOrTypeSymbol? Single(IEnumerable<INamespaceOrTypeSymbol> members)
        {
            INamespaceOrTypeSymbol? single = null;
            foreach (var member in members)
            {
                if (single != null)
                {
                    return null;
                }

                single = member;
            }

            return single;
        }

        /// <summary>The declared type that <c>new(...)</c> takes its type from, where the syntax says it.</summary>
        private static TypeSyntax? TargetTypeOf(ImplicitObjectCreationExpressionSyntax creation)
        {
            var parent = creation.Parent;
            if (parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } } &&
                !declaration.Type.IsVar)
            {
                return declaration.Type;
            }

            return null;
        }

        /// <summary>
        /// What names can mean in this compilation, gathered once: the namespaces any file imports or
        /// declares, the types of the source assembly by name, aliases and <c>using static</c> imports, and
        /// the names of source methods that return a disposable.
        /// </summary>
        private sealed class Scope
        {
            private readonly KnownSymbols _known;
            private readonly List<INamespaceOrTypeSymbol> _containers;
            private readonly HashSet<string> _aliases;
            private readonly Dictionary<string, List<INamedTypeSymbol>> _sourceTypes;

            /// <summary>Source fields and properties not named like their type: `Builder.Create()` may call one of them, not the type Builder.</summary>
            private readonly HashSet<string> _memberNames;

            private Scope(KnownSymbols known, List<INamespaceOrTypeSymbol> containers, HashSet<string> aliases,
                Dictionary<string, List<INamedTypeSymbol>> sourceTypes, ImmutableHashSet<string> resourceReturning, HashSet<string> memberNames)
            {
                _known = known;
                _containers = containers;
                _aliases = aliases;
                _sourceTypes = sourceTypes;
                _memberNames = memberNames;
                SourceResourceReturningMethods = resourceReturning;
            }

            public ImmutableHashSet<string> SourceResourceReturningMethods { get; }

            public static Scope Create(Compilation compilation, KnownSymbols known)
            {
                var namespaceNames = new HashSet<string>(StringComparer.Ordinal) { string.Empty };
                var staticImports = new HashSet<(string Scope, string Name)>();
                var aliases = new HashSet<string>(StringComparer.Ordinal);
                foreach (var tree in compilation.SyntaxTrees)
                {
                    if (tree.GetRoot() is CompilationUnitSyntax unit)
                    {
                        CollectImports(unit.Usings, string.Empty, namespaceNames, staticImports, aliases);
                        CollectNamespaces(unit.Members, string.Empty, namespaceNames, staticImports, aliases);
                    }
                }

                var containers = new List<INamespaceOrTypeSymbol>();
                foreach (var name in namespaceNames)
                {
                    if (Find(compilation.GlobalNamespace, name, typesToo: false) is INamespaceSymbol ns)
                    {
                        containers.Add(ns);
                    }
                }

                foreach (var (scope, name) in staticImports)
                {
                    if (ResolveType(compilation.GlobalNamespace, scope, name) is { } type)
                    {
                        containers.Add(type);
                    }
                    else
                    {
                        // A static import we cannot resolve may bring in any nested type: every name is a candidate.
                        aliases.Add("*");
                    }
                }

                var sourceTypes = new Dictionary<string, List<INamedTypeSymbol>>(StringComparer.Ordinal);
                var returning = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
                var memberNames = new HashSet<string>(StringComparer.Ordinal);
                var pending = new Stack<INamespaceOrTypeSymbol>();
                pending.Push(compilation.Assembly.GlobalNamespace);
                while (pending.Count > 0)
                {
                    var current = pending.Pop();
                    foreach (var member in current.GetMembers())
                    {
                        switch (member)
                        {
                            case INamespaceSymbol ns:
                                pending.Push(ns);
                                break;
                            case INamedTypeSymbol type:
                                if (!sourceTypes.TryGetValue(type.Name, out var list))
                                {
                                    sourceTypes.Add(type.Name, list = new List<INamedTypeSymbol>(1));
                                }

                                list.Add(type);
                                pending.Push(type);
                                break;
                            case IMethodSymbol method when ReturnsResource(method, known):
                                returning.Add(method.Name);
                                break;
                            case IFieldSymbol { Type.Name: var fieldType } field when fieldType != field.Name:
                                memberNames.Add(field.Name);
                                break;
                            case IPropertySymbol { Type.Name: var propertyType } property when propertyType != property.Name:
                                memberNames.Add(property.Name);
                                break;
                        }
                    }
                }

                return new Scope(known, containers, aliases, sourceTypes, returning.ToImmutable(), memberNames);
            }

            /// <summary>
            /// Every type a simple name can denote here, of any arity; null when an alias or an unresolved import may hide
            /// one, or a source field or property of another type has the name (a `Color Color` property has the same methods).
            /// </summary>
            public List<INamedTypeSymbol>? TypesNamed(string name)
            {
                if (_aliases.Contains(name) || _aliases.Contains("*") || _memberNames.Contains(name))
                {
                    return null;
                }

                var types = new List<INamedTypeSymbol>();
                if (_sourceTypes.TryGetValue(name, out var sourceTypes))
                {
                    types.AddRange(sourceTypes);
                }

                foreach (var container in _containers)
                {
                    types.AddRange(container.GetTypeMembers(name));
                }

                return types;
            }

            /// <summary>
            /// False only when every type the name can denote is known and none is disposable; a name that no
            /// import resolves (a nested type of a referenced base class, a type parameter) is a candidate.
            /// </summary>
            public bool MayBeDisposable(string name, int arity)
            {
                if (_aliases.Contains(name) || _aliases.Contains("*"))
                {
                    return true;
                }

                bool found = false;
                if (_sourceTypes.TryGetValue(name, out var sourceTypes))
                {
                    foreach (var type in sourceTypes)
                    {
                        found = true;
                        if (_known.IsDisposable(type))
                        {
                            return true;
                        }
                    }
                }

                foreach (var container in _containers)
                {
                    foreach (var type in container.GetTypeMembers(name, arity))
                    {
                        found = true;
                        if (_known.IsDisposable(type))
                        {
                            return true;
                        }
                    }
                }

                return !found;
            }

            private static bool ReturnsResource(IMethodSymbol method, KnownSymbols known)
            {
                if (method.ReturnsVoid || method.MethodKind is not (MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation))
                {
                    return false;
                }

                return known.IsDisposable(known.ResultOf(method.ReturnType));
            }

            private static void CollectNamespaces(
                SyntaxList<MemberDeclarationSyntax> members, string prefix, HashSet<string> namespaces, HashSet<(string, string)> staticImports, HashSet<string> aliases)
            {
                foreach (var member in members)
                {
                    if (member is BaseNamespaceDeclarationSyntax ns)
                    {
                        // Every enclosing namespace is in scope: `namespace A.B` sees A.B and A.
                        var name = prefix.Length == 0 ? ns.Name.ToString() : prefix + "." + ns.Name;
                        name = name.Replace(" ", string.Empty);
                        for (var part = name; part.Length > 0; part = Enclosing(part))
                        {
                            namespaces.Add(part);
                        }

                        CollectImports(ns.Usings, name, namespaces, staticImports, aliases);
                        CollectNamespaces(ns.Members, name, namespaces, staticImports, aliases);
                    }
                }
            }

            private static void CollectImports(
                SyntaxList<UsingDirectiveSyntax> usings, string scope, HashSet<string> namespaces, HashSet<(string, string)> staticImports, HashSet<string> aliases)
            {
                foreach (var directive in usings)
                {
                    if (directive.Alias != null)
                    {
                        aliases.Add(directive.Alias.Name.Identifier.ValueText);
                    }
                    else if (directive.Name is { } name)
                    {
                        // `global::` sits on the leftmost part of the name: `global::A.B` is ((global::A).B).
                        var text = name.ToString().Replace(" ", string.Empty);
                        bool global = text.StartsWith(GlobalPrefix, StringComparison.Ordinal);
                        text = global ? text.Substring(GlobalPrefix.Length) : text;
                        if (directive.StaticKeyword.IsKind(SyntaxKind.None))
                        {
                            namespaces.Add(MetadataName(text));
                        }
                        else
                        {
                            staticImports.Add((global ? string.Empty : scope, MetadataName(text)));
                        }
                    }
                }
            }

            private const string GlobalPrefix = "global::";

            // `using static System.Math;` needs the metadata name; generic arguments of a static import are dropped.
            private static string MetadataName(string text)
            {
                int angle = text.IndexOf('<');
                return angle < 0 ? text : text.Substring(0, angle);
            }

            /// <summary>
            /// The type a <c>using static</c> names, looked up as C# does: inside <c>namespace A.B</c>, <c>using static
            /// Zip.Deflater;</c> is <c>A.B.Zip.Deflater</c>, else <c>A.Zip.Deflater</c>, else <c>Zip.Deflater</c>; nested
            /// types by their containing types. (An unresolved one makes every name a candidate compilation-wide, as one
            /// relative import in SharpZipLib did: 477 blocks bound for MEM001 there, most over <c>new ZipException(...)</c>.)
            /// </summary>
            private static INamedTypeSymbol? ResolveType(INamespaceSymbol global, string scope, string name)
            {
                for (var prefix = scope; ; prefix = Enclosing(prefix))
                {
                    if (Find(global, prefix.Length == 0 ? name : prefix + "." + name, typesToo: true) is INamedTypeSymbol type)
                    {
                        return type;
                    }

                    if (prefix.Length == 0)
                    {
                        return null;
                    }
                }
            }

            /// <summary><c>A.B</c> for <c>A.B.C</c>; the global namespace's empty name for <c>A</c>.</summary>
            private static string Enclosing(string name) => name.LastIndexOf('.') is var dot && dot > 0 ? name.Substring(0, dot) : string.Empty;

            /// <summary>The namespace (or, with <paramref name="typesToo"/>, the type) a dotted name denotes from the global namespace.</summary>
            private static INamespaceOrTypeSymbol? Find(INamespaceSymbol global, string name, bool typesToo)
            {
                if (name.Length == 0)
                {
                    return global;
                }

                INamespaceOrTypeSymbol current = global;
                foreach (var part in name.Split('.'))
                {
                    INamespaceOrTypeSymbol? next = null;
                    foreach (var member in current.GetMembers(part))
                    {
                        next ??= typesToo ? member as INamespaceOrTypeSymbol : member as INamespaceSymbol;
                    }

                    if (next == null)
                    {
                        return null;
                    }

                    current = next;
                }

                return current;
            }
        }
    }
}
