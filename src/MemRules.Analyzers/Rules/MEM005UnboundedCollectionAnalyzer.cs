using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using MemRules.Analyzers.Collections;
using MemRules.Analyzers.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Rules
{
    /// <summary>
    /// MEM005: a collection field that code grows outside initialization, while nothing shrinks, bounds,
    /// replaces or hands it out. Private fields are judged per type, over all the type's syntax (partial
    /// parts and nested types included); internal ones (option include_internal) at the compilation's end,
    /// over every file. Uses are found by name first (<see cref="CollectionFieldSyntax"/>); only a field the
    /// syntax leaves undecided costs a binding of the code that uses it (<see cref="CollectionFieldsOfType"/>).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MEM005UnboundedCollectionAnalyzer : DiagnosticAnalyzer
    {
        internal const string IncludeInternalKey = "include_internal";
        internal const string DefaultCapacityKey = "default_capacity";
        internal const int DefaultCapacity = 1000;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.MEM005UnboundedCollection, Descriptors.MEM005UnboundedInternalCollection);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var knowledge = CollectionKnowledge.Create(start.Compilation);
                if (knowledge.IsEmpty)
                {
                    return;
                }

                var cache = new MemRulesOptions.Cache(start.Options);
                start.RegisterSymbolAction(c => AnalyzeType(c, knowledge, cache), SymbolKind.NamedType);
                var internals = new InternalFields(start.Compilation, knowledge, cache);
                start.RegisterSyntaxTreeAction(internals.Collect);
                start.RegisterCompilationEndAction(internals.Report);
            });
        }

        private static void AnalyzeType(SymbolAnalysisContext context, CollectionKnowledge knowledge, MemRulesOptions.Cache cache)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            List<CollectionField>? undecided = null;
            foreach (var member in type.GetMembers())
            {
                if (member is IFieldSymbol { DeclaredAccessibility: Accessibility.Private } field &&
                    Candidate(field, knowledge) is { } candidate &&
                    Judge(field, OccurrencesInType(type, field.Name, context.CancellationToken)) == SyntaxVerdict.Undecided)
                {
                    (undecided ??= new List<CollectionField>()).Add(candidate);
                }
            }

            if (undecided == null)
            {
                return;
            }

            var fields = new CollectionFieldsOfType(type, knowledge);
            foreach (var field in undecided)
            {
                fields.Fields.Add(field.Field, field);
            }

            VisitTypeAndNested(type, context.Compilation, fields, context.CancellationToken);
            var initOnly = fields.InitOnlyMethods();
            foreach (var field in undecided)
            {
                Report(field, fields.Unbounded(field, initOnly), Descriptors.MEM005UnboundedCollection, context.ReportDiagnostic, cache);
            }
        }

        /// <summary>The state of a field MEM005 judges, or null: not a known growable collection, keyed by a small domain, or holding composite children.</summary>
        private static CollectionField? Candidate(IFieldSymbol field, CollectionKnowledge knowledge)
        {
            if (field.IsImplicitlyDeclared || field.IsConst || field.Locations.Length == 0 || !field.Locations[0].IsInSource)
            {
                return null;
            }

            var kind = knowledge.KindOf(field.Type);
            return kind == CollectionKind.None || knowledge.HasSmallKeyDomain(field.Type, kind) ||
                   CollectionKnowledge.HoldsCompositeChildren(field.Type, kind, field.ContainingType)
                ? null
                : new CollectionField(field.OriginalDefinition, kind);
        }

        private static SyntaxVerdict Judge(IFieldSymbol field, List<IdentifierNameSyntax> occurrences) =>
            CollectionFieldSyntax.Judge(occurrences, field);

        private static List<IdentifierNameSyntax> OccurrencesInType(INamedTypeSymbol type, string name, CancellationToken cancellationToken)
        {
            var occurrences = new List<IdentifierNameSyntax>();
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                CollectionFieldSyntax.CollectOccurrences(reference.GetSyntax(cancellationToken), name, occurrences);
            }

            return occurrences;
        }

        /// <summary>Every operation of the type's own code and its nested types' (which can use its private members).</summary>
        private static void VisitTypeAndNested(INamedTypeSymbol type, Compilation compilation, CollectionFieldsOfType fields, CancellationToken cancellationToken)
        {
            foreach (var body in MemberBodies.Of(type, compilation, cancellationToken))
            {
                foreach (var operation in body.Root.DescendantsAndSelf())
                {
                    fields.Visit(operation, body.Member);
                }
            }

            foreach (var nested in type.GetTypeMembers())
            {
                VisitTypeAndNested(nested, compilation, fields, cancellationToken);
            }
        }

        private static void Report(
            CollectionField field, (Site First, List<Location> Locations)? unbounded, DiagnosticDescriptor descriptor,
            System.Action<Diagnostic> report, MemRulesOptions.Cache cache)
        {
            if (unbounded is not { } found)
            {
                return;
            }

            var location = field.Field.Locations[0];
            var capacity = cache.For(location.SourceTree!)
                .GetInt(RuleIdentifiers.UnboundedCollection, DefaultCapacityKey, DefaultCapacity, 1, 100_000_000);
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(DiagnosticProperties.MEM005.Capacity, capacity.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Add(DiagnosticProperties.MEM005.CollectionKind, field.Kind.ToString());
            report(Diagnostic.Create(
                descriptor, location, found.Locations, properties,
                field.Field.Name, found.First.Name, MemberName(found.First.Member)));
        }

        private static string MemberName(ISymbol member) =>
            member is IMethodSymbol { AssociatedSymbol: { } associated } ? associated.Name :
            member is IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } ? member.ContainingType.Name :
            member.Name;

        /// <summary>
        /// Internal and private protected collection fields: their uses can be in any file of the assembly, so
        /// every file's occurrences of their names are collected as it is analyzed, and the fields are judged
        /// when the whole compilation has been seen.
        /// </summary>
        private sealed class InternalFields
        {
            private readonly Compilation _compilation;
            private readonly CollectionKnowledge _knowledge;
            private readonly MemRulesOptions.Cache _cache;
            private readonly System.Lazy<Dictionary<string, List<CollectionField>>> _candidates;
            private readonly ConcurrentDictionary<SyntaxTree, List<IdentifierNameSyntax>> _occurrences =
                new ConcurrentDictionary<SyntaxTree, List<IdentifierNameSyntax>>();

            public InternalFields(Compilation compilation, CollectionKnowledge knowledge, MemRulesOptions.Cache cache)
            {
                _compilation = compilation;
                _knowledge = knowledge;
                _cache = cache;
                _candidates = new System.Lazy<Dictionary<string, List<CollectionField>>>(FindCandidates, LazyThreadSafetyMode.ExecutionAndPublication);
            }

            public void Collect(SyntaxTreeAnalysisContext context)
            {
                var candidates = _candidates.Value;
                if (candidates.Count == 0)
                {
                    return;
                }

                var found = new List<IdentifierNameSyntax>();
                foreach (var token in context.Tree.GetRoot(context.CancellationToken).DescendantTokens())
                {
                    if (token.Parent is IdentifierNameSyntax identifier && candidates.ContainsKey(token.ValueText))
                    {
                        found.Add(identifier);
                    }
                }

                _occurrences[context.Tree] = found;
            }

            public void Report(CompilationAnalysisContext context)
            {
                foreach (var candidate in _candidates.Value)
                {
                    foreach (var field in candidate.Value)
                    {
                        var occurrences = new List<IdentifierNameSyntax>();
                        foreach (var perTree in _occurrences.Values)
                        {
                            occurrences.AddRange(perTree.FindAll(o => o.Identifier.ValueText == candidate.Key));
                        }

                        if (Judge(field.Field, occurrences) == SyntaxVerdict.Undecided)
                        {
                            var fields = Classify(field, occurrences, context.CancellationToken);
                            MEM005UnboundedCollectionAnalyzer.Report(
                                field, fields.Unbounded(field, fields.InitOnlyMethods()), Descriptors.MEM005UnboundedInternalCollection, context.ReportDiagnostic, _cache);
                        }
                    }
                }
            }

            /// <summary>Binds the uses of one field, its initializer, and the calls of its type (for what is initialization).</summary>
            private CollectionFieldsOfType Classify(CollectionField field, List<IdentifierNameSyntax> occurrences, CancellationToken cancellationToken)
            {
                var type = field.Field.ContainingType;
                var fields = new CollectionFieldsOfType(type, _knowledge);
                VisitTypeAndNested(type, _compilation, fields, cancellationToken);
                fields.Fields.Add(field.Field, field);
                foreach (var reference in field.Field.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer: { } initializer } &&
                        SemanticModels.Get(_compilation, initializer.SyntaxTree).GetOperation(initializer, cancellationToken) is { } operation)
                    {
                        fields.Visit(operation, field.Field);
                    }
                }

                foreach (var occurrence in occurrences)
                {
                    var model = SemanticModels.Get(_compilation, occurrence.SyntaxTree);
                    if (FieldReference(model.GetOperation(occurrence, cancellationToken) ?? model.GetOperation(occurrence.Parent!, cancellationToken), field.Field) is { } use &&
                        EnclosingMember(model, occurrence.SpanStart, cancellationToken) is { } member)
                    {
                        fields.RecordUse(field, use, member);
                    }
                }

                return fields;
            }

            private static IFieldReferenceOperation? FieldReference(IOperation? operation, IFieldSymbol field) =>
                operation is IFieldReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Field.OriginalDefinition, field)
                    ? reference
                    : null;

            /// <summary>The method, accessor or field around a position, seen through lambdas and local functions.</summary>
            private static ISymbol? EnclosingMember(SemanticModel model, int position, CancellationToken cancellationToken)
            {
                var symbol = model.GetEnclosingSymbol(position, cancellationToken);
                while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
                {
                    symbol = symbol.ContainingSymbol;
                }

                return symbol;
            }

            private Dictionary<string, List<CollectionField>> FindCandidates()
            {
                var candidates = new Dictionary<string, List<CollectionField>>(System.StringComparer.Ordinal);
                var pending = new Stack<INamespaceOrTypeSymbol>();
                pending.Push(_compilation.Assembly.GlobalNamespace);
                while (pending.Count > 0)
                {
                    foreach (var member in pending.Pop().GetMembers())
                    {
                        if (member is INamespaceOrTypeSymbol container)
                        {
                            pending.Push(container);
                        }
                        else if (member is IFieldSymbol { DeclaredAccessibility: Accessibility.Internal or Accessibility.ProtectedAndInternal } field &&
                                 field.Locations.Length > 0 && field.Locations[0].SourceTree is { } tree &&
                                 _cache.For(tree).GetBool(RuleIdentifiers.UnboundedCollection, IncludeInternalKey, defaultValue: false) &&
                                 Candidate(field, _knowledge) is { } candidate)
                        {
                            if (!candidates.TryGetValue(field.Name, out var list))
                            {
                                candidates.Add(field.Name, list = new List<CollectionField>(1));
                            }

                            list.Add(candidate);
                        }
                    }
                }

                return candidates;
            }
        }
    }
}
