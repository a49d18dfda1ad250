using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using MemRules.Analyzers.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MemRules.Analyzers.Rules
{
    /// <summary>
    /// MEM002: an instance field or auto-property that the type fills with a resource it creates is
    /// disposed by the type's disposal. A type is looked at only when it has a disposable instance field
    /// and its syntax assigns a member something that can be a creation; <see cref="TypeOwnership"/> then
    /// walks its code once and says what it owns and releases.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MEM002UndisposedFieldAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            Descriptors.MEM002TypeNotDisposable, Descriptors.MEM002FieldNotDisposed, Descriptors.MEM002FieldReplaced);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var known = KnownSymbols.TryCreate(start.Compilation, start.Options);
                if (known != null)
                {
                    start.RegisterSymbolAction(s => AnalyzeType(s, known), SymbolKind.NamedType);
                }
            });
        }

        private static void AnalyzeType(SymbolAnalysisContext context, KnownSymbols known)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.IsStatic || type.Locations.Length == 0 ||
                !type.Locations[0].IsInSource || CandidateMembers(type, known) is not { } candidates ||
                CreatedInto(type, candidates, context.CancellationToken) is not { } created)
            {
                return;
            }

            // First only the code that stores or releases the fields: it usually shows every field released or not
            // owned, and the rest of the code could only add releases and hand-ons. Otherwise all that reaches them.
            var options = known.Options.For(type.Locations[0].SourceTree!);
            var roots = DisposeMethods.ReleaseRoots(type);
            var storingOrReleasing = MentioningMembers.StoringOrReleasing(type, created, roots, context.CancellationToken);
            if (!Report(null, type, TypeOwnership.Collect(type, known, options, created, context.CancellationToken, selection: storingOrReleasing), known, options, roots))
            {
                return;
            }

            Report(context.ReportDiagnostic, type, TypeOwnership.Collect(type, known, options, created, context.CancellationToken), known, options, roots);
        }

        /// <summary>
        /// The names of the instance fields and auto-properties of a disposable reference type; null when there
        /// are none, or when an unresolved base or interface leaves unknown whether the type is disposable.
        /// </summary>
        private static HashSet<string>? CandidateMembers(INamedTypeSymbol type, KnownSymbols known)
        {
            if (type.BaseType is { TypeKind: TypeKind.Error })
            {
                return null;
            }

            foreach (var implemented in type.Interfaces)
            {
                if (implemented.TypeKind == TypeKind.Error)
                {
                    return null;
                }
            }

            HashSet<string>? names = null;
            foreach (var member in type.GetMembers())
            {
                if (member is IFieldSymbol { IsStatic: false, IsConst: false } field && known.IsDisposable(field.Type) && !field.Type.IsValueType)
                {
                    (names ??= new HashSet<string>(System.StringComparer.Ordinal)).Add((field.AssociatedSymbol ?? field).Name);
                }
            }

            return names;
        }

        /// <summary>
        /// The members of <paramref name="names"/> that the type's own syntax stores something into that can be a
        /// creation (<c>new</c>, a call, an <c>await</c>), with the instance fields and properties named inside such a
        /// value (the inner stream of <c>_reader = new StreamReader(_stream)</c>, whose origin decides whether the wrapper
        /// is owned, so its stores must be seen whenever the wrapper's are). Only these can be owned, so only the members
        /// that reach them are bound; null when there are none.
        /// </summary>
        private static HashSet<string>? CreatedInto(INamedTypeSymbol type, HashSet<string> names, System.Threading.CancellationToken cancellationToken)
        {
            HashSet<string>? created = null;
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                var declaration = reference.GetSyntax(cancellationToken);
                foreach (var node in declaration.DescendantNodes(n => n == declaration || n is not BaseTypeDeclarationSyntax))
                {
                    var (target, value) = node switch
                    {
                        AssignmentExpressionSyntax assignment when assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) || assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression) =>
                            (MentioningMembers.StoredName(assignment.Left), assignment.Right),
                        VariableDeclaratorSyntax { Initializer: { } initializer, Parent.Parent: BaseFieldDeclarationSyntax } variable =>
                            (variable.Identifier.ValueText, initializer.Value),
                        PropertyDeclarationSyntax { Initializer: { } propertyInitializer } property => (property.Identifier.ValueText, propertyInitializer.Value),
                        _ => (null, null),
                    };
                    if (target != null && names.Contains(target) && MayBeCreation(value!))
                    {
                        created ??= new HashSet<string>(System.StringComparer.Ordinal);
                        created.Add(target);
                        foreach (var token in value!.DescendantTokens())
                        {
                            if (token.IsKind(SyntaxKind.IdentifierToken) && !created.Contains(token.ValueText) && SymbolNames.IsMemberName(type, token.ValueText, inBases: false, IsInstanceFieldOrProperty))
                            {
                                created.Add(token.ValueText);
                            }
                        }
                    }
                }
            }

            return created;
        }

        private static bool IsInstanceFieldOrProperty(ISymbol member) => member is IFieldSymbol { IsStatic: false } or IPropertySymbol { IsStatic: false };

        private static bool MayBeCreation(ExpressionSyntax value)
        {
            while (true)
            {
                switch (value)
                {
                    case ParenthesizedExpressionSyntax parenthesized:
                        value = parenthesized.Expression;
                        continue;
                    case CastExpressionSyntax cast:
                        value = cast.Expression;
                        continue;
                    case PostfixUnaryExpressionSyntax suppressed when suppressed.IsKind(SyntaxKind.SuppressNullableWarningExpression):
                        value = suppressed.Operand;
                        continue;
                    default:
                        return value is BaseObjectCreationExpressionSyntax or InvocationExpressionSyntax or AwaitExpressionSyntax;
                }
            }
        }

        /// <summary>Reports what <paramref name="ownership"/> leaves owned and unreleased; with no <paramref name="report"/>, only says whether there is any.</summary>
        private static bool Report(
            System.Action<Diagnostic>? report, INamedTypeSymbol type, TypeOwnership ownership, KnownSymbols known, MemRulesOptions options, List<IMethodSymbol> roots)
        {
            bool any = false;
            bool isDisposable = known.IsDisposable(type);
            var releasedByDispose = ownership.ThroughGetters(ownership.Disposal.ReleasedBy(roots, countArguments: true));
            HashSet<ISymbol>? releasedAnywhere = null;
            string? disposeDisplay = null;
            foreach (var pair in ownership.Members)
            {
                var member = pair.Key;
                if (!pair.Value.IsOwned || !IsCandidate(member, known, options) || member.Locations.Length == 0 || !member.Locations[0].IsInSource)
                {
                    continue;
                }

                releasedAnywhere ??= ownership.ThroughGetters(ownership.Disposal.ReleasedAnywhere());
                // A test class need not be disposable: its framework's cleanup methods are among the roots.
                bool unreleased = !releasedByDispose.Contains(member) && !releasedAnywhere.Contains(member);
                var replacements = pair.Value.CreatedInInitializerOrConstructor ? ownership.UncheckedReplacements(member).ToList() : null;
                if (!unreleased && (replacements == null || replacements.Count == 0))
                {
                    continue;
                }

                any = true;
                if (report == null)
                {
                    return true;
                }

                var kind = pair.Value.Creation != null ? known.Kinds.OfCreation(pair.Value.Creation) : known.Kinds.OfType(MemberType(member));
                if (unreleased)
                {
                    var properties = Properties(member, pair.Value, isDisposable ? DiagnosticProperties.MEM002.NotDisposed : DiagnosticProperties.MEM002.NotDisposable, known, roots);
                    report(isDisposable
                        ? Findings.OfResource(
                            Descriptors.MEM002FieldNotDisposed, member.Locations[0], kind, known, options, member.Name, member, properties,
                            type.Name, member.Name, kind.InMessage, disposeDisplay ??= DisplayOf(roots))
                        : Findings.OfResource(
                            Descriptors.MEM002TypeNotDisposable, member.Locations[0], kind, known, options, member.Name, member, properties,
                            type.Name, member.Name, kind.InMessage));
                }

                foreach (var replacement in replacements ?? new List<Replacement>())
                {
                    report(Findings.OfResource(
                        Descriptors.MEM002FieldReplaced, replacement.Location, kind, known, options, member.Name, replacement.Method,
                        Properties(member, pair.Value, DiagnosticProperties.MEM002.Replaced, known, roots), member.Name, kind.InMessage));
                }
            }

            return any;
        }

        /// <summary>A disposable reference-typed instance field or auto-property of an owned resource type.</summary>
        private static bool IsCandidate(ISymbol member, KnownSymbols known, MemRulesOptions options)
        {
            var memberType = member switch
            {
                IFieldSymbol field => field.Type,
                IPropertySymbol property when IsAutoProperty(property) => property.Type,
                _ => null,
            };
            return memberType != null && !memberType.IsValueType && !member.IsStatic &&
                   ResourceCreation.IsOwnedResourceType(memberType, known, options, out _);
        }

        private static bool IsAutoProperty(IPropertySymbol property)
        {
            foreach (var member in property.ContainingType.GetMembers())
            {
                if (member is IFieldSymbol { AssociatedSymbol: { } associated } && SymbolEqualityComparer.Default.Equals(associated, property))
                {
                    return true;
                }
            }

            return false;
        }

        private static ITypeSymbol MemberType(ISymbol member) => member is IFieldSymbol f ? f.Type : ((IPropertySymbol)member).Type;

        private static ImmutableDictionary<string, string?> Properties(ISymbol member, MemberFacts facts, string kind, KnownSymbols known, List<IMethodSymbol> roots)
        {
            var builder = ImmutableDictionary.CreateBuilder<string, string?>();
            builder.Add(DiagnosticProperties.MEM002.Kind, kind);
            if (known.IsOnlyAsyncDisposable(MemberType(member)))
            {
                builder.Add(DiagnosticProperties.MEM002.AsyncOnly, DiagnosticProperties.True);
            }

            if (!facts.HasInitializer)
            {
                builder.Add(DiagnosticProperties.MEM002.MaybeNull, DiagnosticProperties.True);
            }

            if (ReleaseHook(roots) is { } hook && (!facts.CreatedInInitializerOrConstructor || hook.Name.IndexOf("Dispose", System.StringComparison.Ordinal) >= 0))
            {
                builder.Add(DiagnosticProperties.MEM002.ReleaseHook, hook.Name);
            }

            return builder.ToImmutable();
        }

        /// <summary>
        /// The one overridden, parameterless release hook the type declares (not Dispose itself): a member opened
        /// outside constructors (<c>InitializeTarget</c>) is closed there, because the base may reopen the type after
        /// it; a hook named for disposal (<c>OnDispose</c>, <c>DisposeCore</c>) takes every member.
        /// </summary>
        private static IMethodSymbol? ReleaseHook(List<IMethodSymbol> roots)
        {
            IMethodSymbol? hook = null;
            foreach (var root in roots)
            {
                if (root.IsOverride && root.Parameters.Length == 0 && root.ReturnsVoid && root.Name is not ("Dispose" or "DisposeAsync" or "DisposeAsyncCore") &&
                    !root.DeclaringSyntaxReferences.IsEmpty)
                {
                    if (hook != null)
                    {
                        return null;
                    }

                    hook = root;
                }
            }

            return hook;
        }

        /// <summary>Where the disposal belongs, in words: its declared dispose methods or overridden release hooks, else the inherited Dispose().</summary>
        private static string DisplayOf(List<IMethodSymbol> roots)
        {
            if (roots.Count == 0)
            {
                return "inherited Dispose()";
            }

            var parts = new List<string>(roots.Count);
            foreach (var method in roots)
            {
                var display = DisposeMethods.Display(method);
                if (!parts.Contains(display))
                {
                    parts.Add(display);
                }
            }

            return string.Join(" / ", parts);
        }
    }
}
