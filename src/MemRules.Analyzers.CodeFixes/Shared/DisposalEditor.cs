using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using System.Linq;
using MemRules.Analyzers.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace MemRules.Analyzers.CodeFixes.Shared
{
    /// <summary>
    /// Adds statements to a type's disposal, for every fix that releases something the type holds.
    /// <para>
    /// A type that is not disposable gets <c>IDisposable</c> (<c>IAsyncDisposable</c> when a statement needs
    /// <c>await</c>): sealed classes and structs a plain <c>public void Dispose()</c> / <c>DisposeAsync()</c>,
    /// others the <c>Dispose(bool)</c> / <c>DisposeAsyncCore()</c> pattern. A disposable type gets the
    /// statements in its existing <c>Dispose(bool)</c> (inside <c>if (disposing)</c>), else its
    /// <c>Dispose()</c>; awaited statements go to an <c>async</c> <c>DisposeAsyncCore()</c> / <c>DisposeAsync()</c>.
    /// A type that only inherits its disposal gets an override of the base's virtual <c>Dispose(bool)</c>.
    /// Anything else has no safe place: <see cref="Plan"/> returns null and no fix is offered.
    /// </para>
    /// Plans are made on the original semantic model; <see cref="Apply"/> is purely syntactic so that
    /// fix-all can apply every statement for one type together, giving one coherent Dispose.
    /// </summary>
    internal static class DisposalEditor
    {
        internal enum Shape
        {
            NewSync,
            NewSyncPattern,
            NewAsync,
            NewAsyncPattern,
            Existing,
            OverrideDisposeBool,

            /// <summary>The type's overridden release hook (<c>CloseTarget()</c>): the member is closed where the type closes.</summary>
            ReleaseHook,
        }

        /// <summary>Where statements go for one type declaration.</summary>
        internal sealed class Placement
        {
            public Placement(Shape shape, string? syncMethod, int syncParameters, string? asyncMethod)
            {
                Kind = shape;
                SyncMethod = syncMethod;
                SyncParameters = syncParameters;
                AsyncMethod = asyncMethod;
            }

            public Shape Kind { get; }

            /// <summary>For <see cref="Shape.Existing"/>: the method taking synchronous statements.</summary>
            public string? SyncMethod { get; }

            public int SyncParameters { get; }

            /// <summary>For <see cref="Shape.Existing"/>: the async method taking awaited statements.</summary>
            public string? AsyncMethod { get; }
        }

        /// <summary>Statements and members one fix (or fix-all, for one type) adds.</summary>
        internal sealed class Additions
        {
            public List<StatementSyntax> Sync { get; } = new List<StatementSyntax>();

            public List<StatementSyntax> Awaited { get; } = new List<StatementSyntax>();

            public List<MemberDeclarationSyntax> Fields { get; } = new List<MemberDeclarationSyntax>();

            /// <summary>Edits inside the type (a statement split in two, a constructor assignment), applied first.</summary>
            public List<(SyntaxNode Original, Func<SyntaxNode, IEnumerable<SyntaxNode>> Replace)> Edits { get; } =
                new List<(SyntaxNode, Func<SyntaxNode, IEnumerable<SyntaxNode>>)>();

            public bool IsEmpty => Sync.Count == 0 && Awaited.Count == 0;
        }

        /// <summary>
        /// Decides where disposal statements go in <paramref name="declaration"/>; null when there is no
        /// safe place (no fix then). <paramref name="needsAwait"/>: some statement must be awaited;
        /// <paramref name="needsSync"/>: some statement is synchronous.
        /// </summary>
        public static Placement? Plan(
            INamedTypeSymbol type, TypeDeclarationSyntax declaration, Compilation compilation, bool needsSync, bool needsAwait, string? releaseHook = null)
        {
            if (declaration is InterfaceDeclarationSyntax || declaration.Modifiers.Any(SyntaxKind.StaticKeyword) ||
                declaration.Modifiers.Any(SyntaxKind.RefKeyword) || MembersVaryByTarget(declaration))
            {
                return null;
            }

            if (releaseHook != null && !needsAwait && FindHook(declaration, releaseHook) is { } hook)
            {
                if (PreprocessorRegions.HasConditionalDirective(hook))
                {
                    return null;
                }

                return new Placement(Shape.ReleaseHook, releaseHook, 0, null);
            }

            if (KnownSymbols.TryCreate(compilation) is not { } known)
            {
                return null;
            }

            bool isSync = known.IsSyncDisposable(type);
            bool isAsync = known.IsAsyncDisposable(type);

            // Dispose methods declared by the type but in another part of a partial type: no safe place here.
            var declared = type.GetMembers().OfType<IMethodSymbol>().Where(IsDisposalMethod).ToList();
            var here = declaration.Members.OfType<MethodDeclarationSyntax>().Where(m => IsDisposalMethod(m)).ToList();
            if (declared.Count != here.Count)
            {
                return null;
            }

            if (!isSync && !isAsync)
            {
                // A Dispose method without the interface: adding another would not compile.
                if (here.Count > 0)
                {
                    return null;
                }

                if (needsAwait && (known.IAsyncDisposable == null || compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask") == null))
                {
                    return null;
                }

                bool plain = type.IsSealed || type.TypeKind == TypeKind.Struct;
                return new Placement(
                    needsAwait ? (plain ? Shape.NewAsync : Shape.NewAsyncPattern) : (plain ? Shape.NewSync : Shape.NewSyncPattern),
                    null, 0, null);
            }

            var disposeBool = Find(here, "Dispose", 1);
            var dispose = Find(here, "Dispose", 0);
            var asyncCore = Find(here, "DisposeAsyncCore", 0);
            var disposeAsync = Find(here, "DisposeAsync", 0);
            var asyncTarget = asyncCore != null && IsAsyncBlockOrExpression(asyncCore) ? asyncCore
                : disposeAsync != null && IsAsyncBlockOrExpression(disposeAsync) ? disposeAsync
                : null;
            if (needsAwait && asyncTarget == null)
            {
                return null;
            }

            if (here.Count == 0)
            {
                // Only inherited: override the base's Dispose(bool) when it is virtual.
                return needsAwait || !HasOverridableDisposeBool(type) ? null : new Placement(Shape.OverrideDisposeBool, null, 1, null);
            }

            var syncTarget = disposeBool ?? (dispose != null && !ForwardsToDisposeBool(dispose) ? dispose : null);
            if (syncTarget == null && needsSync)
            {
                if (asyncTarget == null || isSync)
                {
                    return null;
                }

                syncTarget = asyncTarget;
            }

            return new Placement(
                Shape.Existing,
                syncTarget?.Identifier.ValueText ?? ExplicitName(syncTarget),
                syncTarget?.ParameterList.Parameters.Count ?? 0,
                asyncTarget?.Identifier.ValueText);
        }

        /// <summary>
        /// Whether the type's members sit in conditional regions (<c>#if</c> between members or before its closing
        /// brace), or its disposal methods hold one: each target of a multi-targeted project would put the new
        /// members and statements in another place (<see cref="PreprocessorRegions"/>).
        /// </summary>
        private static bool MembersVaryByTarget(TypeDeclarationSyntax declaration) =>
            declaration.Members.Any(m => m.GetLeadingTrivia().Any(t => t.IsDirective && PreprocessorRegions.HasConditionalDirective(t)) ||
                                         (m is MethodDeclarationSyntax method && IsDisposalMethod(method) && PreprocessorRegions.HasConditionalDirective(method))) ||
            declaration.CloseBraceToken.LeadingTrivia.Any(t => t.IsDirective && PreprocessorRegions.HasConditionalDirective(t));

        private static string? ExplicitName(MethodDeclarationSyntax? method) => method?.Identifier.ValueText;

        private static MethodDeclarationSyntax? FindHook(TypeDeclarationSyntax declaration, string name) =>
            declaration.Members.OfType<MethodDeclarationSyntax>().FirstOrDefault(m =>
                m.Identifier.ValueText == name && m.ParameterList.Parameters.Count == 0 && m.Modifiers.Any(SyntaxKind.OverrideKeyword) &&
                (m.Body != null || m.ExpressionBody != null));

        private static bool IsDisposalMethod(IMethodSymbol method)
        {
            var name = method.MethodKind == MethodKind.ExplicitInterfaceImplementation && method.ExplicitInterfaceImplementations.Length == 1
                ? method.ExplicitInterfaceImplementations[0].Name
                : method.Name;
            return !method.IsStatic && !method.IsAbstract && method.MethodKind is MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation &&
                   ((name == "Dispose" && (method.Parameters.Length == 0 || (method.Parameters.Length == 1 && method.Parameters[0].Type.SpecialType == SpecialType.System_Boolean))) ||
                    ((name == "DisposeAsync" || name == "DisposeAsyncCore") && method.Parameters.Length == 0));
        }

        private static bool IsDisposalMethod(MethodDeclarationSyntax method)
        {
            var name = method.Identifier.ValueText;
            int count = method.ParameterList.Parameters.Count;
            return !method.Modifiers.Any(SyntaxKind.StaticKeyword) && !method.Modifiers.Any(SyntaxKind.AbstractKeyword) &&
                   (method.Body != null || method.ExpressionBody != null) &&
                   ((name == "Dispose" && count <= 1) || ((name == "DisposeAsync" || name == "DisposeAsyncCore") && count == 0));
        }

        private static MethodDeclarationSyntax? Find(IEnumerable<MethodDeclarationSyntax> methods, string name, int parameters) =>
            methods.FirstOrDefault(m => m.Identifier.ValueText == name && m.ParameterList.Parameters.Count == parameters);

        private static bool IsAsyncBlockOrExpression(MethodDeclarationSyntax method) =>
            method.Modifiers.Any(SyntaxKind.AsyncKeyword);

        /// <summary><c>public void Dispose() { Dispose(true); GC.SuppressFinalize(this); }</c>: the statements belong in Dispose(bool).</summary>
        private static bool ForwardsToDisposeBool(MethodDeclarationSyntax dispose) =>
            dispose.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(i =>
                i.Expression is IdentifierNameSyntax { Identifier.ValueText: "Dispose" } && i.ArgumentList.Arguments.Count == 1);

        private static bool HasOverridableDisposeBool(INamedTypeSymbol type)
        {
            for (var baseType = type.BaseType; baseType != null; baseType = baseType.BaseType)
            {
                foreach (var member in baseType.GetMembers("Dispose"))
                {
                    if (member is IMethodSymbol { Parameters.Length: 1 } method &&
                        method.Parameters[0].Type.SpecialType == SpecialType.System_Boolean)
                    {
                        return (method.IsVirtual || method.IsOverride || method.IsAbstract) && !method.IsSealed &&
                               method.DeclaredAccessibility is Accessibility.Protected or Accessibility.Public or Accessibility.ProtectedOrInternal;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// Applies the plans of one document: each type's inner edits, then its fields and disposal
        /// statements, then the usings the new code needs, then formats what changed. Nodes are tracked so
        /// that nested types and several edits in one type compose.
        /// </summary>
        public static async Task<Document> ApplyAsync(
            Document document, SyntaxNode root, SemanticModel model,
            List<(TypeDeclarationSyntax Declaration, Placement Placement, Additions Additions)> plans,
            CancellationToken cancellationToken)
        {
            if (plans.Count == 0)
            {
                return document;
            }

            var tracked = plans.Select(p => (SyntaxNode)p.Declaration)
                .Concat(plans.SelectMany(p => p.Additions.Edits.Select(e => e.Original)));
            var current = root.TrackNodes(tracked);
            bool needsUsings = false;
            bool needsTasks = false;
            foreach (var (declaration, placement, additions) in plans)
            {
                foreach (var (original, replace) in additions.Edits)
                {
                    var node = current.GetCurrentNode(original);
                    if (node != null)
                    {
                        var replacement = replace(node).ToList();
                        current = replacement.Count == 1 ? current.ReplaceNode(node, replacement[0]) : current.ReplaceNode(node, replacement);
                    }
                }

                var type = current.GetCurrentNode(declaration)!;
                current = current.ReplaceNode(type, Apply(type, placement, additions));
                needsUsings |= placement.Kind is Shape.NewSync or Shape.NewSyncPattern or Shape.NewAsync or Shape.NewAsyncPattern;
                needsTasks |= placement.Kind is Shape.NewAsync or Shape.NewAsyncPattern;
            }

            if (needsUsings)
            {
                current = AddUsings(current, model, plans[0].Declaration.SpanStart, needsTasks);
            }

            var updated = document.WithSyntaxRoot(current);
            return await Formatter.FormatAsync(updated, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Adds the statements and fields to the current version of the type declaration.</summary>
        public static TypeDeclarationSyntax Apply(TypeDeclarationSyntax declaration, Placement placement, Additions additions)
        {
            var result = declaration;
            foreach (var field in additions.Fields)
            {
                result = InsertField(result, field.WithAdditionalAnnotations(Formatter.Annotation));
            }

            var sync = additions.Sync.Select(s => s.WithAdditionalAnnotations(Formatter.Annotation)).ToList();
            var awaited = additions.Awaited.Select(s => s.WithAdditionalAnnotations(Formatter.Annotation)).ToList();
            switch (placement.Kind)
            {
                case Shape.NewSync:
                    return AddMembers(AddBase(result, "IDisposable"), Method("public void Dispose()", sync));
                case Shape.NewSyncPattern:
                    return AddMembers(
                        AddBase(result, "IDisposable"),
                        Method("public void Dispose()", new[] { Statement("Dispose(true);"), Statement("GC.SuppressFinalize(this);") }),
                        Method("protected virtual void Dispose(bool disposing)", new StatementSyntax[] { IfDisposing(sync) }));
                case Shape.NewAsync:
                    return AddMembers(AddBase(result, "IAsyncDisposable"), Method("public async ValueTask DisposeAsync()", awaited.Concat(sync)));
                case Shape.NewAsyncPattern:
                    return AddMembers(
                        AddBase(result, "IAsyncDisposable"),
                        Method("public async ValueTask DisposeAsync()", new[] { Statement("await DisposeAsyncCore().ConfigureAwait(false);"), Statement("GC.SuppressFinalize(this);") }),
                        Method("protected virtual async ValueTask DisposeAsyncCore()", awaited.Concat(sync)));
                case Shape.OverrideDisposeBool:
                    return AddMembers(result, Method("protected override void Dispose(bool disposing)", new StatementSyntax[] { IfDisposing(sync), Statement("base.Dispose(disposing);") }));
                case Shape.ReleaseHook:
                    return AddToMethod(result, FindHook(result, placement.SyncMethod!)!, sync);
                default:
                    if (sync.Count > 0)
                    {
                        result = AddToExisting(result, placement.SyncMethod!, placement.SyncParameters, sync);
                    }

                    if (awaited.Count > 0)
                    {
                        result = AddToExisting(result, placement.AsyncMethod!, 0, awaited);
                    }

                    return result;
            }
        }

        private static TypeDeclarationSyntax AddToExisting(TypeDeclarationSyntax declaration, string name, int parameters, List<StatementSyntax> statements)
        {
            var method = declaration.Members.OfType<MethodDeclarationSyntax>()
                .First(m => m.Identifier.ValueText == name && m.ParameterList.Parameters.Count == parameters && IsDisposalMethod(m));
            if (parameters == 0)
            {
                return AddToMethod(declaration, method, statements);
            }

            var body = method.Body ?? ToBlock(method);
            var disposing = method.ParameterList.Parameters[0].Identifier.ValueText;
            var guard = body.Statements.OfType<IfStatementSyntax>().FirstOrDefault(i =>
                i.Condition is IdentifierNameSyntax id && id.Identifier.ValueText == disposing && i.Else == null);
            if (guard != null)
            {
                var block = guard.Statement as BlockSyntax ?? SyntaxFactory.Block(guard.Statement);
                body = body.ReplaceNode(guard, guard.WithStatement(block.AddStatements(statements.ToArray())).WithAdditionalAnnotations(Formatter.Annotation));
            }
            else
            {
                body = InsertBeforeBaseCall(body, IfDisposing(statements, disposing));
            }

            return declaration.ReplaceNode(method, WithBody(method, body));
        }

        /// <summary>Adds statements to a parameterless method, before a trailing call to the base's own release.</summary>
        private static TypeDeclarationSyntax AddToMethod(TypeDeclarationSyntax declaration, MethodDeclarationSyntax method, List<StatementSyntax> statements)
        {
            var body = method.Body ?? ToBlock(method);
            foreach (var statement in statements)
            {
                body = InsertBeforeBaseCall(body, statement);
            }

            return declaration.ReplaceNode(method, WithBody(method, body));
        }

        private static MethodDeclarationSyntax WithBody(MethodDeclarationSyntax method, BlockSyntax body)
        {
            var updated = method.WithBody(body).WithExpressionBody(null).WithSemicolonToken(default);
            return method.Body == null ? updated.WithAdditionalAnnotations(Formatter.Annotation) : updated;
        }

        /// <summary>
        /// Statements go before a trailing <c>base.Dispose(...)</c> / <c>base.CloseTarget()</c> so that the base
        /// releases last, as such overrides are written; a base call placed first stays first.
        /// </summary>
        private static BlockSyntax InsertBeforeBaseCall(BlockSyntax body, StatementSyntax statement)
        {
            var last = body.Statements.LastOrDefault();
            if (last is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: BaseExpressionSyntax } } })
            {
                return body.WithStatements(body.Statements.Insert(body.Statements.Count - 1, statement));
            }

            return body.AddStatements(statement);
        }

        private static BlockSyntax ToBlock(MethodDeclarationSyntax method)
        {
            var expression = method.ExpressionBody!.Expression;
            return SyntaxFactory.Block(SyntaxFactory.ExpressionStatement(expression.WithoutTrivia()));
        }

        private static IfStatementSyntax IfDisposing(IEnumerable<StatementSyntax> statements, string disposing = "disposing") =>
            SyntaxFactory.IfStatement(SyntaxFactory.IdentifierName(disposing), SyntaxFactory.Block(statements))
                .WithAdditionalAnnotations(Formatter.Annotation);

        public static StatementSyntax Statement(string text) =>
            SyntaxFactory.ParseStatement(text)
                .WithLeadingTrivia(SyntaxFactory.ElasticMarker)
                .WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed)
                .WithAdditionalAnnotations(Formatter.Annotation);

        private static MethodDeclarationSyntax Method(string signature, IEnumerable<StatementSyntax> statements)
        {
            var method = (MethodDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration(signature + " { }")!;
            return method.WithBody(SyntaxFactory.Block(statements)).WithAdditionalAnnotations(Formatter.Annotation);
        }

        private static TypeDeclarationSyntax AddBase(TypeDeclarationSyntax declaration, string name)
        {
            var baseType = SyntaxFactory.SimpleBaseType(SyntaxFactory.ParseTypeName(name));
            if (declaration.BaseList == null)
            {
                // Move the identifier's (or type parameters') trailing newline after the base list.
                var list = SyntaxFactory.BaseList(SyntaxFactory.SingletonSeparatedList<BaseTypeSyntax>(baseType));
                var lastToken = declaration.TypeParameterList?.GetLastToken() ?? declaration.Identifier;
                if (declaration.ParameterList != null)
                {
                    lastToken = declaration.ParameterList.GetLastToken();
                }

                var trailing = lastToken.TrailingTrivia;
                var withoutTrailing = declaration.ReplaceToken(lastToken, lastToken.WithTrailingTrivia(SyntaxFactory.Space));
                return withoutTrailing.WithBaseList(list.WithTrailingTrivia(trailing));
            }

            return declaration.WithBaseList(declaration.BaseList.AddTypes(baseType));
        }

        private static TypeDeclarationSyntax AddMembers(TypeDeclarationSyntax declaration, params MemberDeclarationSyntax[] members)
        {
            var withBlankLines = members.Select(m => m.WithLeadingTrivia(SyntaxFactory.CarriageReturnLineFeed)).ToArray();
            if (declaration.Members.Count == 0)
            {
                withBlankLines[0] = members[0];
            }

            return declaration.AddMembers(withBlankLines);
        }

        private static TypeDeclarationSyntax InsertField(TypeDeclarationSyntax declaration, MemberDeclarationSyntax field)
        {
            var lastField = declaration.Members.LastOrDefault(m => m is FieldDeclarationSyntax);
            int index = lastField == null ? 0 : declaration.Members.IndexOf(lastField) + 1;
            return declaration.WithMembers(declaration.Members.Insert(index, field));
        }

        /// <summary>Adds <c>using System;</c> (and <c>using System.Threading.Tasks;</c>) when the names the new code uses are not in scope.</summary>
        public static SyntaxNode AddUsings(SyntaxNode root, SemanticModel model, int position, bool needsTasks)
        {
            if (root is not CompilationUnitSyntax unit)
            {
                return root;
            }

            var wanted = new List<(string Namespace, string Probe)> { ("System", "GC") };
            if (needsTasks)
            {
                wanted.Add(("System.Threading.Tasks", "ValueTask"));
            }

            foreach (var (ns, probe) in wanted)
            {
                if (model.LookupNamespacesAndTypes(position, name: probe).Any(s => s.ContainingNamespace?.ToDisplayString() == ns))
                {
                    continue;
                }

                var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(ns)).WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed);
                var usings = unit.Usings;
                int index = 0;
                while (index < usings.Count && string.CompareOrdinal(usings[index].Name?.ToString(), ns) < 0)
                {
                    index++;
                }

                unit = unit.WithUsings(usings.Insert(index, directive.WithAdditionalAnnotations(Formatter.Annotation)));
            }

            return unit;
        }
    }
}
