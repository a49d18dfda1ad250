using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MemRules.Analyzers.CodeFixes.Shared;
using MemRules.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace MemRules.Analyzers.CodeFixes.Rules
{
    /// <summary>
    /// MEM006: adds <c>publisher.Event -= Handler;</c> to the type's disposal (see <see cref="DisposalEditor"/>),
    /// or, for a subscription that returns a token, disposes the token there (<see cref="MEM006TokenDisposal"/>).
    /// A constructor-parameter publisher is first kept in a readonly field; a lambda subscribed in the
    /// constructor is first kept in a readonly field of the event's delegate type. No fix when the publisher
    /// is a method parameter or cannot be named again in Dispose, for local-function handlers, for lambdas
    /// outside the only constructor, and where <see cref="DisposalEditor"/> finds no safe place.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MEM006UnsubscribeInDisposeCodeFix))]
    public sealed class MEM006UnsubscribeInDisposeCodeFix : DisposalCodeFix
    {
        private protected override string Title => "Unsubscribe in Dispose";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(RuleIdentifiers.UnreleasedEventSubscription);

        private protected override (DisposalEditor.Placement Placement, DisposalEditor.Additions Additions)? Build(
            TypeDeclarationSyntax declaration, INamedTypeSymbol type, List<Diagnostic> diagnostics, SyntaxNode root, SemanticModel model, CancellationToken cancellationToken)
        {
            var additions = new DisposalEditor.Additions();
            var names = new HashSet<string>(type.GetMembers().Select(m => m.Name));
            var storedParameters = new Dictionary<IParameterSymbol, string>(SymbolEqualityComparer.Default);
            var assignedInBody = new HashSet<ConstructorDeclarationSyntax>();
            var constructorAssignments = new Dictionary<ConstructorDeclarationSyntax, List<StatementSyntax>>();
            bool singleConstructor = type.InstanceConstructors.Count(c => !c.IsImplicitlyDeclared) == 1;

            foreach (var diagnostic in diagnostics)
            {
                if (diagnostic.Properties.ContainsKey(DiagnosticProperties.MEM006.Token))
                {
                    MEM006TokenDisposal.TryAdd(diagnostic, root, model, type, additions, names, singleConstructor, cancellationToken);
                    continue;
                }

                var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                var assignment = node.FirstAncestorOrSelf<AssignmentExpressionSyntax>(a => a.IsKind(SyntaxKind.AddAssignmentExpression));
                if (assignment?.Left is not MemberAccessExpressionSyntax eventAccess ||
                    !diagnostic.Properties.TryGetValue(DiagnosticProperties.MEM006.Handler, out var handlerKind) ||
                    !diagnostic.Properties.TryGetValue(DiagnosticProperties.MEM006.Publisher, out var publisherKind))
                {
                    continue;
                }

                var constructor = assignment.FirstAncestorOrSelf<ConstructorDeclarationSyntax>();
                string? publisher;
                if (publisherKind == DiagnosticProperties.MEM006.ConstructorParameterPublisher)
                {
                    // Keep the parameter in a readonly field (or reuse the field the constructor already fills).
                    if (!singleConstructor || constructor?.Body == null ||
                        model.GetSymbolInfo(eventAccess.Expression, cancellationToken).Symbol is not IParameterSymbol parameter)
                    {
                        continue;
                    }

                    publisher = StoredIn(constructor, parameter, model, cancellationToken);
                    if (publisher == null && !storedParameters.TryGetValue(parameter, out publisher))
                    {
                        publisher = "_" + parameter.Name.TrimStart('@', '_');
                        if (!names.Add(publisher))
                        {
                            continue;
                        }

                        storedParameters.Add(parameter, publisher);
                        additions.Fields.Add(Field(parameter.Type.ToMinimalDisplayString(model, declaration.SpanStart), publisher));
                        if (!constructorAssignments.TryGetValue(constructor, out var list))
                        {
                            list = new List<StatementSyntax>();
                            constructorAssignments.Add(constructor, list);
                        }

                        list.Add(DisposalEditor.Statement($"{publisher} = {parameter.Name};"));
                    }
                }
                else if (publisherKind is DiagnosticProperties.MEM006.StaticPublisher or DiagnosticProperties.MEM006.StaticMemberPublisher or DiagnosticProperties.MEM006.FieldPublisher or DiagnosticProperties.MEM006.MemberPublisher && IsNameableInDispose(eventAccess.Expression, model, cancellationToken))
                {
                    publisher = eventAccess.Expression.WithoutTrivia().ToString();
                }
                else
                {
                    continue;
                }

                string handler;
                if (handlerKind == DiagnosticProperties.MEM006.MethodHandler)
                {
                    handler = assignment.Right.WithoutTrivia().ToString();
                }
                else if (handlerKind == DiagnosticProperties.MEM006.LambdaHandler && singleConstructor && constructor != null &&
                         assignment.Parent is ExpressionStatementSyntax { Parent: BlockSyntax } statement &&
                         model.GetSymbolInfo(eventAccess, cancellationToken).Symbol is IEventSymbol @event)
                {
                    // Keep the lambda in a field so that Dispose can remove exactly that delegate.
                    handler = UniqueName(names, "_" + char.ToLowerInvariant(@event.Name[0]) + @event.Name.Substring(1) + "Handler");
                    additions.Fields.Add(Field(@event.Type.ToMinimalDisplayString(model, declaration.SpanStart), handler));
                    var lambda = assignment.Right.WithoutTrivia();
                    var subscribe = eventAccess.WithoutTrivia().ToString();
                    var keep = SyntaxFactory.ExpressionStatement(SyntaxFactory.AssignmentExpression(
                        SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName(handler), lambda));
                    additions.Edits.Add((statement, current => new SyntaxNode[]
                    {
                        keep.WithLeadingTrivia(current.GetLeadingTrivia()).WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed).WithAdditionalAnnotations(Formatter.Annotation),
                        SyntaxFactory.ParseStatement($"{subscribe} += {handler};").WithLeadingTrivia(current.GetLeadingTrivia()).WithTrailingTrivia(current.GetTrailingTrivia()),
                    }));
                }
                else
                {
                    continue;
                }

                var unsubscribe = $"{publisher}.{eventAccess.Name.Identifier.ValueText} -= {handler};";
                var mayBeNull = publisherKind is DiagnosticProperties.MEM006.FieldPublisher or DiagnosticProperties.MEM006.MemberPublisher ? MayBeNullRoot(eventAccess.Expression, model, singleConstructor, cancellationToken) : null;
                additions.Sync.Add(DisposalEditor.Statement(mayBeNull == null ? unsubscribe : $"if ({mayBeNull} != null)\n{{\n    {unsubscribe}\n}}"));
            }

            foreach (var pair in constructorAssignments)
            {
                var statements = pair.Value;
                additions.Edits.Add((pair.Key.Body!, current =>
                {
                    var body = (BlockSyntax)current;
                    return new[] { body.WithStatements(body.Statements.InsertRange(0, statements)) };
                }));
            }

            if (additions.IsEmpty)
            {
                return null;
            }

            var placement = DisposalEditor.Plan(type, declaration, model.Compilation, needsSync: true, needsAwait: false);
            return placement == null ? null : (placement, additions);
        }

        /// <summary>The field the constructor already stores <paramref name="parameter"/> in (<c>_source = source;</c>), if any.</summary>
        private static string? StoredIn(ConstructorDeclarationSyntax constructor, IParameterSymbol parameter, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (var statement in constructor.Body!.Statements)
            {
                if (statement is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } stored } &&
                    SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(stored.Right, cancellationToken).Symbol, parameter) &&
                    model.GetSymbolInfo(stored.Left, cancellationToken).Symbol is IFieldSymbol { IsStatic: false } field &&
                    SymbolEqualityComparer.Default.Equals(field.ContainingType, parameter.ContainingType))
                {
                    return field.Name;
                }
            }

            return null;
        }

        /// <summary>The publisher can be written again in Dispose: only fields, properties and types, no locals, parameters or calls.</summary>
        private static bool IsNameableInDispose(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (var node in expression.DescendantNodesAndSelf())
            {
                switch (node)
                {
                    case InvocationExpressionSyntax or ObjectCreationExpressionSyntax or ElementAccessExpressionSyntax or ConditionalAccessExpressionSyntax:
                        return false;
                    case SimpleNameSyntax name:
                        var symbol = model.GetSymbolInfo(name, cancellationToken).Symbol;
                        if (symbol is null or ILocalSymbol or IParameterSymbol or IRangeVariableSymbol)
                        {
                            return false;
                        }

                        break;
                }
            }

            return true;
        }

        /// <summary>
        /// The field or property at the root of the publisher when it may be null in Dispose (not a readonly
        /// field that the only constructor fills): Dispose then checks it first.
        /// </summary>
        private static string? MayBeNullRoot(ExpressionSyntax publisher, SemanticModel model, bool singleConstructor, CancellationToken cancellationToken)
        {
            var root = publisher;
            while (root is MemberAccessExpressionSyntax access && access.Expression is not ThisExpressionSyntax)
            {
                root = access.Expression;
            }

            var symbol = model.GetSymbolInfo(root, cancellationToken).Symbol;
            var rootType = symbol switch
            {
                IFieldSymbol { IsStatic: false } field when !(field.IsReadOnly && singleConstructor) => field.Type,
                IPropertySymbol { IsStatic: false } property => property.Type,
                _ => null,
            };
            return rootType == null || rootType.IsValueType ? null : root.WithoutTrivia().ToString();
        }

        internal static string UniqueName(HashSet<string> names, string name)
        {
            var candidate = name;
            for (int i = 2; !names.Add(candidate); i++)
            {
                candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return candidate;
        }

        private static MemberDeclarationSyntax Field(string type, string name) =>
            SyntaxFactory.ParseMemberDeclaration($"private readonly {type} {name};")!
                .WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed);
    }
}
