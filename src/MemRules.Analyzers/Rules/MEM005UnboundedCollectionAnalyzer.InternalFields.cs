using System.Collections.Concurrent;
using System.Collections.Generic;
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
    public sealed partial class MEM005UnboundedCollectionAnalyzer
    {
        /// <summary>
        /// Internal and private protected collection fields: their uses can be in any file of the assembly, so
        /// every file's occurrences of their names are collected as it is analyzed, and the fields are judged
        /// when the whole compilation has been seen — the fields of one type together, with one walk of its code.
        /// </summary>
        private sealed class InternalFields
        {
            private readonly Compilation _compilation;
            private readonly CollectionKnowledge _knowledge;
            private readonly MemRulesOptions.Cache _cache;
            private readonly System.Lazy<Dictionary<string, List<CollectionField>>> _candidates;
            private readonly ConcurrentDictionary<SyntaxTree, Dictionary<string, List<IdentifierNameSyntax>>> _occurrences =
                new ConcurrentDictionary<SyntaxTree, Dictionary<string, List<IdentifierNameSyntax>>>();

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

                var found = new Dictionary<string, List<IdentifierNameSyntax>>(System.StringComparer.Ordinal);
                CollectionFieldSyntax.CollectOccurrences(context.Tree.GetRoot(context.CancellationToken), candidates.ContainsKey, found);
                _occurrences[context.Tree] = found;
            }

            public void Report(CompilationAnalysisContext context)
            {
                var byType = new Dictionary<INamedTypeSymbol, List<(CollectionField Field, List<IdentifierNameSyntax> Occurrences)>>(SymbolEqualityComparer.Default);
                foreach (var candidate in _candidates.Value)
                {
                    foreach (var field in candidate.Value)
                    {
                        var occurrences = new List<IdentifierNameSyntax>();
                        foreach (var perTree in _occurrences.Values)
                        {
                            if (perTree.TryGetValue(candidate.Key, out var inTree))
                            {
                                occurrences.AddRange(inTree);
                            }
                        }

                        var type = field.Field.ContainingType;
                        if (CollectionFieldSyntax.Judge(occurrences, field.Field, field.Kind) != SyntaxVerdict.Undecided ||
                            (!field.Field.IsStatic && _knowledge.Tests.IsTestClass(type)))
                        {
                            continue;
                        }

                        if (!byType.TryGetValue(type, out var list))
                        {
                            byType.Add(type, list = new List<(CollectionField, List<IdentifierNameSyntax>)>());
                        }

                        list.Add((field, occurrences));
                    }
                }

                foreach (var pair in byType)
                {
                    var fields = Classify(pair.Key, pair.Value, context.CancellationToken);
                    foreach (var (field, _) in pair.Value)
                    {
                        MEM005UnboundedCollectionAnalyzer.Report(field, fields.Unbounded(field), isInternal: true, context.ReportDiagnostic, _cache);
                    }
                }
            }

            /// <summary>Binds the calls of the type (for what is initialization), and the initializers and uses of its fields.</summary>
            private CollectionFieldsOfType Classify(
                INamedTypeSymbol type, List<(CollectionField Field, List<IdentifierNameSyntax> Occurrences)> judged, CancellationToken cancellationToken)
            {
                var fields = new CollectionFieldsOfType(type, _knowledge);
                var selection = MentioningMembers.Of(type, judged.Select(j => j.Field.Field.Name), includeNested: true, cancellationToken);
                VisitTypeAndNested(type, _compilation, fields, selection, cancellationToken);
                foreach (var (field, occurrences) in judged)
                {
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

            /// <summary>
            /// Read from the declarations' syntax, not from every type's members: asking each type for its members
            /// completes them all on one thread while every file's <see cref="Collect"/> waits for the result.
            /// </summary>
            private Dictionary<string, List<CollectionField>> FindCandidates()
            {
                var candidates = new Dictionary<string, List<CollectionField>>(System.StringComparer.Ordinal);
                foreach (var tree in _compilation.SyntaxTrees)
                {
                    if (!_cache.For(tree).GetBool(RuleIdentifiers.UnboundedCollection, IncludeInternalKey, defaultValue: true))
                    {
                        continue;
                    }

                    var root = tree.GetRoot();
                    foreach (var node in root.DescendantNodes(n => n == root || n is BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
                    {
                        if (node is not FieldDeclarationSyntax declaration || !MayBeInternal(declaration.Modifiers))
                        {
                            continue;
                        }

                        var model = SemanticModels.Get(_compilation, tree);
                        foreach (var variable in declaration.Declaration.Variables)
                        {
                            if (model.GetDeclaredSymbol(variable) is IFieldSymbol { DeclaredAccessibility: Accessibility.Internal or Accessibility.ProtectedAndInternal } field &&
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
                }

                return candidates;
            }

            /// <summary><c>internal</c> and <c>private protected</c> need a keyword: a field without one is private.</summary>
            private static bool MayBeInternal(SyntaxTokenList modifiers) =>
                modifiers.Any(SyntaxKind.InternalKeyword) || (modifiers.Any(SyntaxKind.PrivateKeyword) && modifiers.Any(SyntaxKind.ProtectedKeyword));
        }
    }
}
