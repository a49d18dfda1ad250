using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using MemRules.Analyzers.Collections;
using MemRules.Analyzers.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Rules
{
    /// <summary>
    /// MEM005: a collection field that code grows outside initialization, while nothing shrinks, bounds,
    /// replaces or hands it out; a MemoryCache without a SizeLimit filled with entries that never expire.
    /// Private fields are judged per type, over all the type's syntax (partial parts and nested types
    /// included); internal ones (option include_internal, on by default) at the compilation's end, over every
    /// file (<see cref="InternalFields"/>). Uses are found by name first (<see cref="CollectionFieldSyntax"/>);
    /// only a field the syntax leaves undecided costs a binding of the code that uses it
    /// (<see cref="CollectionFieldsOfType"/>). Instance fields of test classes are not judged: the test
    /// framework drops the object after the test.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed partial class MEM005UnboundedCollectionAnalyzer : DiagnosticAnalyzer
    {
        internal const string IncludeInternalKey = "include_internal";
        internal const string DefaultCapacityKey = "default_capacity";
        internal const int DefaultCapacity = 1000;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            Descriptors.MEM005UnboundedCollection, Descriptors.MEM005UnboundedInternalCollection,
            Descriptors.MEM005UnboundedCache, Descriptors.MEM005UnboundedInternalCache);

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
            List<CollectionField>? candidates = null;
            foreach (var member in type.GetMembers())
            {
                if (member is IFieldSymbol { DeclaredAccessibility: Accessibility.Private } field && Candidate(field, knowledge) is { } candidate)
                {
                    (candidates ??= new List<CollectionField>()).Add(candidate);
                }
            }

            if (candidates == null)
            {
                return;
            }

            var names = new HashSet<string>(candidates.Select(c => c.Field.Name), StringComparer.Ordinal);
            var occurrences = new Dictionary<string, List<IdentifierNameSyntax>>(StringComparer.Ordinal);
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                CollectionFieldSyntax.CollectOccurrences(reference.GetSyntax(context.CancellationToken), names.Contains, occurrences);
            }

            List<CollectionField>? undecided = null;
            bool? isTestClass = null;
            foreach (var candidate in candidates)
            {
                var field = candidate.Field;
                if (CollectionFieldSyntax.Judge(occurrences.TryGetValue(field.Name, out var uses) ? uses : (IReadOnlyList<IdentifierNameSyntax>)Array.Empty<IdentifierNameSyntax>(), field, candidate.Kind) == SyntaxVerdict.Undecided &&
                    (field.IsStatic || !(isTestClass ??= knowledge.Tests.IsTestClass(type))))
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

            var selection = MentioningMembers.Of(type, undecided.Select(f => f.Field.Name), includeNested: true, context.CancellationToken);
            VisitTypeAndNested(type, context.Compilation, fields, selection, context.CancellationToken);
            foreach (var field in undecided)
            {
                Report(field, fields.Unbounded(field), isInternal: false, context.ReportDiagnostic, cache);
            }
        }

        /// <summary>
        /// The state of a field MEM005 judges, or null: not a known growable collection or MemoryCache, keyed by a
        /// small domain, or holding composite children.
        /// </summary>
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

        /// <summary>Every operation of the type's own code and its nested types' (which can use its private members) that reaches the fields.</summary>
        private static void VisitTypeAndNested(INamedTypeSymbol type, Compilation compilation, CollectionFieldsOfType fields, MentioningMembers selection, CancellationToken cancellationToken)
        {
            foreach (var body in MemberBodies.Of(type, compilation, cancellationToken, selection))
            {
                foreach (var operation in body.Root.DescendantsAndSelf())
                {
                    fields.Visit(operation, body.Member);
                }
            }

            foreach (var nested in type.GetTypeMembers())
            {
                VisitTypeAndNested(nested, compilation, fields, selection, cancellationToken);
            }
        }

        private static void Report(CollectionField field, Unbounded? unbounded, bool isInternal, System.Action<Diagnostic> report, MemRulesOptions.Cache cache)
        {
            if (unbounded == null)
            {
                return;
            }

            var location = field.Field.Locations[0];
            if (field.Kind == CollectionKind.MemoryCache)
            {
                // No fix: a SizeLimit makes every entry without a size throw (docs/rules/MEM005.md says how to bound it).
                report(Findings.Of(
                    isInternal ? Descriptors.MEM005UnboundedInternalCache : Descriptors.MEM005UnboundedCache, location, field.Field.Name, field.Field,
                    properties: null, unbounded.Locations, field.Field.Name, SymbolNames.InMessage(unbounded.First.Member)));
                return;
            }

            var capacity = cache.For(location.SourceTree!)
                .GetInt(RuleIdentifiers.UnboundedCollection, DefaultCapacityKey, DefaultCapacity, 1, 100_000_000);
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(DiagnosticProperties.MEM005.Capacity, capacity.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Add(DiagnosticProperties.MEM005.CollectionKind, field.Kind.ToString())
                .Add(unbounded.Eviction != null ? DiagnosticProperties.MEM005.Eviction : DiagnosticProperties.MEM005.NoEviction,
                     unbounded.Eviction ?? unbounded.Hazard.ToString());
            report(Findings.Of(
                isInternal ? Descriptors.MEM005UnboundedInternalCollection : Descriptors.MEM005UnboundedCollection, location, field.Field.Name, field.Field,
                properties, unbounded.Locations, field.Field.Name, unbounded.First.Name, SymbolNames.InMessage(unbounded.First.Member)));
        }
    }
}
