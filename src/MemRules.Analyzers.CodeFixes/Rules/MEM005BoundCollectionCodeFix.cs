using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using MemRules.Analyzers.CodeFixes.Shared;
using MemRules.Analyzers.Collections;
using MemRules.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace MemRules.Analyzers.CodeFixes.Rules
{
    /// <summary>
    /// MEM005: adds <c>private const int MaxItemsCount = N;</c> and, before every growth call, an eviction
    /// that fits the collection: the oldest entry for lists, queues and linked lists, an arbitrary one for
    /// bags, everything for stacks, sets and dictionaries (no order to evict by). Offered only where the
    /// analyzer found that evicting cannot break the program (<see cref="DiagnosticProperties.MEM005.Eviction"/>),
    /// and when every growth call is a statement (or an expression body, a return value, a local's
    /// initializer) in the field's document; otherwise there is no place where an eviction certainly runs first.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MEM005BoundCollectionCodeFix))]
    public sealed class MEM005BoundCollectionCodeFix : CodeFixProvider
    {
        internal const string EquivalenceKey = "MEM005BoundCollection";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(RuleIdentifiers.UnboundedCollection);

        public override FixAllProvider GetFixAllProvider() =>
            LineEndings.CreateFixAll((context, document, diagnostics) => FixAsync(document, diagnostics, context.CancellationToken));

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null || model == null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                var plan = Plan.TryCreate(root, model, diagnostic, new HashSet<string>(), context.CancellationToken);
                if (plan == null)
                {
                    continue;
                }

                var title = $"Bound '{plan.FieldName}' to {plan.Capacity} entries";
                context.RegisterCodeFix(
                    LineEndings.CreateAction(title, context.Document, c => FixAsync(context.Document, ImmutableArray.Create(diagnostic), c)!, EquivalenceKey),
                    diagnostic);
            }
        }

        private static async Task<Document?> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            var root = editor.OriginalRoot;
            var usedNames = new HashSet<string>();
            foreach (var diagnostic in diagnostics)
            {
                Plan.TryCreate(root, editor.SemanticModel, diagnostic, usedNames, cancellationToken)?.Apply(editor);
            }

            var changed = editor.GetChangedDocument();
            return await Formatter.FormatAsync(changed, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        private sealed class Plan
        {
            // LineEndings turns it into the document's own line ending, as every new line the fix writes.
            private static readonly SyntaxTrivia EndOfLine = SyntaxFactory.LineFeed;

            private readonly FieldDeclarationSyntax _field;
            private readonly string _constantName;
            private readonly List<(ExpressionSyntax Growth, ExpressionSyntax Receiver)> _sites;
            private readonly CollectionKind _kind;
            private readonly SemanticModel _model;

            private Plan(FieldDeclarationSyntax field, string fieldName, string constantName, int capacity, CollectionKind kind,
                List<(ExpressionSyntax, ExpressionSyntax)> sites, SemanticModel model)
            {
                _field = field;
                FieldName = fieldName;
                _constantName = constantName;
                Capacity = capacity;
                _kind = kind;
                _sites = sites;
                _model = model;
            }

            public string FieldName { get; }

            public int Capacity { get; }

            public static Plan? TryCreate(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, HashSet<string> usedNames, CancellationToken cancellationToken)
            {
                // The analyzer says where evicting cannot break the program (a cache filled on a miss, a history
                // read in order); a registry, collections kept in step, disposable entries get no fix.
                if (diagnostic.Location.SourceTree != root.SyntaxTree ||
                    !diagnostic.Properties.ContainsKey(DiagnosticProperties.MEM005.Eviction) ||
                    !diagnostic.Properties.TryGetValue(DiagnosticProperties.MEM005.Capacity, out var capacityText) ||
                    !int.TryParse(capacityText, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var capacity) ||
                    !diagnostic.Properties.TryGetValue(DiagnosticProperties.MEM005.CollectionKind, out var kindText) ||
                    !System.Enum.TryParse<CollectionKind>(kindText, out var kind) || kind == CollectionKind.None)
                {
                    return null;
                }

                if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<VariableDeclaratorSyntax>() is not { } declarator ||
                    declarator.Parent?.Parent is not FieldDeclarationSyntax field ||
                    model.GetDeclaredSymbol(declarator, cancellationToken) is not IFieldSymbol symbol)
                {
                    return null;
                }

                var languageVersion = ((CSharpParseOptions)root.SyntaxTree.Options).LanguageVersion;
                if (kind is CollectionKind.ConcurrentQueue or CollectionKind.ConcurrentBag && languageVersion < LanguageVersion.CSharp7)
                {
                    return null; // the eviction uses an out discard
                }

                var sites = new List<(ExpressionSyntax, ExpressionSyntax)>();
                foreach (var location in diagnostic.AdditionalLocations)
                {
                    if (location.SourceTree != root.SyntaxTree ||
                        !TryGetSite(root.FindNode(location.SourceSpan, getInnermostNodeForTie: true), out var growth, out var receiver) ||
                        !HasPlace(growth) ||
                        PreprocessorRegions.Interfere(growth.FirstAncestorOrSelf<StatementSyntax>() ?? (SyntaxNode)growth) ||
                        !IsWithin(model.GetEnclosingSymbol(growth.SpanStart, cancellationToken), symbol.ContainingType))
                    {
                        return null;
                    }

                    sites.Add((growth, receiver));
                }

                if (sites.Count == 0 || PreprocessorRegions.Interfere(field))
                {
                    return null;
                }

                var name = ConstantName(symbol, model, field.SpanStart, usedNames);
                usedNames.Add(name);
                return new Plan(field, symbol.Name, name, capacity, kind, sites, model);
            }

            public void Apply(DocumentEditor editor)
            {
                var indentation = _field.GetLeadingTrivia().Count > 0 && _field.GetLeadingTrivia()[_field.GetLeadingTrivia().Count - 1].IsKind(SyntaxKind.WhitespaceTrivia)
                    ? _field.GetLeadingTrivia()[_field.GetLeadingTrivia().Count - 1]
                    : SyntaxFactory.ElasticMarker;
                var constant = SyntaxFactory.ParseMemberDeclaration($"private const int {_constantName} = {Capacity.ToString(System.Globalization.CultureInfo.InvariantCulture)};")!
                    .WithLeadingTrivia(indentation)
                    .WithTrailingTrivia(EndOfLine)
                    .WithAdditionalAnnotations(Formatter.Annotation);
                editor.InsertBefore(_field, constant);

                foreach (var (growth, receiver) in _sites)
                {
                    var eviction = Eviction(receiver);
                    switch (growth.Parent)
                    {
                        case ArrowExpressionClauseSyntax arrow:
                            var owner = arrow.Parent!;
                            var ownerReturns = owner is AccessorDeclarationSyntax accessor
                                ? accessor.IsKind(SyntaxKind.GetAccessorDeclaration)
                                : ReturnsValue(_model.GetDeclaredSymbol(owner) as IMethodSymbol);
                            editor.ReplaceNode(owner, (node, _) => ToBlockBody(node, eviction, ownerReturns));
                            break;
                        case AnonymousFunctionExpressionSyntax lambda:
                            var returnsValue = ReturnsValue(_model.GetSymbolInfo(lambda).Symbol as IMethodSymbol);
                            editor.ReplaceNode(lambda, (node, _) => LambdaToBlock((AnonymousFunctionExpressionSyntax)node, eviction, returnsValue));
                            break;
                        default:
                            var statement = growth.FirstAncestorOrSelf<StatementSyntax>()!;
                            if (statement.Parent is BlockSyntax or SwitchSectionSyntax)
                            {
                                editor.InsertBefore(statement, eviction);
                            }
                            else
                            {
                                editor.ReplaceNode(statement, (node, _) => SyntaxFactory.Block(eviction, ((StatementSyntax)node).WithoutTrivia())
                                    .WithTriviaFrom(node).WithAdditionalAnnotations(Formatter.Annotation));
                            }

                            break;
                    }
                }
            }

            private StatementSyntax Eviction(ExpressionSyntax receiver)
            {
                var target = receiver.WithoutTrivia().ToString();
                var evict = _kind switch
                {
                    CollectionKind.List => "RemoveAt(0)",
                    CollectionKind.Queue => "Dequeue()",
                    CollectionKind.ConcurrentQueue => "TryDequeue(out _)",
                    CollectionKind.LinkedList => "RemoveFirst()",
                    CollectionKind.ConcurrentBag => "TryTake(out _)",
                    _ => "Clear()", // stacks, sets, dictionaries: nothing is oldest, so start again when full
                };
                // A blank line after the closing brace, as most style rules ask.
                return SyntaxFactory.ParseStatement($"if ({target}.Count >= {_constantName})\n{{\n{target}.{evict};\n}}")
                    .WithTrailingTrivia(EndOfLine, EndOfLine)
                    .WithAdditionalAnnotations(Formatter.Annotation);
            }

            private static SyntaxNode ToBlockBody(SyntaxNode owner, StatementSyntax eviction, bool returns)
            {
                switch (owner)
                {
                    case BaseMethodDeclarationSyntax method when method.ExpressionBody != null:
                        return method.WithExpressionBody(null).WithSemicolonToken(default)
                            .WithBody(Body(method.ExpressionBody.Expression, eviction, returns, method.SemicolonToken))
                            .WithAdditionalAnnotations(Formatter.Annotation);
                    case LocalFunctionStatementSyntax function when function.ExpressionBody != null:
                        return function.WithExpressionBody(null).WithSemicolonToken(default)
                            .WithBody(Body(function.ExpressionBody.Expression, eviction, returns, function.SemicolonToken))
                            .WithAdditionalAnnotations(Formatter.Annotation);
                    case AccessorDeclarationSyntax accessor when accessor.ExpressionBody != null:
                        return accessor.WithExpressionBody(null).WithSemicolonToken(default)
                            .WithBody(Body(accessor.ExpressionBody.Expression, eviction, returns, accessor.SemicolonToken))
                            .WithAdditionalAnnotations(Formatter.Annotation);
                    default:
                        return owner;
                }
            }

            private static BlockSyntax Body(ExpressionSyntax expression, StatementSyntax eviction, bool returnsValue, SyntaxToken semicolon)
            {
                var block = SyntaxFactory.Block(eviction, Statement(expression, returnsValue));
                return block.WithCloseBraceToken(block.CloseBraceToken.WithTrailingTrivia(semicolon.TrailingTrivia));
            }

            private static SyntaxNode LambdaToBlock(AnonymousFunctionExpressionSyntax lambda, StatementSyntax eviction, bool returnsValue)
            {
                if (lambda.ExpressionBody is not { } expression)
                {
                    return lambda;
                }

                var block = SyntaxFactory.Block(eviction, Statement(expression, returnsValue)).WithAdditionalAnnotations(Formatter.Annotation);
                return lambda switch
                {
                    SimpleLambdaExpressionSyntax simple => simple.WithExpressionBody(null).WithBlock(block),
                    ParenthesizedLambdaExpressionSyntax parenthesized => parenthesized.WithExpressionBody(null).WithBlock(block),
                    _ => lambda,
                };
            }

            private static StatementSyntax Statement(ExpressionSyntax expression, bool returnsValue) =>
                returnsValue
                    ? SyntaxFactory.ReturnStatement(expression.WithoutTrivia())
                    : SyntaxFactory.ExpressionStatement(expression.WithoutTrivia());

            /// <summary>Whether an expression body is the returned value (not for void, nor for an async method returning a plain Task).</summary>
            private static bool ReturnsValue(IMethodSymbol? method)
            {
                if (method == null || method.ReturnsVoid)
                {
                    return false;
                }

                return !(method.IsAsync && method.ReturnType is INamedTypeSymbol { Arity: 0, Name: "Task" or "ValueTask" });
            }

            // The new constant is private: only code inside the field's type (or a type nested in it) can name it.
            private static bool IsWithin(ISymbol? enclosing, INamedTypeSymbol fieldType)
            {
                for (var type = enclosing as INamedTypeSymbol ?? enclosing?.ContainingType; type != null; type = type.ContainingType)
                {
                    if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, fieldType.OriginalDefinition))
                    {
                        return true;
                    }
                }

                return false;
            }

            private static bool TryGetSite(SyntaxNode node, out ExpressionSyntax growth, out ExpressionSyntax receiver)
            {
                growth = null!;
                receiver = null!;
                switch (node)
                {
                    case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation
                        when access.IsKind(SyntaxKind.SimpleMemberAccessExpression) &&
                             !CollectionKnowledge.IsRangeGrowth(access.Name.Identifier.ValueText):
                        growth = invocation;
                        receiver = access.Expression;
                        break;
                    case AssignmentExpressionSyntax { Left: ElementAccessExpressionSyntax element } assignment
                        when assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) || assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression):
                        growth = assignment;
                        receiver = element.Expression;
                        break;
                    default:
                        return false;
                }

                return IsSimpleReceiver(receiver);
            }

            // The eviction repeats the receiver: only names, this.name and Type.name evaluate the same twice.
            private static bool IsSimpleReceiver(ExpressionSyntax receiver) => receiver switch
            {
                IdentifierNameSyntax => true,
                MemberAccessExpressionSyntax access => access.IsKind(SyntaxKind.SimpleMemberAccessExpression) &&
                    (access.Expression is ThisExpressionSyntax || IsSimpleReceiver(access.Expression)),
                _ => false,
            };

            /// <summary>Where an eviction certainly runs just before the growth call.</summary>
            private static bool HasPlace(ExpressionSyntax growth)
            {
                switch (growth.Parent)
                {
                    case ExpressionStatementSyntax statement:
                        return IsPlaceable(statement);
                    case ReturnStatementSyntax statement:
                        return IsPlaceable(statement);
                    case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax local } } }:
                        return local.UsingKeyword.IsKind(SyntaxKind.None) && local.Parent is BlockSyntax or SwitchSectionSyntax;
                    case ArrowExpressionClauseSyntax arrow:
                        return arrow.Parent is MethodDeclarationSyntax or LocalFunctionStatementSyntax or OperatorDeclarationSyntax or ConversionOperatorDeclarationSyntax ||
                               (arrow.Parent is AccessorDeclarationSyntax && arrow.Parent.Parent?.Parent is not IndexerDeclarationSyntax);
                    case AnonymousFunctionExpressionSyntax:
                        return true;
                    default:
                        return false;
                }
            }

            // A labeled statement keeps its label: the eviction cannot go in front of it.
            private static bool IsPlaceable(StatementSyntax statement) =>
                statement.Parent is BlockSyntax or SwitchSectionSyntax or IfStatementSyntax or ElseClauseSyntax or
                    WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax or
                    UsingStatementSyntax or LockStatementSyntax or FixedStatementSyntax;

            private static string ConstantName(IFieldSymbol field, SemanticModel model, int position, HashSet<string> usedNames)
            {
                var name = field.Name;
                if (name.Length > 2 && name[1] == '_' && name[0] is 'm' or 's' or 't')
                {
                    name = name.Substring(2);
                }

                name = name.TrimStart('_');
                if (name.Length == 0)
                {
                    name = "Items";
                }

                var baseName = "Max" + char.ToUpperInvariant(name[0]) + name.Substring(1) + "Count";
                var candidate = baseName;
                for (int i = 2; usedNames.Contains(candidate) || !model.LookupSymbols(position, field.ContainingType, candidate).IsEmpty || System.Linq.Enumerable.Contains(field.ContainingType.MemberNames, candidate); i++)
                {
                    candidate = baseName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                return candidate;
            }
        }
    }
}
