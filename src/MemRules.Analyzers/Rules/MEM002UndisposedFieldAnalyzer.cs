using System.Collections.Generic;
using System.Collections.Immutable;
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
                !MayCreateInto(type, candidates, context.CancellationToken))
            {
                return;
            }

            var options = known.Options.For(type.Locations[0].SourceTree!);
            var ownership = TypeOwnership.Collect(type, known, options, candidates, context.CancellationToken);
            Report(context, type, ownership, known, options);
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
        /// Whether the type's own syntax stores something that can be a creation (<c>new</c>, a call, an
        /// <c>await</c>) into one of <paramref name="names"/>: without that it owns none of them, and its code
        /// is not bound.
        /// </summary>
        private static bool MayCreateInto(INamedTypeSymbol type, HashSet<string> names, System.Threading.CancellationToken cancellationToken)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                var declaration = reference.GetSyntax(cancellationToken);
                foreach (var node in declaration.DescendantNodes(n => n == declaration || n is not BaseTypeDeclarationSyntax))
                {
                    switch (node)
                    {
                        case AssignmentExpressionSyntax assignment when assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) || assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression):
                            if (OwnMemberName(assignment.Left) is { } target && names.Contains(target) && MayBeCreation(assignment.Right))
                            {
                                return true;
                            }

                            break;
                        case VariableDeclaratorSyntax { Initializer: { } initializer, Parent.Parent: BaseFieldDeclarationSyntax } variable
                            when names.Contains(variable.Identifier.ValueText) && MayBeCreation(initializer.Value):
                            return true;
                        case PropertyDeclarationSyntax { Initializer: { } propertyInitializer } property
                            when names.Contains(property.Identifier.ValueText) && MayBeCreation(propertyInitializer.Value):
                            return true;
                    }
                }
            }

            return false;
        }

        private static string? OwnMemberName(ExpressionSyntax target) => target switch
        {
            IdentifierNameSyntax name => name.Identifier.ValueText,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access => access.Name.Identifier.ValueText,
            _ => null,
        };

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

        private static void Report(SymbolAnalysisContext context, INamedTypeSymbol type, TypeOwnership ownership, KnownSymbols known, MemRulesOptions options)
        {
            bool isDisposable = known.IsDisposable(type);
            var roots = DisposeMethods.ReleaseRoots(type);
            var releasedByDispose = ownership.ThroughGetters(ownership.Disposal.ReleasedBy(roots, countArguments: true));
            HashSet<ISymbol>? releasedAnywhere = null;
            string disposeDisplay = DisplayOf(roots);
            foreach (var pair in ownership.Members)
            {
                var member = pair.Key;
                if (!pair.Value.IsOwned || !IsCandidate(member, known, options) || member.Locations.Length == 0 || !member.Locations[0].IsInSource)
                {
                    continue;
                }

                var properties = Properties(member, pair.Value, isDisposable ? DiagnosticProperties.MEM002.NotDisposed : DiagnosticProperties.MEM002.NotDisposable, known, roots);
                var kind = pair.Value.Creation != null ? known.Kinds.OfCreation(pair.Value.Creation) : known.Kinds.OfType(MemberType(member));
                releasedAnywhere ??= ownership.ThroughGetters(ownership.Disposal.ReleasedAnywhere());
                if (!isDisposable)
                {
                    // A test class need not be disposable: its framework's cleanup methods are among the roots.
                    if (!releasedByDispose.Contains(member) && !releasedAnywhere.Contains(member))
                    {
                        context.ReportDiagnostic(Findings.OfResource(
                            Descriptors.MEM002TypeNotDisposable, member.Locations[0], kind, known, options, member.Name, member, properties,
                            type.Name, member.Name, kind.InMessage));
                    }
                }
                else if (!releasedByDispose.Contains(member) && !releasedAnywhere.Contains(member))
                {
                    context.ReportDiagnostic(Findings.OfResource(
                        Descriptors.MEM002FieldNotDisposed, member.Locations[0], kind, known, options, member.Name, member, properties,
                        type.Name, member.Name, kind.InMessage, disposeDisplay));
                }

                if (pair.Value.CreatedInInitializerOrConstructor)
                {
                    foreach (var replacement in ownership.UncheckedReplacements(member))
                    {
                        context.ReportDiagnostic(Findings.OfResource(
                            Descriptors.MEM002FieldReplaced, replacement.Location, kind, known, options, member.Name, replacement.Method,
                            Properties(member, pair.Value, DiagnosticProperties.MEM002.Replaced, known, roots), member.Name, kind.InMessage));
                    }
                }
            }
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
